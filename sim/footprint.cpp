#include "sim/footprint.hpp"

namespace dcsim::sim {

std::string_view to_string(Access a) {
  switch (a) {
    case Access::Read: return "read";
    case Access::Write: return "write";
    case Access::Acquire: return "acquire";
    case Access::AcquireShared: return "acquire-shared";
    case Access::Release: return "release";
    case Access::Wait: return "wait";
    case Access::Wake: return "wake";
    case Access::Alloc: return "alloc";
    case Access::Free: return "free";
    case Access::Spawn: return "spawn";
    case Access::Join: return "join";
    case Access::Assert: return "assert";
  }
  return "?";
}

std::string_view to_string(Made m) {
  switch (m) {
    case Made::Read: return "read";
    case Made::Update: return "update";
    case Made::CountRead: return "read of a count";
    case Made::AcquireShared: return "shared acquire";
    case Made::Write: return "write";
  }
  return "?";
}

// Any touch lets the step read the object or update its counts; a shared
// acquire needs at least AcquireShared (which commutes only with another);
// a write, or a read of what others update under a read touch, needs a
// touch that conflicts with everything (conflicts() below).
bool covers(Access declared, Made made) {
  const bool reads_only = declared == Access::Read || declared == Access::AcquireShared;
  switch (made) {
    case Made::Read:
    case Made::Update: return true;
    case Made::AcquireShared: return declared != Access::Read;
    case Made::CountRead:
    case Made::Write: return !reads_only;
  }
  return false;
}

bool conflicts(const Touch& a, const Touch& b) {
  if (a.object != b.object || a.object == kNoObject) return false;
  const bool a_read = a.access == Access::Read || a.access == Access::AcquireShared;
  const bool b_read = b.access == Access::Read || b.access == Access::AcquireShared;
  return !(a_read && b_read);
}

bool dependent(const Footprint& a, const Footprint& b) {
  for (const Touch& x : a)
    for (const Touch& y : b)
      if (conflicts(x, y)) return true;
  return false;
}

}  // namespace dcsim::sim
