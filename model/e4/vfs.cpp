#include "model/e4/vfs.hpp"

#include "model/e4/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/core/errno.hpp"

namespace dcsim::model::e4 {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;
using sim::ThreadId;

namespace {

// wait_event(fs_supers empty): open once the last super block of the type
// is gone; until then the waiter waits for whoever holds its mounts.
class SupersEmpty : public sim::Gate {
 public:
  SupersEmpty(const FileSystemType& type, const Vfs& vfs) : type_(type), vfs_(vfs) {}
  bool open(const sim::Execution&, ThreadId) const override { return type_.fs_supers.empty(); }
  void explain(const sim::Execution&, ThreadId t, sim::WaitEdge& edge) const override {
    edge.object = type_.id;
    edge.relation = fmt::format("waiting for the last super block of {} to go, which waits for",
                                type_.name);
    // Holders of its mounts, and tasks whose task_work holds a cleanup: the
    // waiter itself, when its own final mntput went to its task_work.
    for (const auto& [task, info] : vfs_.tasks) {
      bool holds = !info.task_works.empty();
      for (const auto& [mnt, n] : info.refs)
        if (task != t && n > 0 && mnt->mnt_sb->s_type == &type_) holds = true;
      if (holds) edge.waits_for.push_back(task);
    }
    if (!vfs_.system_wq->idle())
      for (ThreadId w : vfs_.system_wq->workers()) edge.waits_for.push_back(w);
  }

 private:
  const FileSystemType& type_;
  const Vfs& vfs_;
};

Vfs& vfs_of(Kernel& k) { return *kernel_vfs(k); }
Task& me(Kernel& k) { return vfs_of(k).task(k.current()); }

void drop_ref(Kernel& k, Mount* mnt) {
  auto& refs = me(k).refs;
  if (auto it = refs.find(mnt); it != refs.end() && it->second > 0) --it->second;
}

// fs/namespace.c, 3.18 (9ea459e110df) delayed_mntput: drain the llist.
void delayed_mntput(Kernel& k) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("delayed_mntput");
  k.ex.visible(Footprint("llist_del_all", {vfs.delayed_mntput_list, Access::Write}));
  std::vector<Mount*> list;
  list.swap(vfs.delayed_mntput_pending);
  for (Mount* m : list) cleanup_mnt(k, m);
}

// ->kill_sb as the scenario describes it; module code, so it touches the
// module's text (a use-after-free once the module is unloaded).
void kill_sb(Kernel& k, SuperBlock* sb) {
  Vfs& vfs = vfs_of(k);
  FileSystemType* fs = sb->s_type;
  KernelFunction fn("kill_sb");
  if (fs->module_text != sim::kNoObject)
    k.ex.visible(Footprint("->kill_sb", {sb->id, Access::Write}, {fs->module_text, Access::Read}));
  else
    k.ex.visible(Footprint("->kill_sb", {sb->id, Access::Write}));
  std::vector<sim::Mutex*> held;
  for (const std::string& l : fs->kill_sb.locks) {
    sim::Mutex* m = vfs.locks.at(l).get();
    m->mutex_lock();
    held.push_back(m);
  }
  if (fs->kill_sb.io) {
    KernelFunction io("sync_filesystem");
    k.ex.visible(Footprint("sync_filesystem: I/O", {sb->id, Access::Write}));
  }
  for (auto it = held.rbegin(); it != held.rend(); ++it) (*it)->mutex_unlock();
}

}  // namespace

Vfs& vfs_setup(Kernel& k) {
  Vfs* vfs = k.make<Vfs>();
  k.k_era = vfs;
  vfs->mount_lock = k.ex.objects().add("seqlock", "mount_lock");
  vfs->delayed_mntput_list = k.ex.objects().add("llist", "delayed_mntput_list");
  // One worker: the pool is concurrency-managed, and one cleanup at a time
  // is all the scenarios queue (a second worker only adds interleavings).
  vfs->system_wq = std::make_unique<sim::WorkQueue>(k.ex, "system_wq", 1);
  Kernel* kp = &k;
  vfs->delayed_mntput_work =
      std::make_unique<sim::Work>(k.ex, "delayed_mntput_work", [kp] { delayed_mntput(*kp); });
  for (ThreadId w : vfs->system_wq->workers()) {
    Task& t = vfs->task(w);
    t.kthread = true;
    t.used = kKworkerDepth;
  }
  return *vfs;
}

