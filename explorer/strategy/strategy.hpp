// The one interface every search strategy implements, and the registry the
// CLI, the tests and the bench reach them through. A strategy lives in its
// own folder (explorer/dfs/, dpor/, bounded_por/, pct/, random/) with its
// split code; adding one is that folder and one line in strategy.cpp.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/plan/search_plan.hpp"
#include "explorer/result/explore_result.hpp"
#include "explorer/strategy/run_hooks.hpp"
#include "explorer/strategy/tally.hpp"

namespace dcsim::explorer {

class Split;

// Every method reads the immutable plan (what is searched) and the run's
// hooks (how this process watches it), nothing else.

class SearchStrategy {
 public:
  virtual ~SearchStrategy() = default;
  // The search run whole, as one work unit.
  virtual ExploreResult explore(const sim::Program& program, const SearchPlan& plan,
                                const RunHooks& hooks) const = 0;
  // Its work units (split.hpp). Whether to cut at all (split 1, a time
  // budget, a search that ends within the probe) is split_search()'s.
  virtual std::unique_ptr<Split> split(const sim::Program& program, const SearchPlan& plan,
                                       const RunHooks& hooks) const = 0;
  // A sampler draws runs; it has no tree that a probe could run whole.
  virtual bool samples() const { return false; }
  // What the report's "search:" line says of the plan, before its budgets:
  // "dfs, no preemption bound", "pct (seed 1, depth 3), 1000 sampled runs".
  virtual std::string describe(const SearchPlan& plan) const = 0;
  // What a complete search of it explored every one of.
  virtual std::string_view covers() const = 0;
  // The name its result carries (the report's "strategy").
  virtual std::string_view result_name() const = 0;
};

// The strategy `s` runs as under a preemption bound (effective, as the plan
// resolves it): dpor and source-dpor with one are bounded POR.
const SearchStrategy& search_strategy(Strategy s, std::optional<unsigned> preemptions);

// The search of plan.strategy, cut into plan.split work units explored by
// plan.jobs threads (split.hpp, units/run_units.hpp); the result does not
// depend on jobs.
ExploreResult explore_with(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks = {});

// The work units of a search (split.hpp). Split 1, a time budget, and a
// search that ends within plan.split_probe executions are one unit.
std::unique_ptr<Split> split_search(const sim::Program& program, const SearchPlan& plan,
                                    const RunHooks& hooks = {});

}  // namespace dcsim::explorer
