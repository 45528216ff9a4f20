// Guarded fiber stacks, pooled across executions: a stateless search creates
// every thread afresh for each execution, and mmap+mprotect per fiber would
// cost more than the execution itself.
#pragma once
#include <boost/context/protected_fixedsize_stack.hpp>
#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

#include "sim/sanitizers.hpp"

namespace dcsim::sim {

class StackPool {
 public:
  explicit StackPool(std::size_t stack_size = kDefaultSize);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;
  std::size_t stack_size() const { return size_; }

#if defined(DCSIM_ASAN) || defined(DCSIM_TSAN)  // instrumented frames are larger
  static constexpr std::size_t kDefaultSize = 1024 * 1024;
#else
  static constexpr std::size_t kDefaultSize = 256 * 1024;
#endif

 private:
  std::size_t size_;
  boost::context::protected_fixedsize_stack alloc_;
  std::vector<boost::context::stack_context> free_;
};

// The StackAllocator concept boost::context::fiber takes, borrowing a pool.
class PooledStack {
 public:
  explicit PooledStack(StackPool& pool) : pool_(&pool) {}
  boost::context::stack_context allocate() { return pool_->allocate(); }
  void deallocate(boost::context::stack_context& sctx) noexcept { pool_->deallocate(sctx); }

 private:
  StackPool* pool_;
};

}  // namespace dcsim::sim