Mount* mount_setup(Kernel& k, const std::string& name, FileSystemType* type, bool internal,
                   bool mounted) {
  Vfs& vfs = vfs_of(k);
  if (!type->supers_empty) type->supers_empty = std::make_unique<SupersEmpty>(*type, vfs);
  auto sb = std::make_unique<SuperBlock>();
  sb->name = fmt::format("{} ({})", type->name, name);
  sb->id = k.ex.objects().add("super_block", "super_block " + sb->name);
  sb->s_type = type;
  sb->s_umount = std::make_unique<sim::Mutex>(k.ex, "s_umount of " + sb->name, sb->id);
  auto mnt = std::make_unique<Mount>();
  mnt->name = name;
  mnt->id = k.ex.objects().add("mount", "mount " + name);
  mnt->mnt_sb = sb.get();
  mnt->mnt_count = 1;  // the namespace's, or kern_mount()'s caller's
  mnt->mnt_ns = !internal;
  if (internal) mnt->mnt_flags |= MNT_INTERNAL;
  Kernel* kp = &k;
  Mount* m = mnt.get();
  mnt->cleanup_work = std::make_unique<sim::Work>(k.ex, "cleanup_mnt work of " + name,
                                                  [kp, m] { cleanup_mnt(*kp, m); });
  sb->s_mounts.push_back(m);
  sb->mounted = mounted;
  if (mounted) {
    type->fs_supers.push_back(sb.get());
  } else {
    mnt->mnt_count = 0;
  }
  vfs.supers[name] = std::move(sb);
  vfs.mounts[name] = std::move(mnt);
  return m;
}

// fs/namespace.c, 3.14 mntget: mnt_add_count(mnt, 1).
void mntget(Kernel& k, Mount* mnt) {
  k.ex.visible(Footprint("mnt_add_count(+1)", {mnt->id, Access::Write}));
  ++mnt->mnt_count;
  ++me(k).refs[mnt];
}

// fs/namespace.c, 3.14 mntput_no_expire, with the 3.18 tail (9ea459e110df)
// choosing where cleanup_mnt() runs.
//
// Locking: the fast path is lock-free under RCU (a mount in a namespace is
// never the last reference: umount clears mnt_ns and synchronize_rcu()s
// before dropping the namespace's); the slow path sums the counts under
// lock_mount_hash(), sets MNT_DOOMED and unlinks mnt_instance there.
static void mntput_no_expire(Kernel& k, Mount* mnt) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("mntput_no_expire");
  StackFrame frame(vfs, k.current(), kMntputNoExpireFrame);
  k.ex.visible(Footprint("mnt_add_count(-1)", {mnt->id, Access::Write}));
  if (--mnt->mnt_count < 0)
    k.ex.fail(sim::Verdict::Bug, fmt::format("mntput of mount {} with no reference left", mnt->name), mnt->id);
  drop_ref(k, mnt);
  if (mnt->mnt_ns) {
    k.ex.result("still in a namespace");
    return;
  }
  k.ex.visible(Footprint("lock_mount_hash; mnt_get_count", {vfs.mount_lock, Access::Write},
                         {mnt->id, Access::Write}));
  if (mnt->mnt_count > 0 || (mnt->mnt_flags & MNT_DOOMED)) {
    k.ex.result(fmt::format("count {}", mnt->mnt_count));
    return;
  }
  mnt->mnt_flags |= MNT_DOOMED;
  auto& sm = mnt->mnt_sb->s_mounts;
  sm.erase(std::find(sm.begin(), sm.end(), mnt));
  k.ex.result("last reference: MNT_DOOMED");

  const MntputCleanup how = k.rules.get(mntput_cleanup);
  if (how == MntputCleanup::sync || (how == MntputCleanup::delayed && (mnt->mnt_flags & MNT_INTERNAL))) {
    cleanup_mnt(k, mnt);
    return;
  }
  if (how == MntputCleanup::workqueue_wait) {
    sim::queue_work(*vfs.system_wq, *mnt->cleanup_work);
    sim::flush_work(*mnt->cleanup_work);
    return;
  }
  // delayed, delayed_all
  if (!me(k).kthread) {
    Kernel* kp = &k;
    task_work_add(k, "__cleanup_mnt", [kp, mnt] { cleanup_mnt(*kp, mnt); });
    return;
  }
  k.ex.visible(Footprint("llist_add(&mnt->mnt_llist, &delayed_mntput_list)",
                         {vfs.delayed_mntput_list, Access::Write}));
  vfs.delayed_mntput_pending.push_back(mnt);
  sim::schedule_delayed_work(*vfs.system_wq, *vfs.delayed_mntput_work);
}

