#include "sim/stack_pool.hpp"

namespace dcsim::sim {

StackPool::StackPool(std::size_t stack_size) : size_(stack_size), alloc_(stack_size) {}

StackPool::~StackPool() {
  for (auto& s : free_) alloc_.deallocate(s);
}

boost::context::stack_context StackPool::allocate() {
  if (free_.empty()) return alloc_.allocate();
  boost::context::stack_context s = free_.back();
  free_.pop_back();
  return s;
}

void StackPool::deallocate(boost::context::stack_context& sctx) noexcept {
  try {
    free_.push_back(sctx);
  } catch (...) {
    alloc_.deallocate(sctx);
  }
}

}  // namespace dcsim::sim
