#include "model/core/ramfs.hpp"

#include "model/core/dcache.hpp"

namespace dcsim::model::ramfs {

using sim::KernelFunction;

namespace {

// fs/libfs.c (2.6.0) simple_lookup: a miss is a negative dentry, hashed.
ErrOr<Dentry*> simple_lookup(Kernel& k, Inode*, Dentry* dentry) {
  KernelFunction fn("simple_lookup");
  d_add(k, dentry, nullptr);
  return {nullptr, 0};
}

// fs/ramfs/inode.c (2.6.0) ramfs_mknod: instantiate, and pin the dentry
// with an extra reference (dropped again by simple_unlink).
int ramfs_mknod(Kernel& k, Inode* dir, Dentry* dentry, bool is_dir) {
  Inode* inode = new_inode(k, dentry->path, is_dir);
  d_instantiate(k, dentry, inode);
  dget(k, dentry);
  if (is_dir) ++dir->i_nlink;
  return 0;
}

int ramfs_create(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("ramfs_create");
  return ramfs_mknod(k, dir, dentry, false);
}

int ramfs_mkdir(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("ramfs_mkdir");
  return ramfs_mknod(k, dir, dentry, true);
}

// fs/libfs.c (2.6.0) simple_unlink: drop a link and the pinning reference.
int simple_unlink(Kernel& k, Inode*, Dentry* dentry) {
  KernelFunction fn("simple_unlink");
  --dentry->d_inode->i_nlink;
  dput(k, dentry);
  return 0;
}

// fs/libfs.c (2.6.0) simple_rmdir: only an empty directory. Both i_sems are
// held, so the children cannot change under the check.
int simple_rmdir(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("simple_rmdir");
  if (k.has_positive_child(dentry)) return -ENOTEMPTY;
  --dentry->d_inode->i_nlink;
  simple_unlink(k, dir, dentry);
  --dir->i_nlink;
  return 0;
}

}  // namespace

const InodeOperations& dir_inode_operations() {
  static const InodeOperations ops = [] {
    InodeOperations o;
    o.lookup = simple_lookup;
    o.create = ramfs_create;
    o.unlink = simple_unlink;
    o.mkdir = ramfs_mkdir;
    o.rmdir = simple_rmdir;
    return o;
  }();
  return ops;
}

Inode* new_inode(Kernel& k, const std::string& path, bool dir) {
  return k.new_inode(path, dir, dir ? &dir_inode_operations() : nullptr, nullptr);
}

}  // namespace dcsim::model::ramfs
