#include "model/core/mount.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/core/dcache.hpp"
#include "model/core/ramfs.hpp"
#include "model/core/namei.hpp"

namespace dcsim::model {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;

namespace {

// alloc_vfsmnt + the new super block's root dentry, before anyone sees them.
VfsMount* new_mount(Kernel& k, Dentry* mountpoint, const std::string& fs_type) {
  auto* mnt = k.make<VfsMount>();
  mnt->fs_type = fs_type;
  mnt->id = k.ex.objects().add("vfsmount", fmt::format("vfsmount {} on {}", fs_type, mountpoint->path));
  Dentry* root = k.new_dentry(nullptr, "");
  root->path = fmt::format("{} (root of the {} mount)", mountpoint->path, fs_type);
  root->pinned = true;
  Inode* inode = ramfs::new_inode(k, root->path, true);
  root->d_inode = inode;
  inode->i_dentry.push_back(root);
  root->on_alias_list = true;
  mnt->mnt_root = root;
  mnt->mnt_mountpoint = mountpoint;
  return mnt;
}

// attach_mnt: the mount holds a reference on its mount point.
void attach_effect(Kernel& k, VfsMount* mnt) {
  k.mounts.push_back(mnt);
  ++mnt->mnt_mountpoint->d_mounted;
  ++mnt->mnt_mountpoint->d_count;
}

}  // namespace

VfsMount* find_mount(Kernel& k, const Dentry* mountpoint) {
  for (auto it = k.mounts.rbegin(); it != k.mounts.rend(); ++it)
    if ((*it)->mnt_mountpoint == mountpoint) return *it;
  return nullptr;
}

VfsMount* lookup_mnt(Kernel& k, Dentry* mountpoint) {
  KernelFunction fn("lookup_mnt");
  k.ex.visible(Footprint("lookup_mnt", {k.vfsmount_lock(), Access::Read}));
  VfsMount* mnt = find_mount(k, mountpoint);
  k.ex.result(mnt ? k.ex.objects().describe(mnt->id) : std::string("none"));
  return mnt;
}

Dentry* follow_mount(Kernel& k, Dentry* dentry) {
  // d_mountpoint() is a plain read of d_mounted, as in the kernel.
  while (d_mountpoint(dentry)) {
    KernelFunction fn("__follow_mount");
    VfsMount* mnt = lookup_mnt(k, dentry);
    if (!mnt) break;
    Dentry* root = dget(k, mnt->mnt_root);
    dput(k, dentry);
    dentry = root;
  }
  return dentry;
}

bool path_is_mounted(Kernel& k, const std::string& path) {
  Dentry* cur = k.root;
  for (const std::string& part : split_path(path)) {
    Dentry* next = nullptr;
    for (Dentry* d : k.chain(cur, part).entries)
      if (!d_unhashed(d)) next = d;
    if (!next) return false;
    if (VfsMount* mnt = find_mount(k, next); mnt && part != split_path(path).back())
      next = mnt->mnt_root;
    cur = next;
  }
  return d_mountpoint(cur);
}

VfsMount* mount_setup(Kernel& k, Dentry* mountpoint, const std::string& fs_type) {
  VfsMount* mnt = new_mount(k, mountpoint, fs_type);
  attach_effect(k, mnt);
  return mnt;
}

// fs/namespace.c (2.6.22) do_new_mount -> do_add_mount -> graft_tree,
// under namespace_sem and vfsmount_lock: one step.
int sys_mount(Kernel& k, const std::string& path, const std::string& fs_type) {
  KernelFunction fn("sys_mount");
  NameiData nd;
  int err = path_lookup(k, path, LOOKUP_FOLLOW, &nd);
  if (err) return err;
  if (!nd.dentry->d_inode->is_dir) {
    dput(k, nd.dentry);
    return -ENOTDIR;
  }
  VfsMount* mnt = new_mount(k, nd.dentry, fs_type);
  {
    KernelFunction graft("graft_tree");
    k.ex.visible(Footprint("attach_mnt", {k.vfsmount_lock(), Access::Write},
                           {nd.dentry->id, Access::Write}));
    attach_effect(k, mnt);
    k.ex.result(k.ex.objects().describe(mnt->id));
  }
  dput(k, nd.dentry);
  return 0;
}

// fs/namespace.c (2.6.22) sys_umount -> do_umount -> umount_tree: only the
// root of a mount can be unmounted; the mount point loses the mount's
// reference.
int sys_umount(Kernel& k, const std::string& path) {
  KernelFunction fn("sys_umount");
  NameiData nd;
  int err = path_lookup(k, path, LOOKUP_FOLLOW, &nd);
  if (err) return err;
  VfsMount* mnt = nullptr;
  for (VfsMount* m : k.mounts)
    if (m->mnt_root == nd.dentry) mnt = m;
  dput(k, nd.dentry);
  if (!mnt) return -EINVAL;
  Dentry* mountpoint = mnt->mnt_mountpoint;
  {
    KernelFunction tree("umount_tree");
    k.ex.visible(Footprint("detach_mnt", {k.vfsmount_lock(), Access::Write},
                           {mountpoint->id, Access::Write}, {mnt->mnt_root->id, Access::Read}));
    // propagate_mount_busy: someone's walk is inside the mount (the root's
    // own reference is the super block's).
    if (mnt->mnt_root->d_count > 1) {
      k.ex.result("EBUSY");
      return -EBUSY;
    }
    k.mounts.erase(std::find(k.mounts.begin(), k.mounts.end(), mnt));
    --mountpoint->d_mounted;
    k.ex.result(k.ex.objects().describe(mnt->id) + " detached");
  }
  // The mount's reference, not one this thread took.
  dput(k, mountpoint, /*owned=*/false);
  return 0;
}

}  // namespace dcsim::model
