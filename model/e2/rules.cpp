#include "model/e2/rules.hpp"

namespace dcsim::model::e2 {

const std::vector<Rule>& rules() {
  static const std::vector<Rule> rules = {
      describe(Era::E2, autofs4_hash_in_lookup,
       "Whether autofs4_lookup() hashes the dentry before it drops i_mutex to call back the "
       "daemon. A hashed pending dentry is found by the next lookup_hash() caller, whose "
       "->d_revalidate then waits for the daemon while holding i_mutex, which the daemon's own "
       "mkdir needs (seed 000, Race C).",
               {{Autofs4HashInLookup::before_create,
         "d_add(dentry, NULL) in ->lookup; autofs4_dir_mkdir() d_instantiate()s the hashed dentry",
         "linux-2.6.22 fs/autofs4/root.c"},
                {Autofs4HashInLookup::at_create,
         "fix G1: ->lookup only d_instantiate(dentry, NULL)s (unhashed); autofs4_dir_mkdir() "
         "d_add()s, so only the create hashes the dentry",
         "1864f7bd5835 \"autofs4: deadlock during create\" (2.6.23)"}}),
      describe(Era::E2, autofs4_unhashed_reuse,
       "Whether a lookup reuses the dentry an expire unhashed (rmdir) instead of a fresh one. A "
       "fresh dentry does not show AUTOFS_INF_EXPIRING, so the lookup's mount request joins the "
       "expire's wait queue and returns ENOENT with no mount requested (seeds 000/001, Race D).",
               {{Autofs4UnhashedReuse::none, "every lookup gets the fresh dentry the VFS allocated", "linux-2.6.22 .. 2.6.25"},
                {Autofs4UnhashedReuse::rehash_list,
         "fix G2: rmdir/unlink put the dentry on sbi->rehash_list; autofs4_lookup_unhashed() gives "
         "it, made negative, to the first lookup only (list_del_init) after waiting for the "
         "expire to finish",
         "linux-2.6.26-rc4 fs/autofs4/root.c"},
                {Autofs4UnhashedReuse::look_aside,
         "fix G3: lookups wait for an expire of the name (expiring_list, autofs4_expire_wait) and "
         "share one unhashed dentry per name (active_list) until the create hashes it; dentries "
         "stay positive",
         "2576737873dc \"autofs4: use look aside list for lookups\" and companions (2.6.27)"}}),
      describe(Era::E2, autofs4_wait_match,
       "How autofs4_wait() matches a request with a pending wait queue. Not a historical fix "
       "(inferred: wait queues keyed by name and type): matching by name alone lets a mount request join an expire's "
       "queue (Race D).",
               {{Autofs4WaitMatch::name, "autofs4_find_wait() compares the name only, whatever the queue's type",
         "linux-2.6.22 .. 2.6.27 fs/autofs4/waitq.c"},
                {Autofs4WaitMatch::name_and_type,
         "a mount request joins only a mount request's queue; otherwise it posts its own",
         "not historical: the inferred alternative, for comparison"}}),
      describe(Era::E2, autofs4_pending_lock,
       "Under which lock the \"mount request outstanding\" state is set, cleared and tested (seed "
       "001, Ian Kent: \"I've introduced some inconsistency in setting and clearing this flag\"). "
       "Once lookups share one dentry per name (2.6.27's active list), a lookup tests a flag "
       "another set; the test must hold the lock the set and clear hold. Read only while the invariant "
       "pending_lock is checked (scenario `invariants`), the only thing it changes.",
               {{Autofs4PendingLock::d_lock,
         "DCACHE_AUTOFS_PENDING in dentry->d_flags, set and cleared under dentry->d_lock "
         "(autofs4_lookup, try_to_fill_dentry); autofs4_revalidate() tests it with "
         "AUTOFS_INF_EXPIRING under sbi->fs_lock (2.6.27) or under no lock (2.6.22, 2.6.26-rc4), "
         "autofs4_lookup()'s \"still pending\" test under no lock",
         "linux-2.6.22 .. 2.6.27 fs/autofs4/root.c"},
                {Autofs4PendingLock::fs_lock,
         "the pending state kept with the expire state: AUTOFS_INF_PENDING in ino->flags, set, "
         "cleared and tested under sbi->fs_lock like AUTOFS_INF_EXPIRING",
         "later fs/autofs4/root.c (AUTOFS_INF_PENDING under sbi->fs_lock; the commit was not "
         "identified)"}}),
      describe(Era::E2, autofs4_mount,
       "How a mount requested by a lookup gets onto its dentry. The daemon of 2.6.2x makes the "
       "mount point itself (mkdir, which needs the autofs root's i_mutex) and mounts on it, so "
       "autofs4_lookup() must drop i_mutex while it waits. Al Viro (seed 001): \"have the daemon "
       "mount the sucker elsewhere and let the kernel side move the damn thing in place itself, "
       "along with making dentry positive and waking the sleepers up. Then we might get away with "
       "not unlocking anything at all\". The expire side is unchanged (the daemon umounts and "
       "rmdirs).",
               {{Autofs4Mount::daemon_mkdir,
         "the daemon mkdirs the mount point in the autofs directory and mounts on it; "
         "autofs4_lookup() drops i_mutex around the wait",
         "linux-2.6.22 .. 2.6.27 fs/autofs4/root.c, automount(8)"},
                {Autofs4Mount::move_in,
         "the daemon mounts elsewhere and hands the mount to the kernel with its READY; the kernel "
         "makes the requesting lookup's dentry a positive, hashed directory, moves the mount onto "
         "it and wakes the waiters; autofs4_lookup() keeps i_mutex while it waits",
         "not historical: Al Viro's proposal in seed 001, for comparison"}}),
      describe(Era::E2, vfs_revalidate_i_mutex,
       "Under which lock the VFS calls ->d_revalidate: __lookup_hash() (\"needs parent already "
       "locked\") runs it under the parent's i_mutex, a path walk without it, so autofs4 cannot "
       "drop i_mutex to call the daemon back from ->d_revalidate (commit 1864f7bd; seed 003's "
       "\"better fix\": always or never under the lock).",
               {{RevalidateDirLock::lookup_hash_only,
         "__lookup_hash() runs ->d_revalidate with the i_mutex its caller took; do_lookup() "
         "and real_lookup() without it",
         "linux-2.6.22 .. 2.6.27 fs/namei.c"},
                {RevalidateDirLock::never,
         "the better fix: __lookup_hash() lets go of i_mutex around ->d_revalidate and looks the "
         "name up again if the dentry was unhashed meanwhile, so no ->d_revalidate runs under it",
         "not historical: seed 003's \"much better fix\", for comparison"}}),
  };
  return rules;
}

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> profiles = {
      {"linux-2.6.22",
       "July 2007: autofs4_lookup() hashes the pending dentry before calling back the daemon; no "
       "reuse of expired dentries",
       Era::E2,
       {fix(autofs4_hash_in_lookup, Autofs4HashInLookup::before_create),
        fix(autofs4_unhashed_reuse, Autofs4UnhashedReuse::none),
        fix(autofs4_wait_match, Autofs4WaitMatch::name),
        fix(vfs_revalidate_i_mutex, RevalidateDirLock::lookup_hash_only),
        fix(autofs4_pending_lock, Autofs4PendingLock::d_lock),
        fix(autofs4_mount, Autofs4Mount::daemon_mkdir)}},
      {"linux-2.6.26-rc4",
       "June 2008: hashing delayed to the create (1864f7bd); the first lookup after an expire's "
       "rmdir reuses the unhashed dentry from the rehash list",
       Era::E2,
       {fix(autofs4_hash_in_lookup, Autofs4HashInLookup::at_create),
        fix(autofs4_unhashed_reuse, Autofs4UnhashedReuse::rehash_list),
        fix(autofs4_wait_match, Autofs4WaitMatch::name),
        fix(vfs_revalidate_i_mutex, RevalidateDirLock::lookup_hash_only),
        fix(autofs4_pending_lock, Autofs4PendingLock::d_lock),
        fix(autofs4_mount, Autofs4Mount::daemon_mkdir)}},
      {"linux-2.6.27",
       "October 2008: look-aside lists (active and expiring) shared by all lookups of a name; "
       "lookups wait for an expire to complete",
       Era::E2,
       {fix(autofs4_hash_in_lookup, Autofs4HashInLookup::at_create),
        fix(autofs4_unhashed_reuse, Autofs4UnhashedReuse::look_aside),
        fix(autofs4_wait_match, Autofs4WaitMatch::name),
        fix(vfs_revalidate_i_mutex, RevalidateDirLock::lookup_hash_only),
        fix(autofs4_pending_lock, Autofs4PendingLock::d_lock),
        fix(autofs4_mount, Autofs4Mount::daemon_mkdir)}},
  };
  return profiles;
}

}  // namespace dcsim::model::e2
