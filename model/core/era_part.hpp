// The slots through which an era attaches its own fields to the core's
// kernel objects: the lock an inode's directory is guarded by (i_sem,
// i_mutex, i_rwsem), E3's in-lookup state of a dentry, and so on. Each era
// defines its parts in its folder (model/eN/objects.hpp) and makes them in
// its EraModel (model/core/era.hpp); the core only forwards to them.
#pragma once
#include <string_view>

namespace dcsim::sim {
class Semaphore;
class Mutex;
class RwSemaphore;
}  // namespace dcsim::sim

namespace dcsim::model {

// A lock a protocol program names as `i_sem(PATH)`, `i_mutex(PATH)` or
// `i_rwsem(PATH)`; the pointer of the kind asked for, or all null.
struct InodeLock {
  sim::Semaphore* sem = nullptr;
  sim::Mutex* mutex = nullptr;
  sim::RwSemaphore* rwsem = nullptr;
};

struct InodeEraPart {
  virtual ~InodeEraPart() = default;
  // The directory lock taken exclusively where the era's kernel takes it.
  virtual void lock_dir() = 0;
  virtual void unlock_dir() = 0;
  virtual InodeLock lock_named(std::string_view name) = 0;
};

struct DentryEraPart {
  virtual ~DentryEraPart() = default;
};

struct SuperBlockEraPart {
  virtual ~SuperBlockEraPart() = default;
};

// An era's state of the whole kernel (E4's mounts and work queues).
struct KernelEraPart {
  virtual ~KernelEraPart() = default;
};

}  // namespace dcsim::model
