// fs/namei.c and the syscalls on top of it, E1 form (2.6.0) and E2
// form (2.6.22), which differ in the directory lock
// (i_sem, i_mutex) and in do_revalidate's error status. The locking rule of
// both eras:
//   - path walk: __d_lookup + ->d_revalidate WITHOUT the parent's i_sem;
//     on a miss, real_lookup() takes i_sem around d_lookup + ->lookup;
//   - lookup_hash (unlink, rmdir, mkdir, open O_CREAT): the caller holds
//     the parent's i_sem across cached_lookup (->d_revalidate included) and
//     ->lookup.
// So ->d_revalidate cannot know whether i_sem is held: the root of seed 003.
#pragma once
#include <fcntl.h>

#include <string>
#include <vector>

#include "model/core/kernel.hpp"

namespace dcsim::model {

struct NameiData {
  Dentry* dentry = nullptr;  // the result (or the parent, with LOOKUP_PARENT)
  std::string last;          // the last component, with LOOKUP_PARENT
};

inline constexpr unsigned LOOKUP_FOLLOW = 0x0001;
inline constexpr unsigned LOOKUP_PARENT = 0x0010;

// open(2) flags: <fcntl.h> gives the kernel's values.
static_assert(O_CREAT == 0100 && O_EXCL == 0200 && O_DIRECTORY == 0200000);

// Returns 0 or -errno; on success nd->dentry holds a reference.
int path_lookup(Kernel& k, const std::string& path, unsigned flags, NameiData* nd);
ErrOr<Dentry*> lookup_hash(Kernel& k, const std::string& name, Dentry* base);

// The syscalls a scenario can issue. Each returns 0 or -errno.
int sys_stat(Kernel& k, const std::string& path);
int sys_lstat(Kernel& k, const std::string& path);
int sys_open(Kernel& k, const std::string& path, unsigned flags);  // opens and closes
int sys_unlink(Kernel& k, const std::string& path);
int sys_mkdir(Kernel& k, const std::string& path);
int sys_rmdir(Kernel& k, const std::string& path);

// Splits "/a/b" into {"a", "b"}; an empty list is the root.
std::vector<std::string> split_path(const std::string& path);

}  // namespace dcsim::model
