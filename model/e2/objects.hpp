// E2's part of the kernel objects (2.6.2x, include/linux/fs.h): a directory
// is guarded by the mutex i_mutex (2.6.16 to 4.6; E4's 3.1x kernels too).
#pragma once
#include <string_view>

#include "model/core/dentry.hpp"
#include "sim/sync.hpp"

namespace dcsim::model::e2 {

struct InodePart final : InodeEraPart {
  InodePart(sim::Execution& ex, const Inode& inode) : i_mutex(ex, "i_mutex of " + inode.path, inode.id) {}
  sim::Mutex i_mutex;
  // mutex_lock(&dir->i_mutex) / mutex_unlock (fs/namei.c, 2.6.22)
  void lock_dir() override { i_mutex.mutex_lock(); }
  void unlock_dir() override { i_mutex.mutex_unlock(); }
  InodeLock lock_named(std::string_view name) override {
    InodeLock l;
    if (name == "i_mutex") l.mutex = &i_mutex;
    return l;
  }
};

inline sim::Mutex& i_mutex(Inode* inode) { return static_cast<InodePart*>(inode->i_era)->i_mutex; }

}  // namespace dcsim::model::e2
