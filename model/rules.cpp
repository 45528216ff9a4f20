#include "model/rules.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace dcsim::model {

std::string_view to_string(Era e) {
  switch (e) {
    case Era::E1: return "E1 (2.5.74/2.6.0: i_sem, dcache_lock)";
    case Era::E2: return "E2 (2.6.2x: i_mutex, dcache_lock)";
    case Era::E3: return "E3 (4.7: i_rwsem, parallel lookups)";
    case Era::E4: return "E4 (3.13-3.18: mount refcounts, work queues)";
  }
  return "?";
}

const RuleValue* Rule::find(std::string_view value) const {
  for (const RuleValue& v : values)
    if (v.name == value) return &v;
  return nullptr;
}

const std::vector<Rule>& all_rules() {
  static const std::vector<Rule> rules = {
      {"devfs.reacquire_i_sem",
       "Where devfs_lookup() re-takes the parent's i_sem after waiting for devfsd, relative to "
       "waking the d_revalidate waiters on its lookup struct. A waiter that came through "
       "lookup_hash() sleeps holding i_sem, so re-taking it first deadlocks (seed 003, Race A).",
       {{"before_wake",
         "up(i_sem); wait_for_devfsd_finished(); down(i_sem); ... wake_up(&lookup_info.wait_queue)",
         "linux-2.5.74 fs/devfs/base.c"},
        {"after_wake",
         "fix F1: down(i_sem) moved after the wake_up loop, so no waiter is still asleep when the "
         "lookup blocks on i_sem",
         "Andrey Borzenkov's patch of 2003-07-07 against 2.5.74; present in 2.6.0-test1"}}},
      {"devfs.lookup_info",
       "Lifetime of devfs_lookup()'s struct devfs_lookup_struct, whose wait queue "
       "devfs_d_revalidate_wait() sleeps on. A waiter woken by wake_up() still touches the queue "
       "head in remove_wait_queue() after devfs_lookup() may have returned (seed 003, Race B).",
       {{"stack",
         "on devfs_lookup()'s stack; waiters call remove_wait_queue() on it after schedule()",
         "linux-2.5.74 fs/devfs/base.c"},
        {"refcounted",
         "fix F2: kmalloc'ed with an atomic count; each waiter takes a reference before sleeping "
         "and drops it after remove_wait_queue(); devfs_lookup() drops its own after wake_up()",
         "combined patch of 2003-07-07 against 2.5.74; a variant is in 2.6.0-test1"},
        {"no_touch_after_wake",
         "fix F3: back on the stack, and a woken waiter never touches the queue head again (no "
         "remove_wait_queue() after schedule()), as 2.4 did",
         "Andrey Borzenkov, \"redesign - stack corruption in devfs_lookup\", 2003-07-26 against "
         "2.6.0-test1 (not verified as merged)"}}},
      {"autofs4.hash_in_lookup",
       "Whether autofs4_lookup() hashes the dentry before it drops i_mutex to call back the "
       "daemon. A hashed pending dentry is found by the next lookup_hash() caller, whose "
       "->d_revalidate then waits for the daemon while holding i_mutex, which the daemon's own "
       "mkdir needs (seed 000, Race C).",
       {{"before_create",
         "d_add(dentry, NULL) in ->lookup; autofs4_dir_mkdir() d_instantiate()s the hashed dentry",
         "linux-2.6.22 fs/autofs4/root.c"},
        {"at_create",
         "fix G1: ->lookup only d_instantiate(dentry, NULL)s (unhashed); autofs4_dir_mkdir() "
         "d_add()s, so only the create hashes the dentry",
         "1864f7bd5835 \"autofs4: deadlock during create\" (2.6.23)"}}},
      {"autofs4.unhashed_reuse",
       "Whether a lookup reuses the dentry an expire unhashed (rmdir) instead of a fresh one. A "
       "fresh dentry does not show AUTOFS_INF_EXPIRING, so the lookup's mount request joins the "
       "expire's wait queue and returns ENOENT with no mount requested (seeds 000/001, Race D).",
       {{"none", "every lookup gets the fresh dentry the VFS allocated", "linux-2.6.22 .. 2.6.25"},
        {"rehash_list",
         "fix G2: rmdir/unlink put the dentry on sbi->rehash_list; autofs4_lookup_unhashed() gives "
         "it, made negative, to the first lookup only (list_del_init) after waiting for the "
         "expire to finish",
         "linux-2.6.26-rc4 fs/autofs4/root.c"},
        {"look_aside",
         "fix G3: lookups wait for an expire of the name (expiring_list, autofs4_expire_wait) and "
         "share one unhashed dentry per name (active_list) until the create hashes it; dentries "
         "stay positive",
         "2576737873dc \"autofs4: use look aside list for lookups\" and companions (2.6.27)"}}},
      {"autofs4.wait_match",
       "How autofs4_wait() matches a request with a pending wait queue. Not a historical fix "
       "(KERNEL.md R7, inferred): matching by name alone lets a mount request join an expire's "
       "queue (Race D).",
       {{"name", "autofs4_find_wait() compares the name only, whatever the queue's type",
         "linux-2.6.22 .. 2.6.27 fs/autofs4/waitq.c"},
        {"name_and_type",
         "a mount request joins only a mount request's queue; otherwise it posts its own",
         "not historical: the R7 alternative of KERNEL.md, for comparison"}}},
      {"nfs.atomic_open",
       "Which dentry nfs_atomic_open() mutates. Under a shared i_rwsem several opens can be in "
       "->atomic_open on one hashed negative dentry that passed revalidation; whichever of them "
       "d_drop()s and d_add()s it races the others (seed 002, Race E).",
       {{"4.7-rc6",
         "no switch: OPEN on the dentry the VFS passed; on ENOENT d_drop + d_add(dentry, NULL), "
         "on EISDIR/ENOTDIR nfs_lookup -> d_splice_alias on it",
         "linux-4.7-rc6 fs/nfs/dir.c"},
        {"viro-proposed",
         "Al Viro's patch of 2016-07-03: without O_CREAT, a dentry that is !d_unhashed is dropped "
         "and replaced by d_alloc_parallel()'s; not in-lookup -> finish_no_open",
         "seed 002 (LKML 2016-07-03, tested by Oleg Drokin on 4.7.0-rc6)"},
        {"c94c0953",
         "the same switch, tested with !d_in_lookup(dentry): ->atomic_open mutates hash state "
         "only on a dentry it owns in-lookup",
         "c94c09535c4d \"nfs_atomic_open(): prevent parallel nfs_lookup() on a negative hashed\" "
         "(4.7)"}}},
      {"nfs.owned_test",
       "The predicate nfs_atomic_open()'s O_DIRECTORY branch uses for \"a fresh dentry that is "
       "mine to look up\". Under a shared i_rwsem an unhashed dentry may be one a parallel "
       "->atomic_open just dropped (seed 002, the ls variant).",
       {{"d_unhashed", "if (!d_unhashed(dentry)) return -ENOENT; else nfs_lookup()",
         "linux-4.7-rc6 fs/nfs/dir.c"},
        {"d_in_lookup", "if (!d_in_lookup(dentry)) return -ENOENT; else nfs_lookup()",
         "\"Use the right predicate in ->atomic_open() instances\" (parent of c94c09535c4d, 4.7)"}}},
      {"dcache.in_lookup_to_hashed",
       "How __d_add() moves an in-lookup dentry onto the primary hash, relative to "
       "d_alloc_parallel(). If a dentry can be hashed while still in-lookup, d_alloc_parallel() "
       "finds it in the primary hash and hands out a lookup its owner has not finished (Oleg "
       "Drokin's objection in seed 002).",
       {{"atomic",
         "__d_add: start_dir_add(dir); __d_lookup_done(dentry); __d_rehash(dentry); "
         "end_dir_add(dir), under d_lock; d_alloc_parallel rechecks i_dir_seq",
         "linux-4.7 fs/dcache.c (parallel lookups, d9171b934526)"},
        {"split",
         "__d_add hashes the dentry and leaves it in-lookup until the owner's d_lookup_done() "
         "(not historical: the world Oleg's objection describes)",
         "none (model only)"}}},
      {"mntput.cleanup",
       "Where the final mntput() of a mount shuts its file system down (cleanup_mnt: dput of the "
       "root, deactivate_super -> ->kill_sb, which may take locks and do I/O). In the dropper's "
       "context it runs on whatever stack the dropper has left; waiting for a worker to do it "
       "deadlocks if the dropper holds a lock the shutdown needs; deferring it past the return "
       "of umount(2) or kern_unmount() breaks callers that count on the file system being gone "
       "(seed 004; KERNEL.md §5, R12, R13).",
       {{"sync",
         "mntput_no_expire() runs the whole cleanup synchronously in whichever context drops the "
         "last reference",
         "linux-3.14 fs/namespace.c mntput_no_expire"},
        {"workqueue_wait",
         "the final mntput queues the cleanup on system_wq and waits for it (flush_work): a "
         "shallow stack, but the dropper blocks on the worker",
         "Eric W. Biederman, \"[RFC][PATCH 0/4] No I/O from mntput\", 2014-04 (seed 004; not "
         "merged as such)"},
        {"delayed",
         "MNT_INTERNAL: cleanup_mnt() synchronously; a user task: task_work_add(), run on the "
         "return to user mode; a kernel thread: delayed_mntput_list + "
         "schedule_delayed_work(&delayed_mntput_work, 1). The dropper never waits",
         "9ea459e110df \"delayed mntput\" (3.18-rc1)"},
        {"delayed_all",
         "as delayed, but MNT_INTERNAL mounts are deferred too, so kern_unmount() can return "
         "before the file system is shut down (not historical: the asynchronous kern_unmount "
         "Al Viro NAKed in 2022)",
         "none (model only; LKML 2022-02-18)"}}},
      {"mntput.flush_filesystem",
       "Whether unloading a module waits for the file systems it registered to be shut down. "
       "A kern_mount()ed file system whose file_system_type has no owner can outlive the "
       "module's exit; its ->kill_sb then runs module code that is gone (seed 004).",
       {{"none",
         "delete_module() does not look at the module's file systems: nothing flushes or forces "
         "a registered file system to be unmounted",
         "linux-3.14 .. linux-3.18 kernel/module.c"},
        {"flush",
         "flush_filesystem(fs_type) at module unload: walk fs_supers -> s_mounts, force a lazy "
         "unmount of each mount, and wait until fs_supers is empty",
         "Eric W. Biederman's proposal in seed 004 (2014-04-16; not merged)"},
        {"flush_sync",
         "as flush, but the final mntputs flush_filesystem() itself does are cleaned up "
         "(task_work_run()) before it waits: under delayed mntput they would otherwise wait on "
         "the waiter's own return to user mode",
         "none (model only: the proposal adapted to 9ea459e110df)"}}},
  };
  return rules;
}

