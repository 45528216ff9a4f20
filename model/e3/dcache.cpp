#include "model/e3/dcache.hpp"

#include "model/e3/rules.hpp"
#include "model/e3/objects.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dcsim::model::e3 {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;

namespace {

std::string who(Kernel& k, sim::ThreadId t) {
  return t == sim::kNoThread ? std::string("the set-up") : k.ex.thread_name(t);
}

// The BUG_ON(!d_unhashed(...)) of __d_rehash and d_splice_alias, naming the
// dentry, the thread that hashed it and the one that hashes it again.
[[noreturn]] void bug_hashed(Kernel& k, std::string_view function, Dentry* d) {
  k.ex.fail(sim::Verdict::Bug,
            fmt::format("BUG_ON(!d_unhashed({})) in {}: {} is already hashed (by {} at step {}); "
                        "{} hashes it again",
                        function == "__d_rehash" ? "entry" : "dentry", function,
                        k.ex.objects().describe(d->id), who(k, d->hashed_by), d->hashed_step,
                        who(k, k.current())),
            d->id);
}

[[noreturn]] void warn_in_lookup(Kernel& k, std::string_view function, Dentry* d) {
  k.ex.fail(sim::Verdict::Bug,
            fmt::format("WARN_ON(d_in_lookup(dentry)) in {}: {} is still in-lookup (owned by {})",
                        function, k.ex.objects().describe(d->id), who(k, part(d)->in_lookup_owner)),
            d->id);
}

void unlink_in_lookup(Kernel& k, Dentry* d) {
  auto& entries = k.in_lookup_chain(d->d_parent, d->name).entries;
  entries.erase(std::remove(entries.begin(), entries.end(), d), entries.end());
}

// fs/dcache.c (4.7) __d_lookup_done: under the in-lookup bucket lock, clear
// DCACHE_PAR_LOOKUP, unhash from the in-lookup hash, wake_up_all(d_wait) and
// forget the wait queue, which lives on the owner's stack.
void __d_lookup_done(Kernel& k, Dentry* d) {
  d->d_flags &= ~DCACHE_PAR_LOOKUP;
  unlink_in_lookup(k, d);
  if (part(d)->d_wait) part(d)->d_wait->wake_up_effect();
  part(d)->d_wait = nullptr;
}

// fs/dcache.c (4.7) __d_rehash, with the BUG_ON of 4.4-4.7 (2.6.0 has none).
void __d_rehash(Kernel& k, Dentry* d) {
  if (!d_unhashed(d)) bug_hashed(k, "__d_rehash", d);
  d->d_flags &= ~DCACHE_UNHASHED;
  k.chain(d->d_parent, d->name).entries.push_back(d);
  d->hashed_by = k.current();
  d->hashed_step = k.ex.step();
}

void set_inode(Dentry* d, Inode* inode) {
  if (!inode) return;
  d->d_inode = inode;
  inode->i_dentry.push_back(d);
  d->on_alias_list = true;
}

// fs/dcache.c (4.7) start_dir_add / end_dir_add: i_dir_seq is odd while an
// in-lookup dentry moves to the primary hash; d_alloc_parallel() retries
// when it changed under it.
unsigned start_dir_add(Inode* dir) {
  const unsigned n = part(dir)->i_dir_seq;
  part(dir)->i_dir_seq = n + 1;
  return n;
}
void end_dir_add(Inode* dir, unsigned n) { part(dir)->i_dir_seq = n + 2; }

// fs/dcache.c (4.7) __d_add. Under dcache.in_lookup_to_hashed=atomic (the
// kernel), the in-lookup state ends before the dentry is hashed, inside
// start_dir_add()/end_dir_add(): d_alloc_parallel() either sees the dentry
// hashed and finished, or sees i_dir_seq move and retries. Under `split`
// (Oleg's reading) it is hashed first and left in-lookup until the owner's
// d_lookup_done().
void __d_add(Kernel& k, Dentry* d, Inode* inode) {
  KernelFunction fn("__d_add");
  Inode* dir = d->d_parent->d_inode;
  HashChain& chain = k.chain(d->d_parent, d->name);
  const bool atomic = k.rules.is(e3::dcache_in_lookup_to_hashed, e3::DcacheInLookupToHashed::atomic);
  const bool was_in_lookup = atomic && d_in_lookup(d);
  unsigned n = 0;
  if (was_in_lookup) {
    HashChain& b = k.in_lookup_chain(d->d_parent, d->name);
    k.ex.visible(Footprint("start_dir_add; __d_lookup_done", {d->id, Access::Write},
                           {dir->id, Access::Write}, {b.id, Access::Write}));
    n = start_dir_add(dir);
    __d_lookup_done(k, d);
    k.ex.result(fmt::format("i_dir_seq {} (odd), no longer in-lookup", part(dir)->i_dir_seq));
  }
  k.ex.visible(was_in_lookup ? Footprint("__d_rehash; end_dir_add", {chain.id, Access::Write},
                                         {d->id, Access::Write}, {dir->id, Access::Write})
                             : Footprint("__d_rehash", {chain.id, Access::Write},
                                         {d->id, Access::Write}));
  set_inode(d, inode);
  {
    KernelFunction rehash("__d_rehash");
    __d_rehash(k, d);
  }
  if (was_in_lookup) end_dir_add(dir, n);
  k.ex.result(fmt::format("hashed {}{}", inode ? "positive" : "negative",
                          d_in_lookup(d) ? ", still in-lookup" : ""));
}

// The unused `new` of d_alloc_parallel(): no one else ever saw it.
void free_private(Kernel& k, Dentry* d) {
  --d->d_parent->d_count;
  k.ex.end_lifetime(d->id);
}

// fs/dcache.c (4.7) d_wait_lookup, entered and left with the twin's d_lock
// held: sleep on its d_wait until its lookup is done. Returns whether the
// twin is hashed when the lookup is done (checked under the same d_lock).
bool d_wait_lookup(Kernel& k, Dentry* twin, sim::WaitQueue* wq) {
  // The waiter never removes its entry: __d_lookup_done() wakes everyone and
  // forgets the queue, whose head dies with the owner's frame.
  KernelFunction fn("d_wait_lookup");
  bool queued = false;
  for (;;) {
    k.ex.visible(queued ? Footprint("d_wait_lookup", {twin->id, Access::Write})
                        : Footprint("d_wait_lookup", {twin->id, Access::Write},
                                    {wq->id(), Access::Write}));
    if (!d_in_lookup(twin)) {
      k.ex.result(d_unhashed(twin) ? "lookup done, unhashed" : "lookup done, hashed");
      return !d_unhashed(twin);
    }
    if (!queued) wq->add_effect();
    queued = true;
    sim::set_current_state(sim::TaskState::Uninterruptible);
    k.ex.result(fmt::format("in-lookup by {}: sleep", who(k, part(twin)->in_lookup_owner)));
    sim::schedule(*wq);
  }
}

// While __d_add is between start_dir_add and end_dir_add, d_alloc_parallel
// only spins (its i_dir_seq recheck fails until the count is even again): a
// gate, so that the spin is a wait and not an endless run of steps.
struct DirSeqEven : sim::Gate {
  explicit DirSeqEven(const Inode* d) : dir(d) {}
  const Inode* dir;
  bool open(const sim::Execution&, sim::ThreadId) const override { return part(dir)->i_dir_seq % 2 == 0; }
  void explain(const sim::Execution&, sim::ThreadId, sim::WaitEdge& edge) const override {
    edge.object = dir->id;
    edge.relation = "i_dir_seq odd (in __d_add) until end_dir_add by";
  }
};

}  // namespace

