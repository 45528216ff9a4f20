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
  ExploreResult explore(const sim::Program& program, const ExploreOptions& options) const override {
    return explore_pct(program, options);
  }
  std::unique_ptr<Split> split(const sim::Program& program, const ExploreOptions& options) const override {
    return split_samples(options, [&program](const ExploreOptions& o, SampleRange r) { return explore_pct(program, o, r); });
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
