#include "model/e4/rules.hpp"

namespace dcsim::model::e4 {

const std::vector<Rule>& rules() {
  static const std::vector<Rule> rules = {
      describe(Era::E4, mntput_cleanup,
       "Where the final mntput() of a mount shuts its file system down (cleanup_mnt: dput of the "
       "root, deactivate_super -> ->kill_sb, which may take locks and do I/O). In the dropper's "
       "context it runs on whatever stack the dropper has left; waiting for a worker to do it "
       "deadlocks if the dropper holds a lock the shutdown needs; deferring it past the return "
       "of umount(2) or kern_unmount() breaks callers that count on the file system being gone "
       "(seed 004).",
               {{MntputCleanup::sync,
         "mntput_no_expire() runs the whole cleanup synchronously in whichever context drops the "
         "last reference",
         "linux-3.14 fs/namespace.c mntput_no_expire"},
                {MntputCleanup::workqueue_wait,
         "the final mntput queues the cleanup on system_wq and waits for it (flush_work): a "
         "shallow stack, but the dropper blocks on the worker",
         "Eric W. Biederman, \"[RFC][PATCH 0/4] No I/O from mntput\", 2014-04 (seed 004; not "
         "merged as such)"},
                {MntputCleanup::delayed,
         "MNT_INTERNAL: cleanup_mnt() synchronously; a user task: task_work_add(), run on the "
         "return to user mode; a kernel thread: delayed_mntput_list + "
         "schedule_delayed_work(&delayed_mntput_work, 1). The dropper never waits",
         "9ea459e110df \"delayed mntput\" (3.18-rc1)"},
                {MntputCleanup::delayed_all,
         "as delayed, but MNT_INTERNAL mounts are deferred too, so kern_unmount() can return "
         "before the file system is shut down (not historical: the asynchronous kern_unmount "
         "Al Viro NAKed in 2022)",
         "none (model only; LKML 2022-02-18)"}}),
      describe(Era::E4, mntput_flush_filesystem,
       "Whether unloading a module waits for the file systems it registered to be shut down. "
       "A kern_mount()ed file system whose file_system_type has no owner can outlive the "
       "module's exit; its ->kill_sb then runs module code that is gone (seed 004).",
               {{MntputFlushFilesystem::none,
         "delete_module() does not look at the module's file systems: nothing flushes or forces "
         "a registered file system to be unmounted",
         "linux-3.14 .. linux-3.18 kernel/module.c"},
                {MntputFlushFilesystem::flush,
         "flush_filesystem(fs_type) at module unload: walk fs_supers -> s_mounts, force a lazy "
         "unmount of each mount, and wait until fs_supers is empty",
         "Eric W. Biederman's proposal in seed 004 (2014-04-16; not merged)"},
                {MntputFlushFilesystem::flush_sync,
         "as flush, but the final mntputs flush_filesystem() itself does are cleaned up "
         "(task_work_run()) before it waits: under delayed mntput they would otherwise wait on "
         "the waiter's own return to user mode",
         "none (model only: the proposal adapted to 9ea459e110df)"}}),
  };
  return rules;
}

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> profiles = {
      {"linux-3.14",
       "March 2014: the final mntput() runs the file system's shutdown synchronously in the "
       "dropper's context, however deep its stack; module unload flushes nothing",
       Era::E4,
       {fix(mntput_cleanup, MntputCleanup::sync), fix(mntput_flush_filesystem, MntputFlushFilesystem::none)}},
      {"linux-3.18",
       "December 2014: delayed mntput (9ea459e110df): shutdown on task_work for user tasks, on "
       "delayed work for kernel threads, synchronous for MNT_INTERNAL",
       Era::E4,
       {fix(mntput_cleanup, MntputCleanup::delayed), fix(mntput_flush_filesystem, MntputFlushFilesystem::none)}},
  };
  return profiles;
}

}  // namespace dcsim::model::e4
