// Random walks behind the Strategy interface (strategy/strategy.hpp).
#include <fmt/format.h>

#include "explorer/plan/search_plan.hpp"
#include "explorer/random/random_walk.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/plural.hpp"

namespace dcsim::explorer {

namespace {
class Random : public SearchStrategy {
 public:
  ExploreResult explore(const sim::Program& program, const SearchPlan& plan,
                        const RunHooks& hooks) const override {
    return explore_random(program, plan, hooks);
  }
  std::unique_ptr<Split> split(const sim::Program& program, const SearchPlan& plan,
                               const RunHooks&) const override {
    return split_samples(plan, [&program](const SearchPlan& p, const RunHooks& h, SampleRange r) {
      return explore_random(program, p, h, r);
    });
  }
  bool samples() const override { return true; }
  std::string describe(const SearchPlan& plan) const override {
    return fmt::format("random (seed {}), {}", plan.seed, counted(plan.sampled_runs, "sampled run"));
  }
  std::string_view covers() const override { return "execution"; }
  std::string_view result_name() const override { return "random"; }
};
}  // namespace

const SearchStrategy& random_strategy() {
  static const Random s;
  return s;
}

}  // namespace dcsim::explorer
