// What every strategy is told: the options a search runs under, filled in
// from the SearchPlan (explorer/plan/) by search_options() alone, and what a
// progress line can learn from it.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sim/execution.hpp"

namespace dcsim::explorer {

// The defaults of a search's options, declared once: the plan, the request
// and these options start from them.
inline constexpr std::uint64_t kDefaultMaxSteps = 10000;  // per execution
inline constexpr std::uint64_t kDefaultSeed = 1;          // random and pct
inline constexpr unsigned kDefaultPctDepth = 3;           // pct's bug depth d
inline constexpr std::size_t kDefaultSplit = 64;          // work units

// What a progress line can say of the search still to come: the fraction of
// the current search tree explored so far, credited node by node along the
// current path (see estimate_fraction() in tally.hpp).
struct TreeEstimate {
  double fraction = 0;      // (0, 1]; 0: nothing known yet
  std::uint64_t runs = 0;   // executions run in this tree, re-run and cut short ones included
  std::string scope;        // "" for the whole search, else e.g. "bound 1 of 2"
};

struct ExploreOptions {
  std::uint64_t max_steps = kDefaultMaxSteps;  // per execution
  std::uint64_t max_executions = 0;         // 0: no bound
  std::optional<unsigned> preemptions;      // no value: unbounded
  std::uint64_t seed = kDefaultSeed;        // random and pct
  unsigned pct_depth = kDefaultPctDepth;    // pct: the bug depth d
  bool stop_on_failure = true;
  // Only failures of this kind stop the search and become first_failure
  // (bisect --verdict); other failures are counted and passed over.
  std::optional<sim::Verdict> failure_kind;
  // Likewise, only failures raised in this kernel function (the failure's
  // `function`, e.g. d_splice_alias): a scenario's expect.function.
  std::optional<std::string> failure_function;
  sim::StackPool* stacks = nullptr;
  // Called after every execution with the running totals (progress lines).
  std::function<void(std::uint64_t executions, std::uint64_t failures)> progress;
  // Checked with the budgets before each execution: true stops the search
  // (stopped_by "abandoned"), whose result the caller then throws away (a
  // work unit no longer needed, an interrupt).
  std::function<bool()> abandon;
  // Search budgets (0: none), checked before each execution: visible steps
  // over all executions, and wall-clock seconds (the one bound that makes
  // the result depend on time; the report then says stopped_by max-time).
  std::uint64_t max_total_steps = 0;
  double max_seconds = 0;
  // dfs and dpor keep this up to date before each progress call.
  TreeEstimate* estimate = nullptr;
  // When set, a failure counts (stops the search, becomes first_failure)
  // only if this says so too: --minimize looks for the same failure.
  std::function<bool(const sim::Execution&)> accept;
  // Work units (split.hpp): the top of the tree is cut into at least this
  // many subtrees (1: the search runs whole); `jobs` OS threads explore them.
  // The result depends on `split`, never on `jobs`.
  std::size_t split = kDefaultSplit;
  // A search that ends within this many executions is not cut (0: always
  // cut): the cut's own cost (a run per unit at least, DPOR's redundant
  // runs, bounded POR's full expansion of the top) would outweigh it.
  std::uint64_t split_probe = 1000;
  unsigned jobs = 1;
  // Record each execution's lock order (sim/lockdep.hpp) into the result.
  bool lockdep = false;
};

// The options of one counted execution of a search: every strategy's run
// loop builds them here, so a search-wide switch (--lockdep) reaches all.
inline sim::ExecutionOptions execution_options(const ExploreOptions& o, sim::StackPool* stacks) {
  sim::ExecutionOptions eo;
  eo.max_steps = o.max_steps;
  eo.stacks = stacks;
  eo.lockdep = o.lockdep;
  return eo;
}

}  // namespace dcsim::explorer
