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
