// PCT behind the Strategy interface (strategy/strategy.hpp).
#include <fmt/format.h>

#include "explorer/pct/pct.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/plural.hpp"

namespace dcsim::explorer {

namespace {
class Pct : public SearchStrategy {
 public:
  ExploreResult explore(const sim::Program& program, const SearchPlan& plan,
                        const RunHooks& hooks) const override {
    return explore_pct(program, plan, hooks);
  }
  std::unique_ptr<Split> split(const sim::Program& program, const SearchPlan& plan,
                               const RunHooks&) const override {
    return split_samples(plan, [&program](const SearchPlan& p, const RunHooks& h, SampleRange r) {
      return explore_pct(program, p, h, r);
    });
  }
  bool samples() const override { return true; }
  std::string describe(const SearchPlan& plan) const override {
    return fmt::format("pct (seed {}, depth {}), {}", plan.seed, plan.pct_depth,
                       counted(plan.sampled_runs, "sampled run"));
  }
  std::string_view covers() const override { return "execution"; }
  std::string_view result_name() const override { return "pct"; }
};
}  // namespace

const SearchStrategy& pct_strategy() {
  static const Pct s;
  return s;
}

}  // namespace dcsim::explorer