const std::vector<Profile>& all_profiles() {
  static const std::vector<Profile> profiles = {
      {"linux-2.5.74",
       "July 2003 development kernel: devfs re-takes i_sem before waking revalidate waiters, "
       "lookup struct on the stack",
       Era::E1,
       {{"devfs.reacquire_i_sem", "before_wake"}, {"devfs.lookup_info", "stack"}}},
      {"linux-2.6.0-test1",
       "2.6.0-test1: devfs wakes waiters before re-taking i_sem (F1) and refcounts the lookup "
       "struct (F2)",
       Era::E1,
       {{"devfs.reacquire_i_sem", "after_wake"}, {"devfs.lookup_info", "refcounted"}}},
      {"linux-2.6.22",
       "July 2007: autofs4_lookup() hashes the pending dentry before calling back the daemon; no "
       "reuse of expired dentries",
       Era::E2,
       {{"autofs4.hash_in_lookup", "before_create"},
        {"autofs4.unhashed_reuse", "none"},
        {"autofs4.wait_match", "name"}}},
      {"linux-2.6.26-rc4",
       "June 2008: hashing delayed to the create (1864f7bd); the first lookup after an expire's "
       "rmdir reuses the unhashed dentry from the rehash list",
       Era::E2,
       {{"autofs4.hash_in_lookup", "at_create"},
        {"autofs4.unhashed_reuse", "rehash_list"},
        {"autofs4.wait_match", "name"}}},
      {"linux-2.6.27",
       "October 2008: look-aside lists (active and expiring) shared by all lookups of a name; "
       "lookups wait for an expire to complete",
       Era::E2,
       {{"autofs4.hash_in_lookup", "at_create"},
        {"autofs4.unhashed_reuse", "look_aside"},
        {"autofs4.wait_match", "name"}}},
      {"linux-3.14",
       "March 2014: the final mntput() runs the file system's shutdown synchronously in the "
       "dropper's context, however deep its stack; module unload flushes nothing",
       Era::E4,
       {{"mntput.cleanup", "sync"}, {"mntput.flush_filesystem", "none"}}},
      {"linux-3.18",
       "December 2014: delayed mntput (9ea459e110df): shutdown on task_work for user tasks, on "
       "delayed work for kernel threads, synchronous for MNT_INTERNAL",
       Era::E4,
       {{"mntput.cleanup", "delayed"}, {"mntput.flush_filesystem", "none"}}},
      {"linux-4.7-rc6",
       "July 2016 (a99cde438de0): parallel lookups under a shared i_rwsem; nfs_atomic_open "
       "still tests d_unhashed and works on a shared hashed negative dentry",
       Era::E3,
       {{"nfs.atomic_open", "4.7-rc6"},
        {"nfs.owned_test", "d_unhashed"},
        {"dcache.in_lookup_to_hashed", "atomic"}}},
      {"linux-4.7",
       "4.7: nfs_atomic_open tests d_in_lookup and switches a hashed dentry for "
       "d_alloc_parallel()'s (c94c09535c4d and its parent)",
       Era::E3,
       {{"nfs.atomic_open", "c94c0953"},
        {"nfs.owned_test", "d_in_lookup"},
        {"dcache.in_lookup_to_hashed", "atomic"}}},
  };
  return profiles;
}

