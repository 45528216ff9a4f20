#include "model/e2/autofs4.hpp"

#include "model/e2/rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>

#include "model/core/dcache.hpp"
#include "model/core/ramfs.hpp"
#include "model/core/invariants.hpp"
#include "model/core/mount.hpp"
#include "model/core/namei.hpp"

namespace dcsim::model::autofs4 {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;
using sim::TaskState;

namespace {

constexpr unsigned AUTOFS_INF_EXPIRING = 1 << 0;  // include/linux/auto_fs4.h autofs_i.h

enum class Notify { None, Mount, Expire };  // enum autofs_notify (NFY_NONE, NFY_MOUNT, NFY_EXPIRE)
enum class PacketType { Missing, Expire };  // autofs_ptype_missing, autofs_ptype_expire_multi

std::string_view to_string(PacketType t) { return t == PacketType::Missing ? "MISSING" : "EXPIRE"; }

// struct autofs_info (fs/autofs4/autofs_i.h): the dentry's d_fsdata. Its
// gate is wait_for_completion(&ino->expire_complete) and the NFY_NONE
// polling loop: open once AUTOFS_INF_EXPIRING is clear.
struct AutofsInfo : sim::Gate {
  sim::ObjectId id = sim::kNoObject;
  Dentry* dentry = nullptr;
  unsigned flags = 0;
  sim::ThreadId expirer = sim::kNoThread;
  bool open(const sim::Execution&, sim::ThreadId) const override {
    return !(flags & AUTOFS_INF_EXPIRING);
  }
  void explain(const sim::Execution&, sim::ThreadId, sim::WaitEdge& edge) const override {
    edge.object = id;
    edge.relation = "AUTOFS_INF_EXPIRING cleared only by";
    if (expirer != sim::kNoThread) edge.waits_for = {expirer};
  }
};

// struct autofs_wait_queue (fs/autofs4/autofs_i.h).
struct AutofsWaitQueue {
  AutofsWaitQueue(sim::Execution& ex, std::string n, int t, PacketType ty, sim::ThreadId by)
      : name(std::move(n)),
        token(t),
        type(ty),
        poster(by),
        id(ex.objects().add("autofs_wait_queue",
                            fmt::format("autofs_wait_queue \"{}\" (token {}, {}, posted by {})",
                                        name, token, to_string(type), ex.thread_name(by)))),
        queue(ex, fmt::format("wait queue \"{}\" (token {}, {})", name, token, to_string(type)), id) {}
  std::string name;
  int token;
  PacketType type;
  sim::ThreadId poster;
  sim::ObjectId id;
  sim::WaitQueue queue;
  bool released = false;  // wq->name == NULL
  // autofs4.mount move-in: the dentry the request was posted for, which the
  // kernel makes the mount point (not in 2.6.2x's struct).
  Dentry* dentry = nullptr;
  int status = -EINTR;
  int wait_ctr = 2;
};

struct Packet {  // struct autofs_packet_missing / _expire_multi
  PacketType type;
  int token;
  std::string name;
};

// The daemon's end of the pipe: read() blocks until a packet is there.
struct Pipe : sim::Gate {
  sim::ObjectId id = sim::kNoObject;
  std::deque<Packet> packets;
  bool open(const sim::Execution&, sim::ThreadId) const override { return !packets.empty(); }
  void explain(const sim::Execution&, sim::ThreadId, sim::WaitEdge& edge) const override {
    edge.object = id;
    edge.relation = "written only by a process needing a mount";
  }
};

// struct autofs_sb_info (fs/autofs4/autofs_i.h), with the lists of every era
// modelled: rehash_list (2.6.26-rc4), active_list and expiring_list (2.6.27).
struct SbInfo {
  explicit SbInfo(sim::Execution& ex, const std::string& at)
      : wq_mutex(ex, "wq_mutex of autofs " + at),
        queues_id(ex.objects().add("autofs queues", "sbi->queues of autofs " + at)),
        lists_id(ex.objects().add("autofs lists", "rehash/active/expiring lists of autofs " + at)) {
    pipe.id = ex.objects().add("pipe", "automount pipe of autofs " + at);
  }
  std::string at;
  std::vector<sim::ThreadId> oz_pgrp;  // the daemon's process group
  sim::Mutex wq_mutex;
  sim::ObjectId queues_id;
  std::vector<AutofsWaitQueue*> queues;
  int next_token = 1;  // autofs4_next_wait_queue
  sim::ObjectId lists_id;
  std::vector<AutofsInfo*> rehash_list, active_list, expiring_list;
  Pipe pipe;
  std::vector<std::string> map;
  // The last set/clear and the last test of each dentry's pending state,
  // for the pending_lock invariant; keyed by object id (deterministic).
  struct PendingAccess {
    std::string lock;
    sim::ThreadId thread = sim::kNoThread;
    std::string function;
  };
  std::map<sim::ObjectId, PendingAccess> pending_changed, pending_tested;
};

SbInfo* autofs4_sbi(Dentry* dentry) {
  return static_cast<SbInfo*>(dentry->d_parent->d_inode->i_sb->s_fs_info);
}
AutofsInfo* autofs4_dentry_ino(Dentry* dentry) { return static_cast<AutofsInfo*>(dentry->d_fsdata); }

// fs/autofs4/autofs_i.h autofs4_oz_mode: the daemon "sees the man behind the curtain".
bool autofs4_oz_mode(Kernel& k, const SbInfo* sbi) {
  return std::find(sbi->oz_pgrp.begin(), sbi->oz_pgrp.end(), k.current()) != sbi->oz_pgrp.end();
}

bool autofs4_ispending(Dentry* dentry) {
  const AutofsInfo* ino = autofs4_dentry_ino(dentry);
  return (dentry->d_flags & DCACHE_AUTOFS_PENDING) || (ino && (ino->flags & AUTOFS_INF_EXPIRING));
}

void erase(std::vector<AutofsInfo*>& list, AutofsInfo* ino) {
  list.erase(std::remove(list.begin(), list.end(), ino), list.end());
}

bool contains(const std::vector<AutofsInfo*>& list, const AutofsInfo* ino) {
  return std::find(list.begin(), list.end(), ino) != list.end();
}

AutofsInfo* autofs4_init_ino(Kernel& k, Dentry* dentry) {
  auto* ino = k.make<AutofsInfo>();
  ino->id = k.ex.objects().add("autofs_info", "autofs_info of " + dentry->path);
  ino->dentry = dentry;
  return ino;
}

int autofs4_revalidate(Kernel& k, Dentry* dentry);
void autofs4_dentry_release(Kernel& k, Dentry* dentry);
const DentryOperations autofs4_dentry_operations = {autofs4_revalidate, nullptr,
                                                    autofs4_dentry_release, "autofs4_dentry_operations"};

// The lock a site holds on the pending state: under autofs4.pending_lock
// fs_lock every site holds sbi->fs_lock; under d_lock, `era_lock`.
const char* pending_lock(Kernel& k, const char* era_lock) {
  return k.rules.is(e2::autofs4_pending_lock, e2::Autofs4PendingLock::fs_lock) ? "sbi->fs_lock" : era_lock;
}

// Invariant pending_lock (seed 001, Ian Kent: the flag "should be set when a
// mount request is to be issued to the daemon and cleared when the request
// completes"): every set, clear and test of a dentry's pending state holds
// the same lock. A thread that changes it, or tests it, under another lock
// than the last other thread's change (or, for a change, test) is not
// serialized with it: a model failure naming both sites.
// The rule is read only while the invariant is checked: it changes nothing else.
void pending_access(Kernel& k, Dentry* dentry, bool change, const char* era_lock, const char* function) {
  if (!k.rules.check_pending_lock) return;
  const char* lock = pending_lock(k, era_lock);
  SbInfo* sbi = autofs4_sbi(dentry);
  const sim::ThreadId me = k.current();
  auto unserialized = [&](const std::map<sim::ObjectId, SbInfo::PendingAccess>& last) -> const SbInfo::PendingAccess* {
    auto it = last.find(dentry->id);
    if (it == last.end() || it->second.thread == me || it->second.lock == lock) return nullptr;
    return &it->second;
  };
  const SbInfo::PendingAccess* other = unserialized(sbi->pending_changed);
  const char* other_what = "changed";
  if (!other && change) {
    other = unserialized(sbi->pending_tested);
    other_what = "tested";
  }
  if (other)
    k.ex.fail(sim::Verdict::Bug,
              fmt::format("pending_lock violated: {} {} the pending state of {} under {}, which {} {} "
                          "under {} in {}: not serialized",
                          k.ex.thread_name(me), change ? "changes" : "tests", k.ex.objects().describe(dentry->id),
                          lock, k.ex.thread_name(other->thread), other_what, other->lock, other->function),
              dentry->id);
  (change ? sbi->pending_changed : sbi->pending_tested)[dentry->id] = {lock, me, function};
}

void set_pending(Kernel& k, Dentry* dentry, bool on, const char* function) {
  pending_access(k, dentry, true, "dentry->d_lock", function);
  k.ex.visible(Footprint(on ? "d_flags |= DCACHE_AUTOFS_PENDING" : "d_flags &= ~DCACHE_AUTOFS_PENDING",
                         {dentry->id, Access::Write}));
  if (on)
    dentry->d_flags |= DCACHE_AUTOFS_PENDING;
  else
    dentry->d_flags &= ~DCACHE_AUTOFS_PENDING;
}

// autofs4_find_wait (fs/autofs4/waitq.c): by name; autofs4.wait_match
// name_and_type keeps a mount request out of an expire's queue.
AutofsWaitQueue* autofs4_find_wait(Kernel& k, SbInfo* sbi, const std::string& name, Notify notify) {
  const bool typed = k.rules.is(e2::autofs4_wait_match, e2::Autofs4WaitMatch::name_and_type) && notify == Notify::Mount;
  for (AutofsWaitQueue* wq : sbi->queues)
    if (!wq->released && wq->name == name && (!typed || wq->type == PacketType::Missing)) return wq;
  return nullptr;
}

// The NFY_NONE polling loop of autofs4_wait (2.6.26-rc4, 2.6.27), sleeping
// until the expire is over or a queue for the name appears.
struct PollGate : sim::Gate {
  PollGate(const SbInfo* s, const AutofsInfo* i, const std::string& n) : sbi(s), ino(i), name(n) {}
  const SbInfo* sbi;
  const AutofsInfo* ino;
  const std::string& name;
  bool open(const sim::Execution& ex, sim::ThreadId t) const override {
    if (ino->open(ex, t)) return true;
    for (const AutofsWaitQueue* wq : sbi->queues)
      if (!wq->released && wq->name == name) return true;
    return false;
  }
  void explain(const sim::Execution& ex, sim::ThreadId t, sim::WaitEdge& edge) const override {
    ino->explain(ex, t, edge);
  }
};

// fs/autofs4/waitq.c (2.6.22-2.6.27) autofs4_wait: under wq_mutex, join the
// queue of the same name or post a new one and notify the daemon; then
// sleep until the daemon's ioctl releases it (wq->name == NULL). Folded:
// wq_mutex is never held across a sleep, so its section is one step, which
// also queues the caller (prepare_to_wait) before the mutex is let go.
int autofs4_wait(Kernel& k, SbInfo* sbi, Dentry* dentry, Notify notify) {
  KernelFunction fn("autofs4_wait");
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  const std::string& name = dentry->name;  // the path below the autofs root
  for (;;) {
    k.ex.visible(Footprint("mutex_lock(wq_mutex); autofs4_find_wait", {sbi->wq_mutex.id(), Access::Acquire},
                           {sbi->queues_id, Access::Write}, {sbi->pipe.id, Access::Write}),
                 &sbi->wq_mutex);
    AutofsWaitQueue* wq = autofs4_find_wait(k, sbi, name, notify);
    if (!wq && notify == Notify::None) {
      k.ex.result("no queue to wait on");
      // 2.6.22 gives up ("Can't wait for an expire if there's no mount");
      // from the rehash list on, NFY_NONE polls until the expire is over.
      if (k.rules.is(e2::autofs4_unhashed_reuse, e2::Autofs4UnhashedReuse::none)) return -ENOENT;
      if (!ino || !(ino->flags & AUTOFS_INF_EXPIRING)) return 0;
      // Poll every HZ/10: on until the expire is over (return 0) or its
      // queue appears (join it).
      PollGate poll(sbi, ino, name);
      k.ex.visible(Footprint("schedule_timeout_interruptible(HZ/10)", {ino->id, Access::Read},
                             {sbi->queues_id, Access::Read}),
                   &poll);
      if (!(ino->flags & AUTOFS_INF_EXPIRING)) return 0;
      continue;
    }
    sim::set_current_state(TaskState::Interruptible);
    if (!wq) {
      const PacketType type = notify == Notify::Mount ? PacketType::Missing : PacketType::Expire;
      wq = k.make<AutofsWaitQueue>(k.ex, name, sbi->next_token++, type, k.current());
      if (notify == Notify::Mount) wq->dentry = dentry;
      wq->queue.set_wakers(sbi->oz_pgrp);
      sbi->queues.push_back(wq);
      // autofs4_notify_daemon: the packet goes down the pipe.
      sbi->pipe.packets.push_back(Packet{type, wq->token, name});
      k.ex.result(fmt::format("posted {}", k.ex.objects().describe(wq->id)));
    } else {
      ++wq->wait_ctr;
      k.ex.result(fmt::format("joined {}", k.ex.objects().describe(wq->id)));
    }
    k.waited_on[k.current()] = fmt::format("{} waited on {}, which it joined (type {})",
                                           k.ex.thread_name(k.current()),
                                           k.ex.objects().describe(wq->id), to_string(wq->type));
    wq->queue.add_effect();
    if (wq->released) sim::set_current_state(TaskState::Running);
    sim::schedule(wq->queue);
    wq->queue.remove_effect();
    const int status = wq->status;
    if (--wq->wait_ctr == 0) {
      k.ex.end_lifetime(wq->id);
      k.ex.note("kfree", wq->id, "last waiter");
    }
    return status;
  }
}

// fs/autofs4/waitq.c autofs4_wait_release (ioctl READY/FAIL): unlink the
// queue, set its status, wake every waiter.
int autofs4_wait_release(Kernel& k, SbInfo* sbi, int token, int status) {
  KernelFunction fn("autofs4_wait_release");
  AutofsWaitQueue* wq = nullptr;
  for (AutofsWaitQueue* q : sbi->queues)
    if (q->token == token) wq = q;
  if (!wq) return -EINVAL;
  k.ex.visible(Footprint("mutex_lock(wq_mutex); release; wake_up", {sbi->wq_mutex.id(), Access::Acquire},
                         {sbi->queues_id, Access::Write}, {wq->queue.id(), Access::Wake}),
               &sbi->wq_mutex);
  sbi->queues.erase(std::find(sbi->queues.begin(), sbi->queues.end(), wq));
  wq->released = true;
  wq->status = status;
  wq->queue.wake_up_effect();
  k.ex.result(fmt::format("{} status {}", k.ex.objects().describe(wq->id), errno_name(status)));
  if (--wq->wait_ctr == 0) k.ex.end_lifetime(wq->id);
  return 0;
}

// fs/autofs4/root.c (2.6.27) autofs4_expire_wait: block on a pending expire
// of this dentry; -EAGAIN if the expire removed it.
int autofs4_expire_wait(Kernel& k, Dentry* dentry) {
  KernelFunction fn("autofs4_expire_wait");
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  if (!ino || !(ino->flags & AUTOFS_INF_EXPIRING)) return 0;
  const int status = autofs4_wait(k, autofs4_sbi(dentry), dentry, Notify::None);
  k.ex.visible(Footprint("wait_for_completion(&ino->expire_complete)", {ino->id, Access::Read}), ino);
  if (d_unhashed(dentry)) return -EAGAIN;
  return status;
}

// fs/autofs4/root.c (2.6.22-2.6.26) try_to_fill_dentry: wait for an expire
// in progress (then send the caller back to ->lookup), or ask for a mount.
int try_to_fill_dentry(Kernel& k, Dentry* dentry) {
  KernelFunction fn("try_to_fill_dentry");
  SbInfo* sbi = autofs4_sbi(dentry);
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  if (ino && (ino->flags & AUTOFS_INF_EXPIRING)) {
    autofs4_wait(k, sbi, dentry, Notify::None);
    if (d_invalidate(k, dentry) != -EBUSY) return -EAGAIN;
  }
  // A positive dentry (an empty directory) triggers a mount for
  // LOOKUP_CONTINUE/LOOKUP_DIRECTORY, open intents or a followed link. The
  // model's walks carry no such flags and are all taken to trigger, as
  // `ls` or `cd` would; a bare stat(2) of the last component would not.
  const bool trigger = true;
  if (trigger) {
    const int status = autofs4_wait(k, sbi, dentry, Notify::Mount);
    if (status == -ENOENT) {
      set_pending(k, dentry, false, "try_to_fill_dentry");
      return status;
    }
    if (status) return status;  // still "pending"
  }
  set_pending(k, dentry, false, "try_to_fill_dentry");
  return 0;
}

// fs/autofs4/root.c (2.6.22-2.6.27) autofs4_revalidate. It may sleep for
// the daemon, whether or not its caller holds the parent's i_mutex.
int autofs4_revalidate(Kernel& k, Dentry* dentry) {
  KernelFunction fn("autofs4_revalidate");
  SbInfo* sbi = autofs4_sbi(dentry);
  const bool oz_mode = autofs4_oz_mode(k, sbi);
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  if (ino)
    k.ex.visible(Footprint("autofs4_ispending", {dentry->id, Access::Read}, {ino->id, Access::Read}));
  else
    k.ex.visible(Footprint("autofs4_ispending", {dentry->id, Access::Read}));
  // 2.6.27 tests it under sbi->fs_lock (the lock of AUTOFS_INF_EXPIRING),
  // 2.6.22 and 2.6.26-rc4 under none.
  if (k.rules.check_pending_lock)
    pending_access(k, dentry, false,
                   k.rules.is(e2::autofs4_unhashed_reuse, e2::Autofs4UnhashedReuse::look_aside) ? "sbi->fs_lock" : "no lock",
                   "autofs4_revalidate");
  const bool pending = autofs4_ispending(dentry);
  const bool empty_dir = dentry->d_inode && dentry->d_inode->is_dir && !d_mountpoint(dentry) &&
                         !k.has_positive_child(dentry);
  k.ex.result(pending ? "pending" : !dentry->d_inode ? "negative" : empty_dir ? "empty directory" : "valid");
  if (!pending && !dentry->d_inode) return 0;  // negative: invalidate if "old"
  if (!pending && !empty_dir) return 1;
  if (oz_mode) return 1;  // the daemon never causes a mount to trigger
  if (pending && k.rules.is(e2::autofs4_unhashed_reuse, e2::Autofs4UnhashedReuse::look_aside) &&
      autofs4_expire_wait(k, dentry) == -EAGAIN)
    return 0;
  const int status = try_to_fill_dentry(k, dentry);
  if (status == 0) return 1;
  if (status == -EAGAIN) return 0;  // gone while waiting for an expire: send it to ->lookup
  return status;
}

// fs/autofs4/root.c (2.6.26-rc4) autofs4_lookup_unhashed: the first lookup
// after an expire's rmdir takes the unhashed dentry off the rehash list and
// makes it negative, which R8 forbids while others hold it.
Dentry* autofs4_lookup_unhashed(Kernel& k, SbInfo* sbi, Dentry* parent, const std::string& name) {
  KernelFunction fn("autofs4_lookup_unhashed");
  k.ex.visible(Footprint("spin_lock(rehash_lock); search rehash_list", {sbi->lists_id, Access::Write}));
  for (AutofsInfo* ino : sbi->rehash_list) {
    Dentry* d = ino->dentry;
    if (!d->d_inode || d->d_parent != parent || d->name != name || !d_unhashed(d)) continue;
    erase(sbi->rehash_list, ino);
    ++d->d_count;  // dget
    d->holders.push_back(k.current());
    k.ex.result(fmt::format("reuse {}, made negative", k.ex.objects().describe(d->id)));
    check_r8_turn_negative(k, d, "autofs4_lookup_unhashed");
    auto& aliases = d->d_inode->i_dentry;
    aliases.erase(std::remove(aliases.begin(), aliases.end(), d), aliases.end());
    d->on_alias_list = false;
    d->d_inode = nullptr;
    return d;
  }
  k.ex.result("none");
  return nullptr;
}

// fs/autofs4/root.c (2.6.27) autofs4_lookup_active / autofs4_lookup_expiring:
// the unhashed dentry of this name another lookup is using, or the one an
// expire removed.
Dentry* lookup_list(Kernel& k, SbInfo* sbi, std::vector<AutofsInfo*>& list, Dentry* parent,
                    const std::string& name, const char* what) {
  KernelFunction fn(what);
  k.ex.visible(Footprint("spin_lock(lookup_lock); search", {sbi->lists_id, Access::Read}));
  for (AutofsInfo* ino : list) {
    Dentry* d = ino->dentry;
    if (d->d_parent != parent || d->name != name || !d_unhashed(d)) continue;
    ++d->d_count;  // dget
    d->holders.push_back(k.current());
    k.ex.result(fmt::format("found {}", k.ex.objects().describe(d->id)));
    return d;
  }
  k.ex.result("none");
  return nullptr;
}

// fs/autofs4/root.c autofs4_lookup, called with dir->i_mutex held; the
// three eras of seeds 000/001:
//   2.6.22: hash the pending negative dentry, drop i_mutex, revalidate
//     (wait for the daemon), re-take i_mutex;
//   1864f7bd on (autofs4.hash_in_lookup at_create): instantiate without
//     hashing; the daemon's mkdir hashes its own dentry, found afterwards
//     by d_lookup;
//   autofs4.unhashed_reuse: rehash_list (2.6.26-rc4) or the look-aside
//     lists (2.6.27) decide which dentry the lookup uses, whichever the
//     hashing rule.
ErrOr<Dentry*> autofs4_lookup(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("autofs4_lookup");
  SbInfo* sbi = static_cast<SbInfo*>(dir->i_sb->s_fs_info);
  const bool oz_mode = autofs4_oz_mode(k, sbi);
  Dentry* parent = dentry->d_parent;
  const e2::Autofs4UnhashedReuse reuse = k.rules.get(e2::autofs4_unhashed_reuse);
  const bool look_aside = reuse == e2::Autofs4UnhashedReuse::look_aside;
  Dentry* unhashed = nullptr;

  // The reuse lists came after 1864f7bd, but which dentry a lookup uses and
  // whether it first waits for an expire do not depend on when that dentry
  // is hashed: under before_create they apply as well (a combination no
  // kernel had), so that each rule changes only what its documentation says
  // and bisect can tell Race C's rule from Race D's.
  const bool hash_now = k.rules.is(e2::autofs4_hash_in_lookup, e2::Autofs4HashInLookup::before_create);
  if (look_aside) {
    if (Dentry* expiring = lookup_list(k, sbi, sbi->expiring_list, parent, dentry->name,
                                       "autofs4_lookup_expiring")) {
      // Racing an expire: its rmdir succeeded, so wait for it to finish.
      autofs4_expire_wait(k, expiring);
      k.ex.visible(Footprint("list_del_init(&ino->expiring)", {sbi->lists_id, Access::Write}));
      erase(sbi->expiring_list, autofs4_dentry_ino(expiring));
      dput(k, expiring);
    }
    unhashed = lookup_list(k, sbi, sbi->active_list, parent, dentry->name, "autofs4_lookup_active");
  } else if (reuse == e2::Autofs4UnhashedReuse::rehash_list) {
    unhashed = autofs4_lookup_unhashed(k, sbi, parent, dentry->name);
    if (unhashed) {
      AutofsInfo* ino = autofs4_dentry_ino(unhashed);
      while (ino && (ino->flags & AUTOFS_INF_EXPIRING)) autofs4_wait(k, sbi, unhashed, Notify::None);
    }
  }
  if (unhashed) {
    dentry = unhashed;
    if (!oz_mode) set_pending(k, dentry, true, "autofs4_lookup");
    if (hash_now) d_add(k, dentry, nullptr);
  } else if (hash_now) {
    // 2.6.22: "Mark the dentry incomplete, but add it."
    dentry->d_op = &autofs4_dentry_operations;
    if (!oz_mode) {
      pending_access(k, dentry, true, "dentry->d_lock", "autofs4_lookup");
      dentry->d_flags |= DCACHE_AUTOFS_PENDING;  // not yet visible to others
    }
    dentry->d_fsdata = nullptr;
    d_add(k, dentry, nullptr);
  } else {
    dentry->d_op = &autofs4_dentry_operations;
    dentry->d_fsdata = nullptr;
    if (look_aside) {
      // The same dentry for every lookup of the name until it is hashed.
      AutofsInfo* ino = autofs4_init_ino(k, dentry);
      dentry->d_fsdata = ino;
      k.ex.visible(Footprint("list_add(&ino->active, &sbi->active_list)", {sbi->lists_id, Access::Write}));
      sbi->active_list.push_back(ino);
    }
    d_instantiate(k, dentry, nullptr);
    if (!oz_mode) set_pending(k, dentry, true, "autofs4_lookup");
  }

  // 2.6.27 (c432c2586a08): the daemon does not call itself back. With the
  // mount moved in by the kernel the daemon never takes i_mutex, so the
  // lookup waits holding it ("not unlocking anything at all").
  if (k.rules.is(e2::autofs4_mount, e2::Autofs4Mount::move_in)) {
    if (!oz_mode) autofs4_revalidate(k, dentry);
  } else if (!(look_aside && oz_mode)) {
    unlock_dir(dir);
    autofs4_revalidate(k, dentry);
    lock_dir(dir);
  }

  // Only the process that asked for the mount clears the flag; the
  // daemon's lookup may be using that process's dentry (2.6.27).
  // The unlocked test is only a hint: the clear that follows is checked.
  if (!oz_mode && (dentry->d_flags & DCACHE_AUTOFS_PENDING)) set_pending(k, dentry, false, "autofs4_lookup");

  if (hash_now) {
    // "If this dentry is unhashed, then we shouldn't honour this lookup"
    if (dentry->d_inode && d_unhashed(dentry)) {
      if (unhashed) dput(k, unhashed);
      return ErrOr<Dentry*>::error(-ENOENT);
    }
    return {unhashed, 0};
  }
  if (!oz_mode && d_unhashed(dentry)) {
    // The daemon made the mount point with its own dentry: find it.
    Dentry* found = d_lookup(k, parent, dentry->name);
    if (unhashed) dput(k, unhashed);
    if (!found) return ErrOr<Dentry*>::error(-ENOENT);
    return {found, 0};
  }
  return {unhashed, 0};
}

// fs/autofs4/root.c autofs4_dir_mkdir: only the daemon creates mount points.
int autofs4_dir_mkdir(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("autofs4_dir_mkdir");
  SbInfo* sbi = static_cast<SbInfo*>(dir->i_sb->s_fs_info);
  if (!autofs4_oz_mode(k, sbi)) return -EACCES;
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  if (!ino) ino = autofs4_init_ino(k, dentry);
  Inode* inode = k.new_inode(dentry->path, true, &ramfs::dir_inode_operations(), nullptr);
  if (k.rules.is(e2::autofs4_hash_in_lookup, e2::Autofs4HashInLookup::before_create))
    d_instantiate(k, dentry, inode);  // ->lookup hashed it already
  else
    d_add(k, dentry, inode);
  dentry->d_fsdata = ino;
  ++dentry->d_count;  // ino->dentry = dget(dentry): the file system's own reference
  if (contains(sbi->active_list, ino)) {
    k.ex.visible(Footprint("list_del_init(&ino->active)", {sbi->lists_id, Access::Write}));
    erase(sbi->active_list, ino);
  }
  ++dir->i_nlink;
  return 0;
}

// fs/autofs4/root.c autofs4_dir_rmdir: unhash but keep the dentry positive
// ("the unlink is probably the result of an expire"), remembered on the
// rehash list (2.6.26-rc4) or the expiring list (2.6.27).
int autofs4_dir_rmdir(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("autofs4_dir_rmdir");
  SbInfo* sbi = static_cast<SbInfo*>(dir->i_sb->s_fs_info);
  if (!autofs4_oz_mode(k, sbi)) return -EACCES;
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  k.ex.visible(Footprint("spin_lock(dcache_lock); list_add; __d_drop", {c.id, Access::Write},
                         {dentry->id, Access::Write}, {sbi->lists_id, Access::Write}));
  if (k.has_positive_child(dentry)) return -ENOTEMPTY;
  const e2::Autofs4UnhashedReuse reuse = k.rules.get(e2::autofs4_unhashed_reuse);
  if (ino && reuse == e2::Autofs4UnhashedReuse::rehash_list && !contains(sbi->rehash_list, ino)) sbi->rehash_list.push_back(ino);
  if (ino && reuse == e2::Autofs4UnhashedReuse::look_aside && !contains(sbi->expiring_list, ino)) sbi->expiring_list.push_back(ino);
  dentry->d_flags |= DCACHE_UNHASHED;
  auto& entries = c.entries;
  entries.erase(std::remove(entries.begin(), entries.end(), dentry), entries.end());
  --dentry->d_count;  // dput(ino->dentry); the caller's reference keeps it alive
  k.ex.result("unhashed, still positive");
  --dentry->d_inode->i_nlink;
  --dir->i_nlink;
  return 0;
}

// fs/autofs4/root.c autofs4_dir_unlink (2.6.22, 2.6.26-rc4, 2.6.27): how
// the daemon (or root) removes a symlink key. Like rmdir it unhashes the
// dentry and keeps it positive, remembered on the era's list; the model has
// no credentials, so every scenario thread runs as root (CAP_SYS_ADMIN).
// The caller (vfs_unlink) still d_delete()s it afterwards: if nobody else
// holds it, that makes it negative and the lists have it "already
// dentry_iput" for nothing.
int autofs4_dir_unlink(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("autofs4_dir_unlink");
  SbInfo* sbi = static_cast<SbInfo*>(dir->i_sb->s_fs_info);
  const bool capable_sys_admin = true;  // "This allows root to remove symlinks"
  if (!autofs4_oz_mode(k, sbi) && !capable_sys_admin) return -EACCES;
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  HashChain& c = k.chain(dentry->d_parent, dentry->name);
  const e2::Autofs4UnhashedReuse reuse = k.rules.get(e2::autofs4_unhashed_reuse);
  // dput(ino->dentry); clear_nlink; then, under dcache_lock, the list and
  // __d_drop (2.6.22: a bare d_drop).
  k.ex.visible(Footprint(reuse == e2::Autofs4UnhashedReuse::none ? "dput(ino->dentry); d_drop"
                                         : "dput(ino->dentry); spin_lock(dcache_lock); list_add; __d_drop",
                         {c.id, Access::Write}, {dentry->id, Access::Write}, {sbi->lists_id, Access::Write}));
  --dentry->d_count;  // the file system's reference; the caller's keeps it alive
  dentry->d_inode->i_nlink = 0;
  if (ino && reuse == e2::Autofs4UnhashedReuse::rehash_list && !contains(sbi->rehash_list, ino)) sbi->rehash_list.push_back(ino);
  if (ino && reuse == e2::Autofs4UnhashedReuse::look_aside && !contains(sbi->expiring_list, ino)) sbi->expiring_list.push_back(ino);
  dentry->d_flags |= DCACHE_UNHASHED;
  auto& entries = c.entries;
  entries.erase(std::remove(entries.begin(), entries.end(), dentry), entries.end());
  k.ex.result(reuse == e2::Autofs4UnhashedReuse::rehash_list  ? "unhashed, still positive, on the rehash list"
              : reuse == e2::Autofs4UnhashedReuse::look_aside ? "unhashed, still positive, on the expiring list"
                                      : "unhashed, still positive");
  return 0;
}

// fs/autofs4/root.c autofs4_dentry_release: the dentry is freed; forget it.
void autofs4_dentry_release(Kernel& k, Dentry* dentry) {
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  if (!ino) return;
  SbInfo* sbi = autofs4_sbi(dentry);
  erase(sbi->rehash_list, ino);
  erase(sbi->active_list, ino);
  erase(sbi->expiring_list, ino);
  dentry->d_fsdata = nullptr;
  k.ex.note("autofs4_dentry_release", dentry->id, "");
}

// autofs4.mount move-in (Al Viro, seed 001; no kernel had it): the kernel
// side of the daemon's READY for a MISSING request, handed the mount the
// daemon made elsewhere. What autofs4_dir_mkdir and graft_tree do for the
// daemon, done on the requesting lookup's own dentry: positive, hashed, the
// mount on it; autofs4_wait_release then wakes the waiters. The dentry is
// still pending meanwhile, so a walk that finds it half done waits too.
// Hashed before the mount goes on: do_move_mount (fs/namespace.c, 2.6.27)
// refuses an unhashed target with -ENOENT.
int autofs4_move_in(Kernel& k, SbInfo* sbi, int token) {
  KernelFunction fn("autofs4_move_in");
  AutofsWaitQueue* wq = nullptr;
  for (AutofsWaitQueue* q : sbi->queues)
    if (q->token == token) wq = q;
  if (!wq || !wq->dentry) return -EINVAL;
  Dentry* dentry = wq->dentry;
  Inode* dir = dentry->d_parent->d_inode;
  if (!dentry->d_inode) {
    AutofsInfo* ino = autofs4_dentry_ino(dentry);
    if (!ino) ino = autofs4_init_ino(k, dentry);
    Inode* inode = k.new_inode(dentry->path, true, &ramfs::dir_inode_operations(), nullptr);
    if (d_unhashed(dentry))
      d_add(k, dentry, inode);
    else
      d_instantiate(k, dentry, inode);  // 2.6.22's ->lookup hashed it already
    dentry->d_fsdata = ino;
    ++dentry->d_count;  // ino->dentry = dget(dentry), as autofs4_dir_mkdir
    if (contains(sbi->active_list, ino)) {
      k.ex.visible(Footprint("list_del_init(&ino->active)", {sbi->lists_id, Access::Write}));
      erase(sbi->active_list, ino);
    }
    ++dir->i_nlink;
  } else if (d_unhashed(dentry)) {
    d_rehash(k, dentry);
  }
  if (d_mountpoint(dentry)) return 0;
  KernelFunction graft("graft_tree");
  k.ex.visible(Footprint("attach_mnt", {k.vfsmount_lock(), Access::Write}, {dentry->id, Access::Write}));
  const VfsMount* mnt = mount_setup(k, dentry, "nfs");
  k.ex.result(k.ex.objects().describe(mnt->id));
  return 0;
}

const InodeOperations& autofs4_root_inode_operations() {
  static const InodeOperations ops = [] {
    InodeOperations o;
    o.lookup = autofs4_lookup;
    o.mkdir = autofs4_dir_mkdir;
    o.rmdir = autofs4_dir_rmdir;
    o.unlink = autofs4_dir_unlink;
    return o;
  }();
  return ops;
}

// The automount daemon as one of its threads sees it: read a packet from
// the pipe; for a missing key in the map mkdir + mount + ioctl(READY), for
// a key not in the map ioctl(FAIL); for an expire umount + rmdir + READY.
void automount_main(Kernel& k, SbInfo* sbi) {
  for (;;) {
    Packet p;
    {
      KernelFunction fn("pipe_read");
      k.ex.visible(Footprint("read packet", {sbi->pipe.id, Access::Write}), &sbi->pipe);
      p = sbi->pipe.packets.front();
      sbi->pipe.packets.pop_front();
      k.ex.result(fmt::format("{} \"{}\" token {}", to_string(p.type), p.name, p.token));
    }
    const std::string path = sbi->at + "/" + p.name;
    KernelFunction fn(p.type == PacketType::Missing ? "handle_packet_missing" : "handle_packet_expire");
    if (p.type == PacketType::Missing) {
      if (std::find(sbi->map.begin(), sbi->map.end(), p.name) == sbi->map.end()) {
        autofs4_wait_release(k, sbi, p.token, -ENOENT);  // AUTOFS_IOC_FAIL
        continue;
      }
      // Already mounted (a request posted after the mount): just READY.
      k.ex.visible(Footprint("is_mounted (/proc/mounts)", {k.vfsmount_lock(), Access::Read}));
      const bool mounted = path_is_mounted(k, path);
      k.ex.result(mounted ? "mounted" : "not mounted");
      int err = 0;
      if (!mounted && k.rules.is(e2::autofs4_mount, e2::Autofs4Mount::move_in)) {
        err = autofs4_move_in(k, sbi, p.token);  // mounted elsewhere first: nothing shared
      } else if (!mounted) {
        sys_mkdir(k, path);  // EEXIST is fine: the mount point may be there
        err = sys_mount(k, path, "nfs");
      }
      autofs4_wait_release(k, sbi, p.token, err ? -ENOENT : 0);  // AUTOFS_IOC_READY / FAIL
    } else {
      // A busy mount stays: the expire fails and the key is not removed.
      const int err = sys_umount(k, path);
      if (!err) sys_rmdir(k, path);
      autofs4_wait_release(k, sbi, p.token, err);  // AUTOFS_IOC_READY / FAIL
    }
  }
}

}  // namespace

std::vector<std::string> daemon_names(unsigned count) {
  std::vector<std::string> names;
  for (unsigned i = 1; i <= count; ++i) names.push_back(i == 1 ? "Dm" : fmt::format("Dm{}", i));
  return names;
}

void mount(Kernel& k, Dentry* parent, const std::string& name, const Config& config) {
  auto* sb = k.make<SuperBlock>();
  sb->fs_type = "autofs";
  const std::string at = child_path(parent, name);
  SbInfo* sbi = k.make<SbInfo>(k.ex, at);
  sbi->at = at;
  sbi->map = config.map;
  sb->s_fs_info = sbi;
  Inode* root_inode = k.new_inode(at, true, &autofs4_root_inode_operations(), sb);
  Dentry* root = d_alloc_setup(k, parent, name, root_inode);
  k.fs_roots[at] = root;
  for (const std::string& key : config.mounted) {
    Inode* inode = k.new_inode(child_path(root, key), true, &ramfs::dir_inode_operations(), nullptr);
    Dentry* d = d_alloc_setup(k, root, key, inode);
    d->pinned = false;  // expired and freed like any dentry the daemon made
    d->d_op = &autofs4_dentry_operations;
    d->d_fsdata = autofs4_init_ino(k, d);
    ++root_inode->i_nlink;
    mount_setup(k, d, "nfs");
  }
  for (const std::string& key : config.symlinks) {
    // autofs4_dir_symlink: d_add of a symlink inode, and dget(dentry) for the file system.
    Inode* inode = k.new_inode(child_path(root, key), false, nullptr, sb);
    Dentry* d = d_alloc_setup(k, root, key, inode);
    d->pinned = false;
    d->d_op = &autofs4_dentry_operations;
    d->d_fsdata = autofs4_init_ino(k, d);  // d_count 1: that dget, as for mounted keys
  }
  for (const std::string& dname : daemon_names(config.daemon_threads))
    sbi->oz_pgrp.push_back(k.ex.spawn(dname, [&k, sbi] { automount_main(k, sbi); }, /*daemon=*/true));
}

// fs/autofs4/expire.c (2.6.2x) autofs4_expire_multi with
// autofs4_expire_indirect narrowed to one key: a mounted child nobody is
// walking through ("Path walk currently on this dentry?") is marked
// AUTOFS_INF_EXPIRING in the same sbi->fs_lock section that chose it ("Set
// this flag early to catch sys_chdir and the like"), the daemon is asked
// to umount it, and the flag is cleared (complete_all(&ino->expire_complete)
// in 2.6.27) once it answers.
int sys_expire(Kernel& k, const std::string& path) {
  KernelFunction fn("autofs4_expire_multi");
  std::vector<std::string> parts = split_path(path);
  const std::string key = parts.back();
  parts.pop_back();
  std::string root_path;
  for (const std::string& p : parts) root_path += "/" + p;
  Dentry* root = k.fs_roots.at(root_path);
  SbInfo* sbi = static_cast<SbInfo*>(root->d_inode->i_sb->s_fs_info);

  Dentry* dentry = nullptr;
  {
    KernelFunction ind("autofs4_expire_indirect");
    HashChain& c = k.chain(root, key);
    // The flag it may set: the autofs_info of the hashed child of that name.
    sim::ObjectId flag = sbi->lists_id;
    for (Dentry* d : c.entries)
      if (autofs4_dentry_ino(d)) flag = autofs4_dentry_ino(d)->id;
    k.ex.visible(Footprint("spin_lock(fs_lock); find expirable; AUTOFS_INF_EXPIRING", {c.id, Access::Read},
                           {k.vfsmount_lock(), Access::Read}, {flag, Access::Write}));
    for (Dentry* d : c.entries) {
      if (d_unhashed(d) || !d_mountpoint(d)) continue;
      const VfsMount* mnt = find_mount(k, d);
      // Busy: references beyond the cache's (the file system's) and the mount's.
      const bool busy = d->d_count > 1 + d->d_mounted || (mnt && mnt->mnt_root->d_count > 1);
      if (busy) continue;
      dentry = d;
    }
    if (!dentry) {
      k.ex.result("nothing to expire");
      return -EAGAIN;
    }
    ++dentry->d_count;  // dget
    dentry->holders.push_back(k.current());
    AutofsInfo* ino = autofs4_dentry_ino(dentry);
    ino->flags |= AUTOFS_INF_EXPIRING;
    ino->expirer = k.current();
    k.ex.result(fmt::format("expire {}", k.ex.objects().describe(dentry->id)));
  }
  AutofsInfo* ino = autofs4_dentry_ino(dentry);
  const int ret = autofs4_wait(k, sbi, dentry, Notify::Expire);
  k.ex.visible(Footprint("ino->flags &= ~AUTOFS_INF_EXPIRING", {ino->id, Access::Write}));
  ino->flags &= ~AUTOFS_INF_EXPIRING;
  dput(k, dentry);
  return ret;
}

}  // namespace dcsim::model::autofs4
