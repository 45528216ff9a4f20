// --minimize: from a failure found by any strategy, a schedule that fails
// the same way with the fewest preemptions, then, among those, the fewest
// steps.
//
// "The same way" is the failure's identity (failure_identity()): its kind
// and message (with any "step N" in it blanked out), the kernel function and object it names, and for a deadlock
// or hang the wait-for edges (waiter, function, operation, object) of its
// cycle, else of every blocked non-daemon thread. Objects are named as the
// report names them, not by id, since ids follow allocation order. The
// thread that hit a BUG or a use-after-free is not part of it: another
// thread at the same site fails the same way.
//
// Search: preemption-bounded DFS raised from 0 to the original's count,
// taking only failures of that identity; the first one found has the fewest
// preemptions (proven when every lower bound was explored completely).
// Then DFS at that bound again with the step bound set just below the best
// found so far, until none is found (the fewest steps, proven) or the
// budget is spent.
//
// When that DFS cannot prove the fewest preemptions within the budget (deep
// bugs: nfs-open-race-4's first failure has 36), the failing schedule itself
// is reduced by delta debugging over its context switches: the schedule's
// runs of one thread are the elements, a candidate keeps some runs in order
// (a thread that cannot run when its run comes loses the rest of that run;
// past the end, the last thread goes on while it can), and each candidate
// is replayed and kept only if it fails the same way. The result is
// 1-minimal in its runs, not proven fewest.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explorer/session.hpp"

namespace dcsim::explorer {

std::string failure_identity(const sim::Execution& ex);

struct MinimizeOptions {
  std::uint64_t max_steps = 10000;        // per execution, as the search had
  std::uint64_t max_executions = 100000;  // over the whole minimization
  double max_seconds = 0;                 // 0: no time bound
  std::uint64_t max_replays = 20000;      // delta debugging's candidates, besides max_executions
  sim::StackPool* stacks = nullptr;
};

struct Minimized {
  FoundFailure failure;          // the original itself when nothing better was found
  std::uint64_t steps = 0;       // of failure.schedule
  std::uint64_t executions = 0;  // run by the minimizer
  bool fewest_preemptions = false;  // every schedule with fewer was explored
  bool fewest_steps = false;        // every shorter one with as many preemptions was
  std::string identity;
  std::string stopped_by;        // "" when both are proven, else the budget that ran out
  // Delta debugging over the schedule's context switches (when the DFS could
  // not prove the fewest preemptions).
  bool reduced = false;
  unsigned reduced_from = 0;     // preemptions before it
  std::size_t replays = 0;       // candidates replayed (counted in executions too)
  bool one_minimal = false;      // dropping any one remaining run loses the failure (within max_replays)
};

// The schedule's runs of one thread; and a schedule that keeps some of them.
std::vector<std::pair<sim::ThreadId, std::size_t>> schedule_runs(const Schedule& s);

// Replays `schedule` tolerantly (see above) and returns what actually ran.
struct TolerantRun {
  Schedule ran;
  unsigned preemptions = 0;
  std::string identity;
};
TolerantRun run_tolerant(const sim::Program& program, const Schedule& schedule, std::uint64_t max_steps,
                         sim::StackPool* stacks);

Minimized minimize(const sim::Program& program, const FoundFailure& original,
                   const MinimizeOptions& options);

// The same on a setup, with the minimized failure replayed for the report.
struct Minimization {
  Minimized result;
  Replay replay;
};
Minimization minimize(const SearchPlan& setup, const FoundFailure& original, MinimizeOptions options);

}  // namespace dcsim::explorer
