#include "sim/trace_events.hpp"

namespace dcsim::sim {

const std::string& EventLog::state_of(ObjectId object) const {
  static const std::string none;
  return object < last_state_.size() ? last_state_[object] : none;
}

void EventLog::set_state(std::uint64_t step, ObjectId object, std::string state) {
  if (object >= last_state_.size()) last_state_.resize(object + 1);
  if (last_state_[object] == state) return;
  last_state_[object] = state;
  add(EventKind::State, step, kNoThread, object, state);
}

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::Enter: return "enter";
    case EventKind::Leave: return "leave";
    case EventKind::Step: return "step";
    case EventKind::Acquire: return "acquire";
    case EventKind::AcquireShared: return "acquire_shared";
    case EventKind::Release: return "release";
    case EventKind::Block: return "block";
    case EventKind::Wake: return "wake";
    case EventKind::State: return "state";
  }
  return "?";
}

}  // namespace dcsim::sim
