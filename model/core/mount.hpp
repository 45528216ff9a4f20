// fs/namespace.c and the mount side of fs/namei.c, E2 form (2.6.22): a
// vfsmount grafted on a dentry, found by lookup_mnt() under vfsmount_lock
// and crossed by __follow_mount() during a path walk.
#pragma once
#include <string>

#include "model/core/kernel.hpp"

namespace dcsim::model {

struct VfsMount {
  sim::ObjectId id = sim::kNoObject;
  Dentry* mnt_root = nullptr;
  Dentry* mnt_mountpoint = nullptr;  // holds a reference (counted in its d_count)
  std::string fs_type;
};

// fs/namespace.c (2.6.22) lookup_mnt: the vfsmount mounted on `mountpoint`.
VfsMount* lookup_mnt(Kernel& k, Dentry* mountpoint);
// fs/namei.c (2.6.22) __follow_mount: while the dentry is a mount point,
// trade the reference for one on the mounted root.
Dentry* follow_mount(Kernel& k, Dentry* dentry);
// The vfsmount on `mountpoint`, read without a step (set-up and busy checks).
VfsMount* find_mount(Kernel& k, const Dentry* mountpoint);

// mount(2) of a fresh in-memory file system of type `fs_type` on `path`
// (do_new_mount + graft_tree), and umount(2) of the mount whose root `path`
// names (do_umount). Each returns 0 or -errno.
int sys_mount(Kernel& k, const std::string& path, const std::string& fs_type);
int sys_umount(Kernel& k, const std::string& path);

// Whether a vfsmount sits on the hashed dentry `path` names right now, read
// without a step: what a user's next look at the path would find.
bool path_is_mounted(Kernel& k, const std::string& path);

// Builds a mount at set-up time (no visible steps).
VfsMount* mount_setup(Kernel& k, Dentry* mountpoint, const std::string& fs_type);

}  // namespace dcsim::model
