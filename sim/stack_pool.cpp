#include "sim/stack_pool.hpp"

#include "sim/sanitizers.hpp"

#if defined(DCSIM_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace dcsim::sim {

StackPool::StackPool(std::size_t stack_size) : size_(stack_size), alloc_(stack_size) {}

StackPool::~StackPool() {
  for (auto& s : free_) alloc_.deallocate(s);
}

namespace {
// A fiber abandoned mid-execution leaves ASan's redzone marks on its stack;
// a reused stack must start clean or ASan reports the next fiber's frames.
void unpoison(const boost::context::stack_context& s) {
#if defined(DCSIM_ASAN)
  char* top = static_cast<char*>(s.sp);
  ASAN_UNPOISON_MEMORY_REGION(top - s.size, s.size);
#else
  (void)s;
#endif
}
}  // namespace

boost::context::stack_context StackPool::allocate() {
  if (free_.empty()) return alloc_.allocate();
  boost::context::stack_context s = free_.back();
  free_.pop_back();
  unpoison(s);
  return s;
}

void StackPool::deallocate(boost::context::stack_context& sctx) noexcept {
  unpoison(sctx);
  try {
    free_.push_back(sctx);
  } catch (...) {
    alloc_.deallocate(sctx);
  }
}

}  // namespace dcsim::sim
