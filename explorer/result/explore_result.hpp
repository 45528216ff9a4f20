// What a search found, whatever the strategy: the one result type that
// strategies fill, work units merge, and reports, shards and checkpoints
// write (through result_json.hpp, its one JSON codec).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "explorer/schedule.hpp"
#include "sim/execution.hpp"
#include "sim/lockdep.hpp"

namespace dcsim::explorer {

struct VerdictCounts {
  std::array<std::uint64_t, std::size(sim::kAllVerdicts)> n{};
  std::uint64_t& operator[](sim::Verdict v) { return n[static_cast<std::size_t>(v)]; }
  std::uint64_t operator[](sim::Verdict v) const { return n[static_cast<std::size_t>(v)]; }
  std::uint64_t failures() const;
};

struct FoundFailure {
  sim::Failure failure;
  Schedule schedule;
  unsigned preemptions = 0;
};

struct ExploreResult {
  std::string strategy = "dfs";
  std::uint64_t executions = 0;   // distinct executions explored
  std::uint64_t steps = 0;        // visible steps over those executions
  std::uint64_t reexecuted = 0;   // executions repeated by raising the preemption bound
  VerdictCounts verdicts;
  bool complete = false;          // the whole space (within the preemption bound) was explored
  std::string stopped_by;         // "" if complete; "failure", "max-executions",
                                  // "max-total-steps", "max-time"
  std::optional<unsigned> preemption_bound;
  std::optional<FoundFailure> first_failure;  // first in search order
  // DPOR: executions abandoned as redundant (every enabled thread asleep, or
  // a reversed race that cannot run), and races reversed.
  std::uint64_t blocked = 0;
  std::uint64_t races = 0;
  std::optional<std::uint64_t> seed;         // random and pct
  std::optional<double> probability_bound;   // pct: per run, for a bug of depth d
  // The first schedule met for each verdict kind, by kind.
  std::array<std::optional<Schedule>, std::size(sim::kAllVerdicts)> example;
  // With SearchPlan::lockdep: the lock-order graph of every execution
  // counted, merged in unit order.
  std::optional<sim::LockOrderGraph> lock_order;
};

}  // namespace dcsim::explorer