// fs/dcache.c (4.7) d_alloc: as in E1, plus the super block's d_op.
Dentry* d_alloc(Kernel& k, Dentry* parent, const std::string& name) {
  Dentry* d = model::d_alloc(k, parent, name);
  if (parent->d_inode && parent->d_inode->i_sb) part(d)->d_op = s_d_op(parent->d_inode->i_sb);
  return d;
}

// fs/dcache.c (4.7) d_alloc_parallel.
Dentry* d_alloc_parallel(Kernel& k, Dentry* parent, const std::string& name, sim::WaitQueue* wq) {
  KernelFunction fn("d_alloc_parallel");
  Dentry* fresh = e3::d_alloc(k, parent, name);
  Inode* dir = parent->d_inode;
  HashChain& primary = k.chain(parent, name);
  HashChain& b = k.in_lookup_chain(parent, name);
  const DirSeqEven seq_even(dir);
  for (;;) {
    // rcu_read_lock(); seq = i_dir_seq & ~1; __d_lookup_rcu(); lockref_get_not_dead()
    // and the d_seq recheck, as one step: the kernel retries when the hit's
    // d_seq moved (a rename or unhash between the RCU walk and taking the
    // reference), which cannot happen inside one step, so d_seq is not
    // modelled. Nothing else the races touch reads d_seq (ref-walk only).
    k.ex.visible(Footprint("__d_lookup_rcu", {primary.id, Access::Read}, {dir->id, Access::Read}),
                 &seq_even);
    const unsigned seq = part(dir)->i_dir_seq & ~1u;
    for (Dentry* d : primary.entries) {
      if (d_unhashed(d)) continue;
      ++d->d_count;
      k.ex.result(d_in_lookup(d)
                      ? fmt::format("hit {}, still in-lookup: {} has not finished it",
                                    k.ex.objects().describe(d->id), who(k, part(d)->in_lookup_owner))
                      : fmt::format("hit {}", k.ex.objects().describe(d->id)));
      free_private(k, fresh);
      return d;
    }
    k.ex.result(fmt::format("miss, i_dir_seq {}", part(dir)->i_dir_seq));
    // hlist_bl_lock(b); the i_dir_seq recheck; the in-lookup hash walk.
    k.ex.visible(Footprint("hlist_bl_lock; in-lookup hash walk", {b.id, Access::Write},
                           {dir->id, Access::Read}));
    if (part(dir)->i_dir_seq != seq) {
      k.ex.result(fmt::format("i_dir_seq {} != {}: retry", part(dir)->i_dir_seq, seq));
      continue;
    }
    Dentry* twin = b.entries.empty() ? nullptr : b.entries.front();
    if (!twin) {
      fresh->d_flags |= DCACHE_PAR_LOOKUP;
      part(fresh)->d_wait = wq;
      part(fresh)->in_lookup_owner = k.current();
      b.entries.push_back(fresh);
      k.ex.result(fmt::format("new in-lookup {}", k.ex.objects().describe(fresh->id)));
      return fresh;
    }
    ++twin->d_count;
    k.ex.result(fmt::format("in-lookup twin {}", k.ex.objects().describe(twin->id)));
    if (d_wait_lookup(k, twin, part(twin)->d_wait)) {
      free_private(k, fresh);
      return twin;
    }
    e3::dput(k, twin);  // mismatch: retry
  }
}

