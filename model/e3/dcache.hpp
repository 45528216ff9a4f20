// fs/dcache.c of Linux 4.7 (E3): parallel lookups. A
// dentry being looked up under a shared i_rwsem is "in-lookup": flagged
// DCACHE_PAR_LOOKUP, on the in-lookup hash, with d_wait pointing at its
// owner's on-stack wait queue. d_alloc_parallel() hands out either a hashed
// dentry, a finished twin it waited for, or a new in-lookup dentry it owns.
// E1 primitives that did not change in what the model keeps (d_drop,
// d_lookup, dget) are used as they are.
#pragma once
#include <string>

#include "model/core/dcache.hpp"
#include "model/core/kernel.hpp"

namespace dcsim::model::e3 {

inline bool d_in_lookup(const Dentry* d) { return d->d_flags & DCACHE_PAR_LOOKUP; }

Dentry* d_alloc(Kernel& k, Dentry* parent, const std::string& name);
Dentry* d_alloc_parallel(Kernel& k, Dentry* parent, const std::string& name, sim::WaitQueue* wq);
void d_lookup_done(Kernel& k, Dentry* dentry);
void d_add(Kernel& k, Dentry* dentry, Inode* inode);
void d_rehash(Kernel& k, Dentry* entry);
// NULL: `dentry` is the result; another dentry (a counted reference); or -errno.
ErrOr<Dentry*> d_splice_alias(Kernel& k, Inode* inode, Dentry* dentry);
void d_instantiate(Kernel& k, Dentry* dentry, Inode* inode);
void dput(Kernel& k, Dentry* dentry);
void d_invalidate(Kernel& k, Dentry* dentry);

using model::d_drop;
using model::d_lookup;
using model::dget;

}  // namespace dcsim::model::e3
