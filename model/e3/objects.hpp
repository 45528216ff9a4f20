// E3's part of the kernel objects (Linux 4.7, include/linux/fs.h and
// dcache.h): the directory lock is the rw-semaphore i_rwsem, i_dir_seq is
// odd while a dentry moves from the in-lookup hash to the primary one, an
// in-lookup dentry points at its owner's wait queue (d_wait), and the
// operation tables take the LOOKUP_* flags (model/e3/namei.hpp).
#pragma once
#include <string_view>

#include "model/core/dentry.hpp"
#include "sim/rwsem.hpp"
#include "sim/sync.hpp"

namespace dcsim::model::e3 {

struct DentryOperations;
struct InodeOperations;

struct InodePart final : InodeEraPart {
  InodePart(sim::Execution& ex, const Inode& inode) : i_rwsem(ex, "i_rwsem of " + inode.path, inode.id) {}
  sim::RwSemaphore i_rwsem;
  unsigned i_dir_seq = 0;
  const InodeOperations* i_op = nullptr;  // E3's table; the core's Inode::i_op is unused in E3
  // include/linux/fs.h (4.7) inode_lock / inode_unlock: down_write / up_write(&i_rwsem)
  void lock_dir() override { i_rwsem.down_write(); }
  void unlock_dir() override { i_rwsem.up_write(); }
  InodeLock lock_named(std::string_view name) override {
    InodeLock l;
    if (name == "i_rwsem") l.rwsem = &i_rwsem;
    return l;
  }
};

struct DentryPart final : DentryEraPart {
  // While DCACHE_PAR_LOOKUP is set, the on-stack wait queue of the lookup
  // that owns the dentry, and that owner.
  sim::WaitQueue* d_wait = nullptr;
  sim::ThreadId in_lookup_owner = sim::kNoThread;
  const DentryOperations* d_op = nullptr;  // E3's table; the core's Dentry::d_op is unused in E3
  unsigned long d_time = 0;  // NFS: the directory's change attribute when last verified
};

struct SuperBlockPart final : SuperBlockEraPart {
  const DentryOperations* s_d_op = nullptr;  // d_alloc gives new dentries this d_op
};

// The E3 parts of objects of an E3 kernel.
inline InodePart* part(const Inode* inode) { return static_cast<InodePart*>(inode->i_era); }
inline DentryPart* part(const Dentry* dentry) { return static_cast<DentryPart*>(dentry->d_era); }
inline const DentryOperations* s_d_op(const SuperBlock* sb) {
  return sb->s_era ? static_cast<const SuperBlockPart*>(sb->s_era)->s_d_op : nullptr;
}

}  // namespace dcsim::model::e3