// include/linux/dcache.h (4.7) d_lookup_done: a no-op unless still in-lookup.
void d_lookup_done(Kernel& k, Dentry* d) {
  if (!d_in_lookup(d)) return;
  KernelFunction fn("d_lookup_done");
  HashChain& b = k.in_lookup_chain(d->d_parent, d->name);
  k.ex.visible(Footprint("__d_lookup_done", {d->id, Access::Write}, {b.id, Access::Write}));
  if (!d_in_lookup(d)) {
    k.ex.result("already done");
    return;
  }
  __d_lookup_done(k, d);
  k.ex.result("no longer in-lookup");
}

// fs/dcache.c (4.7) d_add = __d_add(entry, inode) (security hook aside).
void d_add(Kernel& k, Dentry* dentry, Inode* inode) {
  KernelFunction fn("d_add");
  __d_add(k, dentry, inode);
}

// fs/dcache.c (4.7) d_rehash: __d_rehash() under the dentry's d_lock, with
// its BUG_ON. Protocol programs call it; the modelled file systems do not.
void d_rehash(Kernel& k, Dentry* entry) {
  KernelFunction fn("d_rehash");
  HashChain& c = k.chain(entry->d_parent, entry->name);
  k.ex.visible(Footprint("d_rehash", {c.id, Access::Write}, {entry->id, Access::Write}));
  {
    KernelFunction rehash("__d_rehash");
    __d_rehash(k, entry);
  }
  k.ex.result("hashed");
}

// fs/dcache.c (4.7) d_splice_alias. The BUG_ON is checked before __d_add
// takes d_lock, so a parallel rehash can still land in between. Directory
// aliases (__d_move/__d_unalias) are not modelled: no scenario reaches them.
ErrOr<Dentry*> d_splice_alias(Kernel& k, Inode* inode, Dentry* dentry) {
  KernelFunction fn("d_splice_alias");
  k.ex.visible(Footprint("d_splice_alias", {dentry->id, Access::Read}));
  if (!d_unhashed(dentry)) bug_hashed(k, "d_splice_alias", dentry);
  k.ex.result("unhashed");
  __d_add(k, dentry, inode);
  return {nullptr, 0};
}

// fs/dcache.c (4.7) d_instantiate: WARNs on an in-lookup dentry.
void d_instantiate(Kernel& k, Dentry* dentry, Inode* inode) {
  if (d_in_lookup(dentry)) {
    KernelFunction fn("d_instantiate");
    warn_in_lookup(k, "d_instantiate", dentry);
  }
  model::d_instantiate(k, dentry, inode);
}

// fs/dcache.c (4.7) dput: the final reference of an in-lookup dentry WARNs.
void dput(Kernel& k, Dentry* dentry) {
  if (dentry && !dentry->pinned && dentry->d_count == 1 && d_in_lookup(dentry)) {
    KernelFunction fn("dput");
    warn_in_lookup(k, "dput", dentry);
  }
  model::dput(k, dentry);
}

// fs/dcache.c (4.7) d_invalidate: never fails in 4.7; for the dentries the
// model has (no submounts, no children) it is d_drop().
void d_invalidate(Kernel& k, Dentry* dentry) {
  KernelFunction fn("d_invalidate");
  model::d_drop(k, dentry);
}

}  // namespace dcsim::model::e3