// fs/namespace.c, 3.14 mntput.
void mntput(Kernel& k, Mount* mnt) {
  KernelFunction fn("mntput");
  StackFrame frame(vfs_of(k), k.current(), kMntputFrame);
  mntput_no_expire(k, mnt);
}

// fs/namespace.c, 3.18 cleanup_mnt: what 3.14's mntput_no_expire did after
// unlocking; fsnotify_vfsmount_delete and dput(mnt_root) are left out (no
// locks the scenarios turn on).
void cleanup_mnt(Kernel& k, Mount* mnt) {
  KernelFunction fn("cleanup_mnt");
  StackFrame frame(vfs_of(k), k.current(), kCleanupMntFrame);
  deactivate_super(k, mnt->mnt_sb);
}

// fs/super.c, 3.14 deactivate_super -> deactivate_locked_super.
//
// Locking: s_active drops without s_umount unless it would reach zero; the
// last drop takes s_umount for write and calls ->kill_sb under it; the super
// block leaves fs_supers (sb_lock) once ->kill_sb is done.
void deactivate_super(Kernel& k, SuperBlock* sb) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("deactivate_super");
  StackFrame frame(vfs, k.current(), kDeactivateSuperFrame);
  k.ex.visible(Footprint("atomic_add_unless(&s->s_active, -1, 1)", {sb->id, Access::Write}));
  if (sb->s_active > 1) {
    --sb->s_active;
    return;
  }
  k.ex.visible(Footprint("down_write(&s->s_umount); atomic_dec_and_test(&s->s_active)",
                         {sb->s_umount->id(), Access::Acquire}, {sb->id, Access::Write}),
               sb->s_umount.get());
  sb->s_umount->lock_effect();
  if (--sb->s_active > 0) {
    sb->s_umount->mutex_unlock();
    return;
  }
  const Task& t = me(k);
  const std::uint32_t left = t.stack_size > t.used ? t.stack_size - t.used : 0;
  if (left < sb->s_type->kill_sb.stack)
    k.ex.fail(sim::Verdict::Bug,
              fmt::format("deactivate_super ran with {} bytes of stack left in {}; "
                          "->kill_sb of {} needs {}",
                          left, k.ex.thread_name(k.current()), sb->s_type->name, sb->s_type->kill_sb.stack),
              sb->id);
  kill_sb(k, sb);
  k.ex.visible(Footprint("put_filesystem; hlist_del_init(&s->s_instances); up_write(&s->s_umount)",
                         {sb->s_type->id, Access::Write}, {sb->s_umount->id(), Access::Release}));
  auto& supers = sb->s_type->fs_supers;
  supers.erase(std::find(supers.begin(), supers.end(), sb));
  sb->shut_down = true;
  sb->s_umount->unlock_effect();
  k.ex.result(fmt::format("{} shut down", sb->name));
}

