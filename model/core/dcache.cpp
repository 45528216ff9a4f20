#include "model/core/dcache.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dcsim::model {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;

namespace {

void hash_effect(Kernel& k, Dentry* d) {
  d->d_flags &= ~DCACHE_UNHASHED;
  k.chain(d->d_parent, d->name).entries.push_back(d);
}

void __d_drop_effect(Kernel& k, Dentry* d) {
  if (d_unhashed(d)) return;
  d->d_flags |= DCACHE_UNHASHED;
  auto& entries = k.chain(d->d_parent, d->name).entries;
  entries.erase(std::remove(entries.begin(), entries.end(), d), entries.end());
}

Dentry* lookup_effect(Kernel& k, Dentry* parent, const std::string& name) {
  for (Dentry* d : k.chain(parent, name).entries) {
    if (d->d_parent != parent || d->name != name || d_unhashed(d)) continue;
    ++d->d_count;
    d->holders.push_back(k.current());
    k.ex.result(fmt::format("hit {}", k.ex.objects().describe(d->id)));
    return d;
  }
  k.ex.result("miss");
  return nullptr;
}

// dentry_iput() + d_free(): the dentry becomes negative and its lifetime
// ends; the parent loses the reference d_alloc() gave it.
void kill_effect(Kernel& k, Dentry* d) {
  __d_drop_effect(k, d);
  if (d->d_inode) {
    auto& aliases = d->d_inode->i_dentry;
    aliases.erase(std::remove(aliases.begin(), aliases.end(), d), aliases.end());
    d->d_inode = nullptr;
  }
  d->on_alias_list = false;
  if (d->d_op && d->d_op->d_release) d->d_op->d_release(k, d);
  k.ex.end_lifetime(d->id);
  if (d->d_parent != d) --d->d_parent->d_count;
}

}  // namespace

// fs/dcache.c (2.6.0) d_alloc: a new unhashed negative dentry with one
// reference; it holds a reference on its parent. No one else can see it yet,
// so allocating it is not a scheduling point.
Dentry* d_alloc(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("d_alloc");
  Dentry* d = k.new_dentry(parent, name);
  d->holders.push_back(k.current());
  ++parent->d_count;
  k.ex.note("d_alloc", d->id, "unhashed negative, d_count 1");
  return d;
}

Dentry* d_alloc_setup(Kernel& k, Dentry* parent, const std::string& name, Inode* inode) {
  Dentry* d = k.new_dentry(parent, name);
  d->pinned = true;
  if (parent) ++parent->d_count;
  if (inode) {
    d->d_inode = inode;
    inode->i_dentry.push_back(d);
    d->on_alias_list = true;
  }
  if (parent) hash_effect(k, d);
  return d;
}

// fs/dcache.c (2.6.0) d_instantiate: fills in the inode under dcache_lock.
// BUG()s if the dentry is already on an inode's alias list.
void d_instantiate(Kernel& k, Dentry* dentry, Inode* inode) {
  KernelFunction fn("d_instantiate");
  k.ex.visible(Footprint("d_instantiate", {dentry->id, Access::Write}));
  if (dentry->on_alias_list)
    k.ex.fail(sim::Verdict::Bug,
              fmt::format("BUG() in d_instantiate: {} is already on an alias list",
                          k.ex.objects().describe(dentry->id)),
              dentry->id);
  if (inode) {
    inode->i_dentry.push_back(dentry);
    dentry->on_alias_list = true;
  }
  dentry->d_inode = inode;
  k.ex.result(inode ? "positive" : "negative");
}

// fs/dcache.c (2.6.0) d_rehash: under dcache_lock, clear DCACHE_UNHASHED and
// add to the hash chain. E1 has no check that the dentry was unhashed: a
// double rehash silently corrupts the chain.
void d_rehash(Kernel& k, Dentry* dentry) {
  KernelFunction fn("d_rehash");
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  k.ex.visible(Footprint("d_rehash", {c.id, Access::Write}, {dentry->id, Access::Write}));
  if (!d_unhashed(dentry)) {
    k.ex.result("already hashed (chain corrupted; no check in this era)");
    return;
  }
  hash_effect(k, dentry);
  k.ex.result("hashed");
}

// include/linux/dcache.h (2.6.0) d_add: d_instantiate() then d_rehash(), two
// separate dcache_lock sections.
void d_add(Kernel& k, Dentry* dentry, Inode* inode) {
  KernelFunction fn("d_add");
  d_instantiate(k, dentry, inode);
  d_rehash(k, dentry);
}

// include/linux/dcache.h (2.6.0) d_drop: __d_drop() under dcache_lock; idempotent.
void d_drop(Kernel& k, Dentry* dentry) {
  KernelFunction fn("d_drop");
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  k.ex.visible(Footprint("d_drop", {c.id, Access::Write}, {dentry->id, Access::Write}));
  k.ex.result(d_unhashed(dentry) ? "already unhashed" : "unhashed");
  __d_drop_effect(k, dentry);
}

