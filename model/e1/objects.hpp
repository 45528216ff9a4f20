// E1's part of the kernel objects (2.5.74/2.6.0, include/linux/fs.h): a
// directory is guarded by the semaphore i_sem.
#pragma once
#include <string_view>

#include "model/core/dentry.hpp"
#include "sim/sync.hpp"

namespace dcsim::model::e1 {

struct InodePart final : InodeEraPart {
  InodePart(sim::Execution& ex, const Inode& inode) : i_sem(ex, "i_sem of " + inode.path, 1, inode.id) {}
  sim::Semaphore i_sem;
  // down(&dir->i_sem) / up(&dir->i_sem) (fs/namei.c, 2.6.0)
  void lock_dir() override { i_sem.down(); }
  void unlock_dir() override { i_sem.up(); }
  InodeLock lock_named(std::string_view name) override {
    InodeLock l;
    if (name == "i_sem") l.sem = &i_sem;
    return l;
  }
};

// The inode's i_sem; the inode is one of an E1 kernel.
inline sim::Semaphore& i_sem(Inode* inode) { return static_cast<InodePart*>(inode->i_era)->i_sem; }

}  // namespace dcsim::model::e1
