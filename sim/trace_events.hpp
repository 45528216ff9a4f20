// The structured event log of one execution, for the visual outputs
// (Perfetto, HTML, DOT): which modelled kernel functions each thread entered
// and left, its visible steps, the locks it took and dropped, when it was
// blocked and who made it runnable again, and the state of the model's
// objects (a dentry hashed, in-lookup, negative, freed) after each step.
//
// Recorded only when ExecutionOptions::events is set; every recording site
// is a branch on a null pointer otherwise. The log stops at the first
// failure: what a thread unwinds through after it is not kernel behaviour.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::sim {

enum class EventKind : std::uint8_t {
  Enter,    // thread entered `text` (a modelled kernel function)
  Leave,    // thread left its innermost function
  Step,     // thread ran visible step `step`: operation `text` on `object`
  Acquire,  // thread now holds lock `object` (exclusively)
  AcquireShared,
  Release,  // thread dropped lock `object`
  Block,    // thread could not run from step `step` on (waiting on `object`, in `text`)
  Wake,     // thread made `other` runnable again by its step `step` (`other` waited on `object`)
  State,    // `object` is in state `text` after step `step`
};

struct SimEvent {
  EventKind kind = EventKind::Step;
  std::uint64_t step = 0;  // the step during which it happened (0: before the first)
  ThreadId thread = kNoThread;
  ThreadId other = kNoThread;
  ObjectId object = kNoObject;
  std::string text;
  std::vector<ObjectId> objects;  // Step: every object its footprint touches
};

class EventLog {
 public:
  void add(EventKind kind, std::uint64_t step, ThreadId thread, ObjectId object = kNoObject,
           std::string_view text = {}, ThreadId other = kNoThread) {
    SimEvent e;
    e.kind = kind;
    e.step = step;
    e.thread = thread;
    e.other = other;
    e.object = object;
    e.text.assign(text);
    events_.push_back(std::move(e));
  }
  // Adds an object to the last event's `objects`.
  void add_touch(ObjectId object) {
    if (!events_.empty()) events_.back().objects.push_back(object);
  }
  const std::vector<SimEvent>& events() const { return events_; }

  // The last state recorded for `object`, "" if none: State events are
  // recorded only when the state changes.
  const std::string& state_of(ObjectId object) const;
  void set_state(std::uint64_t step, ObjectId object, std::string state);

 private:
  std::vector<SimEvent> events_;
  std::vector<std::string> last_state_;  // by object id
};

std::string_view to_string(EventKind k);

}  // namespace dcsim::sim