// A lookup's step reads the chain and, for the dentry it returns, the fields
// its caller tests right after (d_op, d_fsdata) before its next step: the
// dentries on the chain are read too, or a d_op change would commute with
// the lookup that saw the old one. The walk is under RCU: a dentry freed
// meanwhile is passed over, not a use-after-free.
static Footprint chain_lookup(std::string_view op, const HashChain& c) {
  Footprint fp(op, {c.id, Access::Read});
  for (const Dentry* d : c.entries)
    if (fp.count < Footprint::kMaxTouches && !d_unhashed(d))
      fp.touches[fp.count++] = {d->id, Access::Read, /*lifetime_checked=*/false};
  return fp;
}

// fs/dcache.c (2.6.0) __d_lookup: lock-free (RCU) walk of the hash chain;
// never returns an unhashed dentry; a hit takes a reference under d_lock.
// The footprint is the chain: the reference it takes commutes with other
// reference changes, and a final dput() that unhashes writes the chain.
Dentry* __d_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("__d_lookup");
  HashChain& c = k.chain(parent, name);
  k.ex.visible(chain_lookup("__d_lookup", c));
  return lookup_effect(k, parent, name);
}

// fs/dcache.c (2.6.0) d_lookup: __d_lookup() retried under rename_lock; the
// model has no renames, so one pass.
Dentry* d_lookup(Kernel& k, Dentry* parent, const std::string& name) {
  KernelFunction fn("d_lookup");
  HashChain& c = k.chain(parent, name);
  k.ex.visible(chain_lookup("d_lookup", c));
  return lookup_effect(k, parent, name);
}

Dentry* dget(Kernel& k, Dentry* dentry) {
  if (!dentry->pinned) {
    KernelFunction fn("dget");
    k.ex.visible(Footprint("dget", {dentry->id, Access::Write}));
  }
  ++dentry->d_count;
  dentry->holders.push_back(k.current());
  return dentry;
}

namespace {
void drop_holder(Kernel& k, Dentry* d) {
  auto it = std::find(d->holders.begin(), d->holders.end(), k.current());
  if (it != d->holders.end()) d->holders.erase(it);
}
}  // namespace

// fs/dcache.c (2.6.0) dput: atomic_dec_and_lock(d_count, dcache_lock); at
// zero, ->d_delete() (which must not block) may ask to unhash; an unhashed
// dentry is killed, a hashed one stays in the cache unused.
void dput(Kernel& k, Dentry* dentry, bool owned) {
  if (!dentry) return;
  if (dentry->pinned) {
    if (owned) drop_holder(k, dentry);
    --dentry->d_count;
    return;
  }
  KernelFunction fn("dput");
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  k.ex.visible(Footprint("dput", {dentry->id, Access::Write}, {c.id, Access::Write}));
  // Still a holder until the step that drops the reference runs.
  if (owned) drop_holder(k, dentry);
  if (--dentry->d_count > 0) {
    k.ex.result(fmt::format("d_count {}", dentry->d_count));
    return;
  }
  bool unhash = false;
  if (dentry->d_op && dentry->d_op->d_delete) unhash = dentry->d_op->d_delete(k, dentry) != 0;
  if (unhash) __d_drop_effect(k, dentry);
  if (d_unhashed(dentry)) {
    k.ex.result("d_count 0, killed");
    kill_effect(k, dentry);
  } else {
    k.ex.result("d_count 0, kept unused in the cache");
  }
}

// fs/dcache.c (2.6.0) d_delete: with the only reference, the dentry turns
// negative in place and stays hashed; otherwise it is unhashed.
void d_delete(Kernel& k, Dentry* dentry) {
  KernelFunction fn("d_delete");
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  k.ex.visible(Footprint("d_delete", {c.id, Access::Write}, {dentry->id, Access::Write}));
  if (dentry->d_count == 1) {
    if (dentry->d_inode) {
      auto& aliases = dentry->d_inode->i_dentry;
      aliases.erase(std::remove(aliases.begin(), aliases.end(), dentry), aliases.end());
    }
    dentry->d_inode = nullptr;
    dentry->on_alias_list = false;
    k.ex.result("negative in place");
    return;
  }
  __d_drop_effect(k, dentry);
  k.ex.result("unhashed (other references)");
}

// fs/dcache.c (2.6.0) d_invalidate: an unhashed dentry is already invalid; a
// busy directory cannot be invalidated (-EBUSY); otherwise unhash it.
int d_invalidate(Kernel& k, Dentry* dentry) {
  KernelFunction fn("d_invalidate");
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  k.ex.visible(Footprint("d_invalidate", {c.id, Access::Write}, {dentry->id, Access::Write}));
  if (d_unhashed(dentry)) {
    k.ex.result("already unhashed");
    return 0;
  }
  if (dentry->d_count > 1 && dentry->d_inode && dentry->d_inode->is_dir) {
    k.ex.result("EBUSY");
    return -EBUSY;
  }
  __d_drop_effect(k, dentry);
  k.ex.result("unhashed");
  return 0;
}

}  // namespace dcsim::model