// lookup_mnt() + legitimize_mnt(), fs/namespace.c (3.14): find the mount
// and take a reference, one step under mount_lock (read side); false when
// it was unmounted already. `via` names the caller's lookup in the trace.
static bool get_mount(Kernel& k, Mount* mnt, const char* via) {
  Vfs& vfs = vfs_of(k);
  KernelFunction look(via);
  k.ex.visible(Footprint("lookup_mnt; legitimize_mnt", {vfs.mount_lock, Access::Read}, {mnt->id, Access::Write}));
  if (!mnt->mnt_ns) {
    k.ex.result("not mounted");
    return false;
  }
  ++mnt->mnt_count;
  ++me(k).refs[mnt];
  return true;
}

// The walk of fs/namei.c (3.14) into a mount: lookup_mnt() finds it and
// takes a reference (legitimize_mnt), the walk goes on deep (symlinks),
// and path_put() drops the reference at that depth.
int path_walk(Kernel& k, Mount* mnt) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("path_walk");
  if (!get_mount(k, mnt, "lookup_mnt")) return -ENOENT;
  KernelFunction put("path_put");
  StackFrame frame(vfs, k.current(), kPathPutFrame);
  mntput(k, mnt);
  return 0;
}

// fs/namespace.c (3.14) SYSCALL_DEFINE2(umount) -> do_umount -> umount_tree;
// the namespace's reference goes in namespace_unlock() (after
// synchronize_rcu), the syscall's own in path_put().
//
// Locking: namespace_sem + lock_mount_hash around the busy check and
// umount_tree (one step); no lock held across either mntput.
int sys_umount(Kernel& k, Mount* mnt, bool lazy) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("sys_umount");
  StackFrame frame(vfs, k.current(), kUmountFrame);
  if (!get_mount(k, mnt, "user_path_at")) return -EINVAL;
  int err = 0;
  bool detached = true;
  {
    KernelFunction du("do_umount");
    k.ex.visible(Footprint("namespace_lock; lock_mount_hash; umount_tree",
                           {vfs.mount_lock, Access::Write}, {mnt->id, Access::Write}));
    // propagate_mount_busy(mnt, 2): the namespace's reference and ours.
    if (!lazy && mnt->mnt_count > 2) {
      k.ex.result(fmt::format("busy: count {}", mnt->mnt_count));
      err = -EBUSY;
    } else if (!mnt->mnt_ns) {
      // if (!list_empty(&mnt->mnt_list)) umount_tree(): someone else did.
      k.ex.result("already unmounted");
      detached = false;
    } else {
      mnt->mnt_ns = false;
      k.ex.result(lazy ? "detached (MNT_DETACH)" : "detached");
    }
  }
  if (!err && detached) {
    KernelFunction nu("namespace_unlock");
    ++me(k).refs[mnt];  // the namespace's reference, dropped here
    mntput(k, mnt);
  }
  KernelFunction put("path_put");
  StackFrame pf(vfs, k.current(), kPathPutFrame);
  mntput(k, mnt);
  return err;
}

void kern_mount(Kernel& k, Mount* mnt) {
  KernelFunction fn("kern_mount");
  SuperBlock* sb = mnt->mnt_sb;
  k.ex.visible(Footprint("sget: hlist_add_head(&s->s_instances, &type->fs_supers)",
                         {sb->s_type->id, Access::Write}, {mnt->id, Access::Write}));
  sb->mounted = true;
  sb->s_type->fs_supers.push_back(sb);
  mnt->mnt_count = 1;
  k.ex.result(sb->name);
}

// fs/namespace.c, 3.14 kern_unmount: mnt_ns = NULL; synchronize_rcu(); mntput().
void kern_unmount(Kernel& k, Mount* mnt) {
  KernelFunction fn("kern_unmount");
  ++me(k).refs[mnt];  // kern_mount()'s reference, which the caller owns
  mntput(k, mnt);
}

