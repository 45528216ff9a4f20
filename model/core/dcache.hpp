// fs/dcache.c: the dentry cache operations the races turn on, E1 form
// (2.6.0). Each function documents its locking as the kernel
// does; a function that takes dcache_lock around a few field updates is one
// visible step touching the hash chain and the dentry.
#pragma once
#include <string>

#include "model/core/kernel.hpp"

namespace dcsim::model {

Dentry* d_alloc(Kernel& k, Dentry* parent, const std::string& name);
void d_instantiate(Kernel& k, Dentry* dentry, Inode* inode);
void d_rehash(Kernel& k, Dentry* dentry);
void d_add(Kernel& k, Dentry* dentry, Inode* inode);
void d_drop(Kernel& k, Dentry* dentry);
Dentry* __d_lookup(Kernel& k, Dentry* parent, const std::string& name);
Dentry* d_lookup(Kernel& k, Dentry* parent, const std::string& name);
Dentry* dget(Kernel& k, Dentry* dentry);
// `owned`: the reference is one the current thread took (false: a
// vfsmount's or the file system's own).
void dput(Kernel& k, Dentry* dentry, bool owned = true);
void d_delete(Kernel& k, Dentry* dentry);
int d_invalidate(Kernel& k, Dentry* dentry);

// Builds the initial tree (no visible steps): a hashed, pinned dentry.
Dentry* d_alloc_setup(Kernel& k, Dentry* parent, const std::string& name, Inode* inode);

}  // namespace dcsim::model
