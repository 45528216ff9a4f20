#include "model/e1/devfs.hpp"

#include "model/e1/rules.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "model/core/dcache.hpp"
#include "model/e1/objects.hpp"

namespace dcsim::model::devfs {

using sim::Access;
using sim::Footprint;
using sim::KernelFunction;
using sim::TaskState;

FsInfo::FsInfo(sim::Execution& ex)
    : dir_lock(ex, "u.dir.lock of devfs /"),
      event_queue(ex.objects().add("devfsd queue", "devfsd event queue")),
      devfsd_state(ex.objects().add("devfsd state", "devfsd_sleeping")),
      devfsd_wait_queue(ex, "devfsd_wait_queue"),
      revalidate_wait_queue(ex, "revalidate_wait_queue") {}

namespace {

// struct devfs_lookup_struct: `de` and the wait queue that
// devfs_d_revalidate_wait() sleeps on; `count` only under the F2 fix.
struct LookupInfo {
  LookupInfo(sim::Execution& ex, const std::string& name, sim::ObjectId container)
      : id(ex.objects().add("devfs_lookup_struct", name, container)),
        wait_queue(ex, name + ".wait_queue", id) {}
  sim::ObjectId id;
  const DevfsEntry* de = nullptr;
  sim::WaitQueue wait_queue;
  int count = 1;
};

FsInfo* fs_info(Inode* dir) { return static_cast<FsInfo*>(dir->i_sb->s_fs_info); }

int devfs_d_revalidate_wait(Kernel& k, Dentry* dentry);
int devfs_d_delete(Kernel& k, Dentry* dentry);

const DentryOperations devfs_dops = {nullptr, devfs_d_delete, nullptr, "devfs_dops"};
const DentryOperations devfs_wait_dops = {devfs_d_revalidate_wait, devfs_d_delete, nullptr,
                                          "devfs_wait_dops"};

bool is_devfsd_or_child(Kernel& k, const FsInfo* fs) { return k.current() == fs->devfsd_task; }

// fs/devfs/base.c (2.5.74) _devfs_search_dir, bracketed by read_lock/read_unlock
// of the directory lock as every caller does: one step, since nothing else
// happens inside the read-side section.
const DevfsEntry* search_dir(Kernel& k, FsInfo* fs, const std::string& name) {
  KernelFunction fn("_devfs_search_dir");
  k.ex.visible(Footprint("_devfs_search_dir", {fs->dir_lock.id(), Access::AcquireShared}),
               &fs->dir_lock.read_gate());
  for (const DevfsEntry& e : fs->entries)
    if (e.name == name) {
      k.ex.result("found");
      return &e;
    }
  k.ex.result("not found");
  return nullptr;
}

// fs/devfs/base.c (2.5.74) devfsd_notify_de: queue the event under
// devfsd_buffer_lock, then wake_up_interruptible(&devfsd_wait_queue).
bool devfsd_notify_de(Kernel& k, FsInfo* fs, const std::string& name, sim::ObjectId de) {
  KernelFunction fn("devfsd_notify_de");
  k.ex.visible(Footprint("queue event", {fs->event_queue, Access::Write}));
  fs->events.push_back(Event{name, de});
  k.ex.result("LOOKUP " + name);
  fs->devfsd_wait_queue.wake_up();
  return true;
}

// fs/devfs/base.c (2.5.74) try_modload: ask devfsd to load a module for a
// missing name. `tmp` must stay in scope until devfsd is idle again.
int try_modload(Kernel& k, FsInfo* fs, const std::string& name, sim::ObjectId tmp) {
  KernelFunction fn("try_modload");
  if (fs->devfsd_task == sim::kNoThread) return -ENOENT;  // no DEVFSD_NOTIFY_LOOKUP in the mask
  if (is_devfsd_or_child(k, fs)) return -ENOENT;
  if (!devfsd_notify_de(k, fs, name, tmp)) return -ENOENT;
  return 0;
}

bool devfsd_idle(Kernel& k, FsInfo* fs, const char* what) {
  k.ex.visible(Footprint(what, {fs->event_queue, Access::Read}, {fs->devfsd_state, Access::Read}));
  const bool idle = fs->events.empty() && fs->devfsd_sleeping;
  k.ex.result(idle ? "devfsd idle" : "devfsd busy");
  return idle;
}

// fs/devfs/base.c (2.5.74) wait_for_devfsd_finished: sleep on
// revalidate_wait_queue until devfsd has drained its queue and sleeps.
bool wait_for_devfsd_finished(Kernel& k, FsInfo* fs) {
  KernelFunction fn("wait_for_devfsd_finished");
  if (fs->devfsd_task == sim::kNoThread) return true;
  if (devfsd_idle(k, fs, "devfsd_queue_empty && devfsd_sleeping")) return true;
  if (is_devfsd_or_child(k, fs)) return false;
  sim::set_current_state(TaskState::Uninterruptible);
  fs->revalidate_wait_queue.add_wait_queue();
  if (!devfsd_idle(k, fs, "!devfsd_queue_empty || !devfsd_sleeping"))
    sim::schedule(fs->revalidate_wait_queue);
  fs->revalidate_wait_queue.remove_wait_queue();
  sim::set_current_state(TaskState::Running);
  return true;
}

// fs/devfs/base.c (2.5.74) devfs_d_revalidate_wait: a dentry that
// devfs_lookup() has hashed but not finished carries devfs_wait_dops; the
// revalidating task sleeps on the lookup struct's wait queue until
// devfs_lookup() wakes it. It neither takes nor drops i_sem, so from
// lookup_hash() it sleeps holding i_sem (Race A), and after waking it
// touches the queue head with remove_wait_queue() (Race B).
int devfs_d_revalidate_wait(Kernel& k, Dentry* dentry) {
  KernelFunction fn("devfs_d_revalidate_wait");
  FsInfo* fs = fs_info(dentry->d_parent->d_inode);
  // devfsd itself never looks names up in this model, so the
  // is_devfsd_or_child() branch that instantiates the inode is left out.
  k.ex.visible(Footprint("lookup_info = dentry->d_fsdata", {dentry->id, Access::Read}));
  auto* lookup_info = static_cast<LookupInfo*>(dentry->d_fsdata);
  k.ex.result(lookup_info ? "set" : "NULL");
  if (!lookup_info) return 1;  // early termination

  const bool refcounted = k.rules.is(e1::devfs_lookup_info, e1::DevfsLookupInfo::refcounted);
  k.ex.visible(Footprint("read_lock; dentry->d_fsdata?",
                         {fs->dir_lock.id(), Access::AcquireShared}, {dentry->id, Access::Read}),
               &fs->dir_lock.read_gate());
  fs->dir_lock.read_lock_effect();
  if (!dentry->d_fsdata) {
    k.ex.result("NULL: lookup finished");
    k.ex.visible(Footprint("read_unlock", {fs->dir_lock.id(), Access::Release}));
    fs->dir_lock.read_unlock_effect();
    return 1;
  }
  k.ex.result("set: lookup in progress");
  sim::set_current_state(TaskState::Uninterruptible);
  if (refcounted)
    k.ex.visible(Footprint("get; add_wait_queue; read_unlock", {lookup_info->id, Access::Write},
                           {lookup_info->wait_queue.id(), Access::Write},
                           {fs->dir_lock.id(), Access::Release}));
  else
    k.ex.visible(Footprint("add_wait_queue; read_unlock",
                           {lookup_info->wait_queue.id(), Access::Write},
                           {fs->dir_lock.id(), Access::Release}));
  if (refcounted) ++lookup_info->count;
  lookup_info->wait_queue.add_effect();
  fs->dir_lock.read_unlock_effect();
  sim::schedule(lookup_info->wait_queue);
  if (k.rules.is(e1::devfs_lookup_info, e1::DevfsLookupInfo::no_touch_after_wake)) return 1;
  lookup_info->wait_queue.remove_wait_queue();
  if (refcounted) {
    k.ex.visible(Footprint("put_devfs_lookup_struct", {lookup_info->id, Access::Write}));
    if (--lookup_info->count == 0) {
      k.ex.result("last reference: kfree");
      k.ex.end_lifetime(lookup_info->id);
    } else {
      k.ex.result(fmt::format("count {}", lookup_info->count));
    }
  }
  return 1;
}

// fs/devfs/base.c (2.5.74) devfs_d_delete: negative dentries are dropped at
// the last dput(); a waiting dentry reverts to devfs_dops.
int devfs_d_delete(Kernel&, Dentry* dentry) {
  if (dentry->d_op == &devfs_wait_dops) dentry->d_op = &devfs_dops;
  return dentry->d_inode == nullptr ? 1 : 0;
}

Inode* devfs_get_vfs_inode(Kernel& k, Inode* dir, const DevfsEntry* de, Dentry* dentry) {
  (void)de;
  return k.new_inode(dentry->path, false, nullptr, dir->i_sb);
}

// fs/devfs/base.c (2.5.74) devfs_lookup: called by the VFS with dir->i_sem
// held. For a name devfs does not know it asks devfsd (try_modload), hashes
// the negative dentry with devfs_wait_dops ("open the floodgates"), drops
// i_sem while devfsd works, and at the end wakes the revalidate waiters on
// its lookup struct, which lives on this stack frame.
//   devfs.reacquire_i_sem: before_wake re-takes i_sem before that wake_up
//     (2.5.74), after_wake after it (F1).
//   devfs.lookup_info: stack (2.5.74), refcounted (F2), no_touch_after_wake (F3).
ErrOr<Dentry*> devfs_lookup(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("devfs_lookup");
  FsInfo* fs = fs_info(dir);
  const std::string& me = k.ex.thread_name(k.current());
  const bool refcounted = k.rules.is(e1::devfs_lookup_info, e1::DevfsLookupInfo::refcounted);
  const bool wake_first = k.rules.is(e1::devfs_reacquire_i_sem, e1::DevfsReacquireISem::after_wake);

  // The frame holds `struct devfs_entry tmp` and, except under F2, the
  // lookup struct; both die when devfs_lookup() returns.
  sim::StackObject frame("stack frame", fmt::format("stack frame of devfs_lookup in {}", me));
  sim::ObjectId tmp = k.ex.objects().add("devfs_entry", "tmp (devfs_entry on devfs_lookup's stack)",
                                         frame.id());
  LookupInfo* lookup_info =
      refcounted ? k.make<LookupInfo>(k.ex, fmt::format("lookup_info (kmalloc'ed by {})", me),
                                      sim::kNoObject)
                 : k.make<LookupInfo>(k.ex, "lookup_info", frame.id());
  lookup_info->wait_queue.set_wakers({k.current()});

  dentry->d_op = &devfs_dops;  // not yet visible to anyone
  const DevfsEntry* de = search_dir(k, fs, dentry->name);
  lookup_info->de = de;
  dentry->d_fsdata = lookup_info;
  if (!de) {
    // Leave a negative dentry for anyone else to deal with if devfsd cannot be asked.
    if (try_modload(k, fs, dentry->name, tmp) < 0) {
      // 2.5.74 leaves d_fsdata pointing at this frame's lookup_info; with
      // devfs_dops (no ->d_revalidate) nothing reads it again.
      d_add(k, dentry, nullptr);
      return {nullptr, 0};
    }
  }
  dentry->d_op = &devfs_wait_dops;
  d_add(k, dentry, nullptr);  // open the floodgates
  // Unlock the directory semaphore, which will release any waiters. They
  // get the hashed dentry and may have to wait for revalidation.
  e1::i_sem(dir).up();
  wait_for_devfsd_finished(k, fs);
  if (!wake_first) e1::i_sem(dir).down();  // "Grab it again because them's the rules"
  de = lookup_info->de;

  k.ex.visible(Footprint("dentry->d_inode?", {dentry->id, Access::Read}));
  k.ex.result(dentry->d_inode ? "positive: someone made the inode" : "negative");
  if (!dentry->d_inode) {
    if (!de) de = search_dir(k, fs, dentry->name);
    if (de) d_instantiate(k, dentry, devfs_get_vfs_inode(k, dir, de, dentry));
  }

  // out:
  if (refcounted) {
    k.ex.visible(Footprint("write_lock; d_op, d_fsdata = NULL; wake_up; put; write_unlock",
                           {fs->dir_lock.id(), Access::Acquire}, {dentry->id, Access::Write},
                           {lookup_info->wait_queue.id(), Access::Wake},
                           {lookup_info->id, Access::Write}),
                 &fs->dir_lock.write_gate());
    dentry->d_op = &devfs_dops;
    dentry->d_fsdata = nullptr;
    lookup_info->wait_queue.wake_up_effect();
    if (--lookup_info->count == 0) k.ex.end_lifetime(lookup_info->id);
  } else {
    k.ex.visible(Footprint("d_op = devfs_dops; d_fsdata = NULL", {dentry->id, Access::Write}));
    dentry->d_op = &devfs_dops;
    dentry->d_fsdata = nullptr;
    k.ex.visible(Footprint("write_lock; wake_up; write_unlock", {fs->dir_lock.id(), Access::Acquire},
                           {lookup_info->wait_queue.id(), Access::Wake}),
                 &fs->dir_lock.write_gate());
    lookup_info->wait_queue.wake_up_effect();
  }
  if (wake_first) e1::i_sem(dir).down();  // F1: only after every waiter was woken
  return {nullptr, 0};
}

// fs/devfs/base.c (2.5.74) devfs_unlink: only entries created through the
// VFS (mknod) may be removed.
int devfs_unlink(Kernel& k, Inode* dir, Dentry* dentry) {
  KernelFunction fn("devfs_unlink");
  FsInfo* fs = fs_info(dir);
  k.ex.visible(Footprint("write_lock; _devfs_unhook; write_unlock",
                         {fs->dir_lock.id(), Access::Acquire}),
               &fs->dir_lock.write_gate());
  auto it = std::find_if(fs->entries.begin(), fs->entries.end(),
                         [&](const DevfsEntry& e) { return e.name == dentry->name; });
  if (it == fs->entries.end()) return -ENOENT;
  if (!it->vfs_deletable) return -EPERM;
  fs->entries.erase(it);
  return 0;
}

const InodeOperations& devfs_dir_iops() {
  static const InodeOperations ops = [] {
    InodeOperations o;
    o.lookup = devfs_lookup;
    o.unlink = devfs_unlink;
    return o;
  }();
  return ops;
}

// devfsd_read()'s schedule(): sleep on devfsd_wait_queue until an event is
// queued; awake, devfsd is no longer "sleeping" for wait_for_devfsd_finished().
void devfsd_sleep(Kernel& k, FsInfo* fs) {
  k.ex.visible(Footprint("schedule; devfsd_sleeping = FALSE",
                         {fs->devfsd_wait_queue.id(), Access::Wait},
                         {fs->devfsd_state, Access::Write}),
               &fs->devfsd_wait_queue);
  fs->devfsd_sleeping = false;
  sim::set_current_state(TaskState::Interruptible);
}

// devfsd as the daemon sees it: devfsd_read() in the kernel (block for an
// event, waking revalidate_wait_queue whenever the queue is empty), then the
// user-space handler; for a LOOKUP it may load a module that registers the
// name (devfs_register under the directory's write lock).
void devfsd_main(Kernel& k, FsInfo* fs) {
  for (;;) {
    {
      KernelFunction fn("devfsd_read");
      for (;;) {
        k.ex.visible(Footprint("devfsd_queue_empty", {fs->event_queue, Access::Read}));
        const bool empty = fs->events.empty();
        k.ex.result(empty ? "empty" : "event pending");
        if (!empty) break;
        k.ex.visible(Footprint("devfsd_sleeping = TRUE; wake_up", {fs->devfsd_state, Access::Write},
                               {fs->revalidate_wait_queue.id(), Access::Wake}));
        fs->devfsd_sleeping = true;
        fs->revalidate_wait_queue.wake_up_effect();
        devfsd_sleep(k, fs);
      }
      fs->devfsd_wait_queue.remove_wait_queue();
      sim::set_current_state(TaskState::Running);
      const Event& ev = fs->events.front();
      k.ex.visible(Footprint("read event; dequeue", {fs->event_queue, Access::Write},
                             {ev.de, Access::Read}));
      const std::string name = ev.name;
      fs->events.pop_front();
      k.ex.result("LOOKUP " + name);
      if (std::find(fs->registers_on_lookup.begin(), fs->registers_on_lookup.end(), name) !=
          fs->registers_on_lookup.end()) {
        KernelFunction reg("devfs_register");
        k.ex.visible(Footprint("write_lock; _devfs_append_entry; write_unlock",
                               {fs->dir_lock.id(), Access::Acquire}),
                     &fs->dir_lock.write_gate());
        fs->entries.push_back(DevfsEntry{name, false});
        k.ex.result("registered " + name);
      }
    }
    // The next read(): set_current_state(TASK_INTERRUPTIBLE); add_wait_queue().
    KernelFunction fn("devfsd_read");
    sim::set_current_state(TaskState::Interruptible);
    fs->devfsd_wait_queue.add_wait_queue();
  }
}

}  // namespace

void mount(Kernel& k, Dentry* parent, const std::string& name, const Config& config) {
  auto* sb = k.make<SuperBlock>();
  sb->fs_type = "devfs";
  FsInfo* fs = k.make<FsInfo>(k.ex);
  sb->s_fs_info = fs;
  fs->entries = config.entries;
  fs->registers_on_lookup = config.registers_on_lookup;
  Inode* root = k.new_inode(child_path(parent, name), true, &devfs_dir_iops(), sb);
  d_alloc_setup(k, parent, name, root);
  if (!config.devfsd) return;
  fs->devfsd_sleeping = true;
  fs->revalidate_wait_queue.set_wakers({});
  fs->devfsd_task = k.ex.spawn("devfsd", [&k, fs] {
    // devfsd starts idle inside devfsd_read(): queued on devfsd_wait_queue,
    // devfsd_sleeping set, about to schedule().
    KernelFunction fn("devfsd_read");
    sim::set_current_state(TaskState::Interruptible);
    fs->devfsd_wait_queue.add_effect();
    devfsd_sleep(k, fs);
    devfsd_main(k, fs);
  }, /*daemon=*/true);
  fs->revalidate_wait_queue.set_wakers({fs->devfsd_task});
}

}  // namespace dcsim::model::devfs
