// How an execution ended. The runtime records; reports are built elsewhere.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::sim {

enum class Verdict : std::uint8_t {
  Ok,
  Deadlock,
  Bug,            // a model assertion: BUG_ON, WARN_ON, an invariant
  UseAfterFree,
  Expectation,    // a syscall result the scenario did not expect
  StepBound,      // the execution ran past its step bound
  Internal,       // the model itself misbehaved (exit code 3)
};

inline constexpr Verdict kAllVerdicts[] = {Verdict::Ok,          Verdict::Deadlock,
                                           Verdict::Bug,         Verdict::UseAfterFree,
                                           Verdict::Expectation, Verdict::StepBound,
                                           Verdict::Internal};

std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view s);

// One edge of the wait-for graph: `waiter` cannot run until one of
// `waits_for` acts on `object`.
struct WaitEdge {
  ThreadId waiter = kNoThread;
  std::string op;        // the blocked operation: "down", "schedule"
  std::string function;  // kernel function the waiter is blocked in
  ObjectId object = kNoObject;
  std::string relation;  // "held by", "woken only by"
  std::vector<ThreadId> waits_for;
};

struct Failure {
  Verdict kind = Verdict::Ok;
  std::string message;  // one line, e.g. "BUG_ON(!d_unhashed(dentry)) in __d_rehash"
  ThreadId thread = kNoThread;
  std::string function;
  ObjectId object = kNoObject;
  std::uint64_t step = 0;
  std::vector<WaitEdge> cycle;    // deadlock: the cycle, in order
  std::vector<WaitEdge> blocked;  // deadlock: every blocked thread
};

}  // namespace dcsim::sim
