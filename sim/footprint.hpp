// The footprint of a visible operation: what it is about to touch, declared
// before it runs. Enabledness and dependence (for DPOR) are computed from it.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "sim/ids.hpp"

namespace dcsim::sim {

enum class Access : std::uint8_t {
  Read,
  Write,
  Acquire,        // exclusive acquire of a lock
  AcquireShared,  // shared acquire (read_lock, down_read)
  Release,
  Wait,  // sleep on a wait queue (schedule())
  Wake,
  Alloc,
  Free,
  Spawn,
  Join,
  Assert,
};

std::string_view to_string(Access a);

// What a step really does to an object, as checked footprints record it
// (sim/shared.hpp) and compare with the declared touches.
enum class Made : std::uint8_t {
  Read,
  // A commutative update of a count or a multiset (++d_count, a holder
  // added): covered by any touch of the object, since two of them commute;
  // what orders them with others is a CountRead, which needs a conflicting touch.
  Update,
  CountRead,      // reading a field that others Update under a read touch
  AcquireShared,  // a shared acquire's effect (a reader added)
  Write,          // also a lifetime's end
};

std::string_view to_string(Made m);
// Whether a declared touch covers what the step made of the object.
bool covers(Access declared, Made made);

struct Touch {
  ObjectId object = kNoObject;
  Access access = Access::Read;
  // False for a read that RCU protects: the object may be freed concurrently
  // and the reader must still be ordered with that, but it is no use-after-free.
  bool lifetime_checked = true;
};

// At most four objects: a kernel step that holds a spinlock across a few
// fields (d_add under dcache_lock, wake_up under a rwlock) is one visible
// operation with each touched object named.
struct Footprint {
  static constexpr std::size_t kMaxTouches = 4;

  std::string_view op;  // the operation as the kernel names it: "down", "__d_lookup", "wake_up"
  std::array<Touch, kMaxTouches> touches{};
  std::uint8_t count = 0;

  Footprint() = default;
  Footprint(std::string_view o, Touch a) : op(o), touches{a}, count(1) {}
  Footprint(std::string_view o, Touch a, Touch b) : op(o), touches{a, b}, count(2) {}
  Footprint(std::string_view o, Touch a, Touch b, Touch c) : op(o), touches{a, b, c}, count(3) {}
  Footprint(std::string_view o, Touch a, Touch b, Touch c, Touch d)
      : op(o), touches{a, b, c, d}, count(4) {}

  const Touch* begin() const { return touches.data(); }
  const Touch* end() const { return touches.data() + count; }
  ObjectId primary() const { return count ? touches[0].object : kNoObject; }
};

// Two touches of one object commute only when both are reads or both take a
// lock shared; everything else on the same object is ordered.
bool conflicts(const Touch& a, const Touch& b);
bool dependent(const Footprint& a, const Footprint& b);

}  // namespace dcsim::sim
