// Bounded POR behind the Strategy interface (strategy/strategy.hpp).
#include <fmt/format.h>

#include "explorer/bounded_por/bounded_por.hpp"
#include "explorer/dpor/dpor.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/split.hpp"

namespace dcsim::explorer {

namespace {
class BoundedPor : public SearchStrategy {
 public:
  // The plan's bound selects bounded POR inside DPOR's search.
  ExploreResult explore(const sim::Program& program, const SearchPlan& plan,
                        const RunHooks& hooks) const override {
    return explore_dpor(program, plan, hooks, DporMode::Source);
  }
  std::unique_ptr<Split> split(const sim::Program& program, const SearchPlan& plan,
                               const RunHooks&) const override {
    return split_dpor(program, plan, DporMode::Source);
  }
  // Named as asked for (dpor or source-dpor): both run this under a bound.
  std::string describe(const SearchPlan& plan) const override {
    return fmt::format("{}, preemption bound {} (bounded POR on source-DPOR)", to_string(plan.strategy),
                       plan.preemptions.value_or(0));
  }
  std::string_view covers() const override { return "Mazurkiewicz trace"; }
  std::string_view result_name() const override { return "bounded-source-dpor"; }
};
}  // namespace

const SearchStrategy& bounded_por_strategy() {
  static const BoundedPor s;
  return s;
}

}  // namespace dcsim::explorer
