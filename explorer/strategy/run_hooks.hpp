// What a run of a search adds to its SearchPlan (plan/search_plan.hpp):
// whether this caller stops at the first failure, where progress goes,
// when to give up, the fiber stacks. None of it is the search's own: the
// plan says what is searched and reported, the hooks how this process
// watches it. Strategies read both, and nothing else.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "explorer/plan/search_plan.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer {

// What a progress line can say of the search still to come: the fraction of
// the current search tree explored so far, credited node by node along the
// current path (see estimate_fraction() in tally.hpp).
struct TreeEstimate {
  double fraction = 0;     // (0, 1]; 0: nothing known yet
  std::uint64_t runs = 0;  // executions run in this tree, re-run and cut short ones included
  std::string scope;       // "" for the whole search, else e.g. "bound 1 of 2"
};

struct RunHooks {
  // A wanted failure stops the search (explore without --all).
  bool stop_on_failure = true;
  // Fiber stacks to reuse; unset: the strategy makes its own.
  sim::StackPool* stacks = nullptr;
  // Called after every execution with the running totals (progress lines).
  std::function<void(std::uint64_t executions, std::uint64_t failures)> progress;
  // Checked with the budgets before each execution: true stops the search
  // (stopped_by "abandoned"), whose result the caller then throws away (a
  // work unit no longer needed, an interrupt).
  std::function<bool()> abandon;
  // dfs and dpor keep this up to date before each progress call.
  TreeEstimate* estimate = nullptr;
  // When set, a failure counts (stops the search, becomes first_failure)
  // only if this says so too: --minimize looks for the same failure.
  std::function<bool(const sim::Execution&)> accept;
};

// The options of one counted execution of a search: every strategy's run
// loop builds them here, so a search-wide switch (--lockdep) reaches all.
inline sim::ExecutionOptions execution_options(const SearchPlan& p, sim::StackPool* stacks) {
  sim::ExecutionOptions eo;
  eo.max_steps = p.max_steps;
  eo.stacks = stacks;
  eo.lockdep = p.lockdep;
  return eo;
}

}  // namespace dcsim::explorer
