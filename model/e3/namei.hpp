// fs/namei.c of Linux 4.7 (E3) and the syscalls on top.
// The locking rule of the era:
//   - path walk: lookup_fast (hash + ->d_revalidate, no directory lock);
//     on a miss lookup_slow: i_rwsem SHARED, d_alloc_parallel, ->lookup only
//     on an in-lookup dentry;
//   - open's last component (do_last): i_rwsem exclusive with O_CREAT, else
//     SHARED, then lookup_open, which calls ->atomic_open on an in-lookup
//     dentry or on a hashed negative one that passed revalidation: several
//     threads may be inside ->atomic_open on the same dentry.
//   - __lookup_hash: i_rwsem exclusive; "the one and only case when ->lookup()
//     gets called on non in-lookup dentries".
#pragma once
#include <string>

#include "model/core/kernel.hpp"
#include "model/core/namei.hpp"

namespace dcsim::model::e3 {

// include/linux/namei.h (4.7) values.
inline constexpr unsigned LOOKUP_DIRECTORY = 0x0002;
inline constexpr unsigned LOOKUP_OPEN = 0x0100;
inline constexpr unsigned LOOKUP_CREATE = 0x0200;
inline constexpr unsigned LOOKUP_EXCL = 0x0400;

// The part of struct file that ->atomic_open fills in.
struct OpenFile {
  bool opened = false;         // FILE_OPENED: finish_open() ran
  bool no_open = false;        // finish_no_open() ran ...
  Dentry* dentry = nullptr;    // ... with this counted reference (NULL: use the VFS's)
};

struct DentryOperations {
  // >0 valid, 0 invalid, <0 error. `flags` are the LOOKUP_* of the walk.
  int (*d_revalidate)(Kernel&, Dentry*, unsigned flags) = nullptr;
  const char* name = "";
};

struct InodeOperations {
  // NULL (use `dentry`), another dentry (counted), or -errno.
  ErrOr<Dentry*> (*lookup)(Kernel&, Inode* dir, Dentry* dentry, unsigned flags) = nullptr;
  // 0 with file->opened, 1 after finish_no_open(), or -errno.
  int (*atomic_open)(Kernel&, Inode* dir, Dentry* dentry, OpenFile* file, unsigned open_flags) =
      nullptr;
};

// fs/open.c (4.7) finish_no_open: hand `dentry` (a counted reference, or
// NULL for the VFS's own) back for the VFS to finish the open.
int finish_no_open(OpenFile* file, Dentry* dentry);

// DECLARE_WAIT_QUEUE_HEAD_ONSTACK(wq) in `function`: whoever sleeps on it
// waits for this thread. Kept in the kernel's arena: a sleeper's gate may
// still point at it after the frame returned (its lifetime is not tracked).
sim::WaitQueue* on_stack_wait_queue(Kernel& k, std::string_view function);

ErrOr<Dentry*> lookup_slow(Kernel& k, Dentry* dir, const std::string& name, unsigned flags);
ErrOr<Dentry*> __lookup_hash(Kernel& k, const std::string& name, Dentry* base, unsigned flags);

int sys_stat(Kernel& k, const std::string& path);
int sys_lstat(Kernel& k, const std::string& path);
int sys_open(Kernel& k, const std::string& path, unsigned flags);  // opens and closes

}  // namespace dcsim::model::e3
