#include "model/e1/rules.hpp"

namespace dcsim::model::e1 {

const std::vector<Rule>& rules() {
  static const std::vector<Rule> rules = {
      describe(Era::E1, devfs_reacquire_i_sem,
       "Where devfs_lookup() re-takes the parent's i_sem after waiting for devfsd, relative to "
       "waking the d_revalidate waiters on its lookup struct. A waiter that came through "
       "lookup_hash() sleeps holding i_sem, so re-taking it first deadlocks (seed 003, Race A).",
               {{DevfsReacquireISem::before_wake,
         "up(i_sem); wait_for_devfsd_finished(); down(i_sem); ... wake_up(&lookup_info.wait_queue)",
         "linux-2.5.74 fs/devfs/base.c"},
                {DevfsReacquireISem::after_wake,
         "fix F1: down(i_sem) moved after the wake_up loop, so no waiter is still asleep when the "
         "lookup blocks on i_sem",
         "Andrey Borzenkov's patch of 2003-07-07 against 2.5.74; present in 2.6.0-test1"}}),
      describe(Era::E1, devfs_lookup_info,
       "Lifetime of devfs_lookup()'s struct devfs_lookup_struct, whose wait queue "
       "devfs_d_revalidate_wait() sleeps on. A waiter woken by wake_up() still touches the queue "
       "head in remove_wait_queue() after devfs_lookup() may have returned (seed 003, Race B).",
               {{DevfsLookupInfo::stack,
         "on devfs_lookup()'s stack; waiters call remove_wait_queue() on it after schedule()",
         "linux-2.5.74 fs/devfs/base.c"},
                {DevfsLookupInfo::refcounted,
         "fix F2: kmalloc'ed with an atomic count; each waiter takes a reference before sleeping "
         "and drops it after remove_wait_queue(); devfs_lookup() drops its own after wake_up()",
         "combined patch of 2003-07-07 against 2.5.74; a variant is in 2.6.0-test1"},
                {DevfsLookupInfo::no_touch_after_wake,
         "fix F3: back on the stack, and a woken waiter never touches the queue head again (no "
         "remove_wait_queue() after schedule()), as 2.4 did",
         "Andrey Borzenkov, \"redesign - stack corruption in devfs_lookup\", 2003-07-26 against "
         "2.6.0-test1 (not verified as merged)"}}),
      describe(Era::E1, vfs_revalidate_i_sem,
       "Under which lock the VFS calls ->d_revalidate: fs/namei.c holds the parent's i_sem from "
       "lookup_hash() (unlink, rmdir, mkdir, open O_CREAT) but not from a path walk, so a "
       "->d_revalidate that sleeps cannot know whether it sleeps holding i_sem (seed 003: \"Much "
       "better fix would be to ensure that ->d_revalidate either is always called under i_sem or "
       "always without\").",
               {{RevalidateDirLock::lookup_hash_only,
         "cached_lookup() runs ->d_revalidate with the i_sem lookup_hash()'s caller took; "
         "do_lookup() and real_lookup() without it",
         "linux-2.5.74 .. 2.6.x fs/namei.c"},
                {RevalidateDirLock::never,
         "the better fix: lookup_hash() lets go of i_sem around ->d_revalidate and looks the "
         "name up again if the dentry was unhashed meanwhile, so no ->d_revalidate runs under it",
         "not historical: Andrey Borzenkov's \"much better fix\" (2003-07-07), which he did not "
         "dare to make"}}),
  };
  return rules;
}

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> profiles = {
      {"linux-2.5.74",
       "July 2003 development kernel: devfs re-takes i_sem before waking revalidate waiters, "
       "lookup struct on the stack",
       Era::E1,
       {fix(devfs_reacquire_i_sem, DevfsReacquireISem::before_wake), fix(devfs_lookup_info, DevfsLookupInfo::stack),
        fix(vfs_revalidate_i_sem, RevalidateDirLock::lookup_hash_only)}},
      {"linux-2.6.0-test1",
       "2.6.0-test1: devfs wakes waiters before re-taking i_sem (F1) and refcounts the lookup "
       "struct (F2)",
       Era::E1,
       {fix(devfs_reacquire_i_sem, DevfsReacquireISem::after_wake), fix(devfs_lookup_info, DevfsLookupInfo::refcounted),
        fix(vfs_revalidate_i_sem, RevalidateDirLock::lookup_hash_only)}},
  };
  return profiles;
}

}  // namespace dcsim::model::e1