const Rule* find_rule(std::string_view name) {
  for (const Rule& r : all_rules())
    if (r.name == name) return &r;
  return nullptr;
}

const Profile* find_profile(std::string_view name) {
  for (const Profile& p : all_profiles())
    if (p.name == name) return &p;
  return nullptr;
}

const std::string& RuleSet::get(std::string_view rule) const {
  if (consulted_) {
    std::lock_guard<std::mutex> lock(consulted_->mutex);
    consulted_->names.emplace(rule);
  }
  auto it = values_.find(std::string(rule));
  if (it != values_.end()) return it->second;
  const Rule* r = find_rule(rule);
  if (!r) throw std::logic_error(fmt::format("dcsim: the model asked for unknown rule {}", rule));
  return r->values.front().name;
}

std::set<std::string> RuleSet::consulted() const {
  if (!consulted_) return {};
  std::lock_guard<std::mutex> lock(consulted_->mutex);
  return consulted_->names;
}

namespace {
std::string list_names(const auto& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i.name;
  return out;
}
}  // namespace

RuleSetOrError resolve_rules(std::string_view profile,
                             const std::map<std::string, std::string>& overrides) {
  const Profile* p = find_profile(profile);
  if (!p)
    return {std::nullopt, fmt::format("unknown profile \"{}\"; expected one of: {}", profile,
                                      list_names(all_profiles()))};
  RuleSet set(p->era, p->values);
  for (const auto& [rule, value] : overrides) {
    const Rule* r = find_rule(rule);
    if (!r)
      return {std::nullopt, fmt::format("unknown rule \"{}\"; expected one of: {}", rule,
                                        list_names(all_rules()))};
    if (!r->find(value))
      return {std::nullopt, fmt::format("unknown value \"{}\" for rule {}; expected one of: {}",
                                        value, rule, list_names(r->values))};
    set.set(rule, value);
  }
  return {std::move(set), {}};
}

}  // namespace dcsim::model
