// What every strategy counts as it runs executions, whichever it is: the
// totals, the first failure, progress, budgets, and the progress estimate.
#pragma once
#include <cstddef>
#include <vector>

#include "explorer/result/explore_result.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/run_hooks.hpp"

namespace dcsim::explorer {

// The bookkeeping every strategy shares: totals, the first failure, progress,
// and whether to stop.
class Tally {
 public:
  Tally(ExploreResult& r, const SearchPlan& p, const RunHooks& h);
  // True when a budget is used up: executions, total steps or time (and
  // says which in the result).
  bool exhausted();
  // Counts one execution; true when the search should stop at this failure.
  bool add(const sim::Execution& ex, unsigned preemptions);
  // Counts one execution cut short as redundant (DPOR): not an execution,
  // but progress is told, so that a run of them can be interrupted.
  void blocked();

 private:
  ExploreResult& r_;
  const SearchPlan& p_;
  const RunHooks& h_;
  double start_ = 0;  // steady clock, read only with a time budget
};

// Whether a failure counts under the plan (its kind, its function) and the
// run's hooks (hooks.accept).
bool wanted(const sim::Execution& ex, const SearchPlan& p, const RunHooks& h);

// The fraction of a search tree explored once the current path's leaf is:
// for each node on the path, from the root, `done` of its `width` branches
// are finished, and each unexplored branch is assumed as large as the
// explored ones at that node (Knuth's estimator, Math. Comp. 1975, along
// the current path instead of a random probe, with the explored part
// credited: the weighted backtrack estimate of Kilby, Slaney, Thiebaux and
// Walsh, AAAI 2006). For DFS the widths are exact; for DPOR a node's width
// is the branches known so far (backtrack set or wakeup tree), which races
// found later can still widen, so the estimate runs low.
struct PathNode {
  std::size_t done = 0, width = 1;
};
double estimate_fraction(const std::vector<PathNode>& path);

}  // namespace dcsim::explorer
