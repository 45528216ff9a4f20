// struct dentry, struct inode and their operation tables, reduced to the
// fields the modelled races turn on (include/linux/dcache.h, fs.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/core/era_part.hpp"
#include "model/core/errno.hpp"
#include "sim/execution.hpp"
#include "sim/ids.hpp"
#include "sim/sync.hpp"

namespace dcsim::model {

class Kernel;
struct Dentry;
struct Inode;

// d_flags bits, with the kernel's values (include/linux/dcache.h).
inline constexpr unsigned DCACHE_AUTOFS_PENDING = 0x0001;
inline constexpr unsigned DCACHE_NFSFS_RENAMED = 0x0002;
inline constexpr unsigned DCACHE_DISCONNECTED = 0x0004;
inline constexpr unsigned DCACHE_UNHASHED = 0x0010;
inline constexpr unsigned DCACHE_PAR_LOOKUP = 0x10000000;  // E3: on the in-lookup hash

struct DentryOperations {
  // >0 valid, 0 invalid (the caller invalidates and looks up again).
  int (*d_revalidate)(Kernel&, Dentry*) = nullptr;
  // Called at the last dput(); must not block. 1 = unhash and free now.
  int (*d_delete)(Kernel&, Dentry*) = nullptr;
  // Called when the dentry is freed (autofs4_dentry_release).
  void (*d_release)(Kernel&, Dentry*) = nullptr;
  const char* name = "";  // "devfs_wait_dops", for traces
};

struct InodeOperations {
  // Called with the parent's i_sem held. Returns NULL (use `dentry`), another dentry, or -errno.
  ErrOr<Dentry*> (*lookup)(Kernel&, Inode* dir, Dentry* dentry) = nullptr;
  int (*create)(Kernel&, Inode* dir, Dentry* dentry) = nullptr;
  int (*unlink)(Kernel&, Inode* dir, Dentry* dentry) = nullptr;
  int (*mkdir)(Kernel&, Inode* dir, Dentry* dentry) = nullptr;
  int (*rmdir)(Kernel&, Inode* dir, Dentry* dentry) = nullptr;
};

struct SuperBlock {
  std::string fs_type;
  void* s_fs_info = nullptr;  // the file system's own per-mount state
  SuperBlockEraPart* s_era = nullptr;  // the era's part, if it has one (model/eN/objects.hpp)
};

struct Inode {
  Inode(sim::Execution& ex, std::string path, bool dir);
  sim::ObjectId id;
  std::string path;  // for reports
  bool is_dir;
  unsigned i_nlink = 1;
  const InodeOperations* i_op = nullptr;
  SuperBlock* i_sb = nullptr;
  std::vector<Dentry*> i_dentry;  // alias list
  void* u = nullptr;              // fs-private (devfs: its devfs_entry)
  // The era's part: its directory lock (i_sem in E1, i_mutex in E2 and E4,
  // i_rwsem in E3) and what only its model reads (EraModel::init_inode).
  InodeEraPart* i_era = nullptr;
};

struct Dentry {
  sim::ObjectId id = sim::kNoObject;
  std::string name;  // d_name
  std::string path;  // for reports
  Dentry* d_parent = nullptr;
  Inode* d_inode = nullptr;
  unsigned d_flags = DCACHE_UNHASHED;
  // The reference count: atomic_t d_count in E1/E2; in E3 d_lockref.count,
  // the count kept under d_lock (lockref). Every change of it here happens
  // inside one visible step, which is what holding d_lock guarantees, so
  // the lock itself is not modelled.
  int d_count = 1;
  void* d_fsdata = nullptr;
  const DentryOperations* d_op = nullptr;
  bool on_alias_list = false;
  int d_mounted = 0;         // vfsmounts on this dentry (E2 struct dentry)
  // The threads holding the counted references a thread took (lookups,
  // dget, d_alloc); references held by the cache, a vfsmount or the file
  // system are counted in d_count only. For the R8 report.
  std::vector<sim::ThreadId> holders;
  // Set-up dentries (the root, directories of the initial tree) are pinned
  // for the whole execution; their reference counts are kept but dget/dput
  // on them are not scheduling points.
  bool pinned = false;
  // The era's part, if it has one (E3: d_wait, its d_op, d_time).
  DentryEraPart* d_era = nullptr;
  // Who hashed the dentry last, and when: BUG reports name both hashers.
  sim::ThreadId hashed_by = sim::kNoThread;
  std::uint64_t hashed_step = 0;
};

inline bool d_unhashed(const Dentry* d) { return d->d_flags & DCACHE_UNHASHED; }
inline bool d_mountpoint(const Dentry* d) { return d->d_mounted != 0; }

// The directory lock of the era, taken and released where the kernel does:
// down/up(&dir->i_sem) in E1, mutex_lock/unlock(&dir->i_mutex) in E2 (the
// inode's era part).
void lock_dir(Inode* dir);
void unlock_dir(Inode* dir);

}  // namespace dcsim::model