// Seed 004's flush_filesystem(fs_type), as Eric Biederman describes it (not
// in any kernel): "wait for fs_type->fs_supers to become an empty list, after
// walking fs_supers->s_mounts and force a lazy unmount on all mounts".
//
// Locking: the walk and the detaching under lock_mount_hash (namespace_sem
// in a kernel: one step here); the namespace's references are dropped after
// it, as namespace_unlock() does; the wait holds nothing.
void flush_filesystem(Kernel& k, FileSystemType* type) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("flush_filesystem");
  StackFrame frame(vfs, k.current(), kFlushFilesystemFrame);
  k.ex.visible(Footprint("lock_mount_hash; walk fs_supers -> s_mounts; umount_tree(MNT_DETACH)",
                         {vfs.mount_lock, Access::Write}, {type->id, Access::Read}));
  std::vector<Mount*> detached;
  for (SuperBlock* sb : type->fs_supers)
    for (Mount* m : sb->s_mounts)
      if (m->mnt_ns) {
        m->mnt_ns = false;
        detached.push_back(m);
      }
  k.ex.result(fmt::format("{} mount(s) detached", detached.size()));
  for (Mount* m : detached) {
    ++me(k).refs[m];  // the namespace's reference
    mntput(k, m);
  }
  // Under delayed mntput a final mntput above went to this task's
  // task_work, which would run only after the wait below.
  if (k.rules.is(mntput_flush_filesystem, MntputFlushFilesystem::flush_sync)) task_work_run(k, /*return_to_user=*/false);
  k.ex.visible(Footprint("wait_event(fs_supers empty)", {type->id, Access::Wait}),
               type->supers_empty.get());
  if (!type->fs_supers.empty())
    k.ex.fail(sim::Verdict::Bug,
              fmt::format("flush_filesystem({}) returned with a super block of the type left", type->name),
              type->id);
}

// kernel/module.c (3.14) delete_module: the module's exit, then free_module.
int module_unload(Kernel& k, const std::string& module) {
  Vfs& vfs = vfs_of(k);
  KernelFunction fn("delete_module");
  if (!k.rules.is(mntput_flush_filesystem, MntputFlushFilesystem::none))
    for (auto& [name, type] : vfs.fs_types)
      if (type->module == module) flush_filesystem(k, type.get());
  KernelFunction fm("free_module");
  const sim::ObjectId text = vfs.modules.at(module);
  k.ex.visible(Footprint("module_free", {text, Access::Free}));
  k.ex.end_lifetime(text);
  return 0;
}

// kernel/task_work.c, 3.14 task_work_add: the current task's own list, so
// no other task can observe it (no step).
void task_work_add(Kernel& k, std::string name, std::function<void()> fn) {
  k.ex.note("task_work_add", sim::kNoObject, name);
  me(k).task_works.emplace_back(std::move(name), std::move(fn));
}

// kernel/task_work.c, 3.14 task_work_run, from do_notify_resume on the
// way back to user mode: on a shallow stack.
void task_work_run(Kernel& k, bool return_to_user) {
  Task& t = me(k);
  if (t.kthread || t.task_works.empty()) return;
  KernelFunction fn("task_work_run");
  const std::uint32_t saved = t.used;
  if (return_to_user) t.used = kReturnToUserDepth;
  while (!t.task_works.empty()) {
    auto works = std::move(t.task_works);
    t.task_works.clear();
    for (auto& [name, work] : works) work();
  }
  t.used = saved;
}

void check_at_end(Kernel& k) {
  for (const auto& [name, type] : vfs_of(k).fs_types) {
    if (type->module_text == sim::kNoObject || k.ex.objects().at(type->module_text).alive) continue;
    for (const SuperBlock* sb : type->fs_supers)
      k.ex.fail_at_end(sim::Verdict::Bug,
                       fmt::format("module {} was unloaded with super block {} of its file system {} "
                                   "still alive: its ->kill_sb would run code that is gone",
                                   type->module, sb->name, type->name),
                       sb->id);
  }
}

}  // namespace dcsim::model::e4
