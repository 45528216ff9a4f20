// Which sanitizer the build runs under, for GCC (__SANITIZE_*__) and for
// clang up to 15, which says so through __has_feature only: the fiber
// switches must be announced to AddressSanitizer and ThreadSanitizer, which
// cannot see Boost.Context's stack switches themselves.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define DCSIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DCSIM_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define DCSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DCSIM_TSAN 1
#endif
#endif

#if defined(DCSIM_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace dcsim::sim::tsan {

// ThreadSanitizer keeps a shadow state per fiber: a fiber's accesses
// are then ordered by the switches, as they are by the scheduler.
inline void* create_fiber() {
#if defined(DCSIM_TSAN)
  return __tsan_create_fiber(0);
#else
  return nullptr;
#endif
}
inline void* current_fiber() {
#if defined(DCSIM_TSAN)
  return __tsan_get_current_fiber();
#else
  return nullptr;
#endif
}
inline void switch_to_fiber(void* fiber) {
#if defined(DCSIM_TSAN)
  __tsan_switch_to_fiber(fiber, 0);
#else
  (void)fiber;
#endif
}
inline void destroy_fiber(void* fiber) {
#if defined(DCSIM_TSAN)
  __tsan_destroy_fiber(fiber);
#else
  (void)fiber;
#endif
}

}  // namespace dcsim::sim::tsan
