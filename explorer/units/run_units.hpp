// Running the work units of a split search (split.hpp) on OS threads, and
// merging their results into the result of the search run whole.
//
// Threads take the next unit from a shared counter (work stealing over the
// unit list) and store each result under its unit's index; nothing a thread
// does depends on another's timing except which units it skips as no longer
// needed, and a skipped unit is one the merge never reads. So the merged
// result is the same for any number of threads, any sharding, and any
// interruption followed by a resume.
//
// Threads share only the Program, read-only: Program::setup must be safe to
// call concurrently (ScenarioProgram is; sim's current execution is
// thread_local, and each thread has its own stack pool).
#pragma once
#include <csignal>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "explorer/strategy/split.hpp"

namespace dcsim::explorer {

using UnitResults = std::map<std::size_t, ExploreResult>;

struct UnitPlan {
  unsigned jobs = 1;
  // The units this process explores (--shard); unset: every unit.
  std::function<bool(std::size_t)> mine;
  // Units already explored (--resume): not run again.
  UnitResults known;
  // Called after each unit this process explores, one call at a time, with
  // every result known so far (--checkpoint).
  std::function<void(const UnitResults&)> on_unit;
  // Set (by a signal handler) to stop: running units are abandoned, their
  // partial work lost; the units done are kept.
  const volatile std::sig_atomic_t* interrupt = nullptr;
  // Acts as interrupted once this many units were explored here (tests).
  std::optional<std::size_t> stop_after_units;
};

struct UnitRun {
  UnitResults results;  // known + explored here
  bool interrupted = false;
};

// Explores the units of `plan` that the merge may need.
UnitRun run_units(const Split& split, const SearchPlan& plan, const RunHooks& hooks, const UnitPlan& units);

// A unit the merge needs is missing (a shard not given, an interrupted run).
struct MissingUnit : std::runtime_error {
  explicit MissingUnit(std::size_t u);
  std::size_t unit;
};

// The search's result from its units', in unit order: counts add, the first
// failure is the lowest unit's first; it stops where the search run whole
// stops (a failure with hooks.stop_on_failure, max_executions reached). A unit cut
// by max_executions is explored again with what is left of the budget.
ExploreResult merge_units(const Split& split, const SearchPlan& plan, const RunHooks& hooks,
                          const UnitResults& results);

// Totals over some units only, in unit order (a partial report).
ExploreResult sum_units(const UnitResults& results);

}  // namespace dcsim::explorer
