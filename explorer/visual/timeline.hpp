// One execution laid out in time for the visual outputs: per thread the
// nested kernel functions, its visible steps and its waits; who woke whom;
// which locks each thread held; the state of each lock and dentry over time.
// Built from the execution's EventLog (ExecutionOptions::events) and trace.
//
// Time is the visible step number: step N occupies [N, N+1). A state
// recorded after step N (a dentry hashed, a lock taken in it) holds from
// N+1, and a thread blocked when step N was chosen waits from N.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/execution.hpp"

namespace dcsim::explorer::visual {

enum class SliceKind : std::uint8_t { Function, Step, Wait };

struct Slice {
  SliceKind kind = SliceKind::Step;
  std::string name;  // the function; "op object" for a step; "wait: op object"
  std::uint64_t start = 0, end = 0;  // [start, end); start == end: no step inside
  unsigned depth = 0;
  std::uint64_t step = 0;  // Step: its number
  std::string function;    // Step, Wait: the innermost kernel function
  std::string op;          // Step, Wait
  sim::ObjectId object = sim::kNoObject;
  std::string result;                 // Step: the trace's result
  std::vector<std::string> notes;     // Step: local events after it ("d_alloc dentry /a: ...")
  std::vector<sim::ObjectId> objects;  // Step: every object it touched
};

struct ThreadLane {
  sim::ThreadId thread = sim::kNoThread;
  std::string name;
  bool daemon = false;
  std::vector<Slice> slices;  // parents before their children, in time order
};

struct Flow {
  sim::ThreadId from = sim::kNoThread, to = sim::kNoThread;
  std::uint64_t from_step = 0;  // the waker's step
  std::uint64_t to_step = 0;    // the woken thread's next step; 0 if it never ran again
  sim::ObjectId object = sim::kNoObject;  // what the woken thread waited on
};

struct Interval {
  sim::ObjectId object = sim::kNoObject;
  sim::ThreadId thread = sim::kNoThread;  // holds: the holder
  std::string label;
  std::uint64_t start = 0, end = 0;
};

struct ObjectTrack {
  sim::ObjectId object = sim::kNoObject;
  std::string name;  // "i_sem of /dev", "dentry /dev/foo"
  std::string kind;  // "semaphore", "dentry"
  std::vector<Interval> states;
};

struct Timeline {
  std::uint64_t end = 1;  // one past the last slice
  std::vector<ThreadLane> threads;
  std::vector<Flow> flows;
  std::vector<Interval> holds;     // one per lock held by a thread
  std::vector<ObjectTrack> locks;  // state: "held by A", "read-held by A, B; B waits"
  std::vector<ObjectTrack> dentries;
};

// Throws std::logic_error if the execution did not record events.
Timeline build_timeline(const sim::Execution& ex);

// The state of `object` after `step` ("" when none is recorded: a free lock).
std::string state_after(const Timeline& tl, sim::ObjectId object, std::uint64_t step);

}  // namespace dcsim::explorer::visual
