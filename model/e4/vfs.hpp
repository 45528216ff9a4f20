// E4 (3.14-3.18) mounts, super blocks and file system types, and the
// final-mntput machinery of seed 004: struct mount with its
// count, mnt_ns and MNT_DOOMED/MNT_INTERNAL, super_block with s_active,
// s_mounts and s_umount, file_system_type with fs_supers and its module;
// system_wq, delayed_mntput_work and task_work; each thread's stack budget.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/e4/stack_budget.hpp"
#include "model/core/kernel.hpp"
#include "sim/sync.hpp"
#include "sim/workqueue.hpp"

namespace dcsim::model::e4 {

struct Mount;
struct SuperBlock;

// What the scenario says ->kill_sb does: mutexes it takes (in order) and
// whether it does I/O (sync_filesystem); `stack` is the stack it needs.
struct KillSb {
  std::vector<std::string> locks;
  bool io = true;
  std::uint32_t stack = 0;
};

struct FileSystemType {
  std::string name;
  sim::ObjectId id = sim::kNoObject;  // the fs_supers list (under sb_lock)
  std::string module;                 // "" = built in
  sim::ObjectId module_text = sim::kNoObject;  // the module's code; dies at unload
  std::vector<SuperBlock*> fs_supers;
  KillSb kill_sb;
  std::unique_ptr<sim::Gate> supers_empty;  // flush_filesystem()'s wait
};

struct SuperBlock {
  std::string name;
  sim::ObjectId id = sim::kNoObject;
  FileSystemType* s_type = nullptr;
  int s_active = 1;
  std::vector<Mount*> s_mounts;
  std::unique_ptr<sim::Mutex> s_umount;  // an rw_semaphore; only down_write is modelled
  bool shut_down = false;  // ->kill_sb finished and the super block left fs_supers
  bool mounted = true;     // false until a kern_mount op creates it
};

inline constexpr unsigned MNT_INTERNAL = 0x4000;
inline constexpr unsigned MNT_DOOMED = 0x1000000;

struct Mount {
  std::string name;
  sim::ObjectId id = sim::kNoObject;  // mnt_count, mnt_ns and mnt_flags
  SuperBlock* mnt_sb = nullptr;
  int mnt_count = 0;  // the per-CPU counts, summed
  bool mnt_ns = false;  // in a namespace (the namespace holds one reference)
  unsigned mnt_flags = 0;
  std::unique_ptr<sim::Work> cleanup_work;  // mntput.cleanup=workqueue_wait
};

// A thread as E4 sees it.
struct Task {
  bool kthread = false;  // PF_KTHREAD: no return to user mode, no task_work
  std::uint32_t stack_size = kThreadSize;
  std::uint32_t depth = 0;  // in use when its syscalls start (the scenario's stack_depth)
  std::uint32_t used = 0;   // in use now
  std::vector<std::pair<std::string, std::function<void()>>> task_works;
  // References it holds, for hang reports (only ever searched, never listed
  // in order: the keys are pointers).
  std::map<Mount*, int> refs;
};

struct Vfs final : KernelEraPart {
  std::map<std::string, std::unique_ptr<FileSystemType>> fs_types;
  std::map<std::string, std::unique_ptr<SuperBlock>> supers;
  std::map<std::string, std::unique_ptr<Mount>> mounts;
  std::map<std::string, std::unique_ptr<sim::Mutex>> locks;
  std::map<std::string, sim::ObjectId> modules;  // module -> its text
  std::map<sim::ThreadId, Task> tasks;
  sim::ObjectId mount_lock = sim::kNoObject;  // lock_mount_hash()
  std::unique_ptr<sim::WorkQueue> system_wq;
  std::unique_ptr<sim::Work> delayed_mntput_work;
  sim::ObjectId delayed_mntput_list = sim::kNoObject;
  std::vector<Mount*> delayed_mntput_pending;  // the llist

  Task& task(sim::ThreadId t) { return tasks[t]; }
};

// Charges a modelled call's frame to the running thread's stack.
class StackFrame {
 public:
  StackFrame(Vfs& vfs, sim::ThreadId t, std::uint32_t bytes) : task_(vfs.task(t)), bytes_(bytes) {
    task_.used += bytes_;
  }
  ~StackFrame() { task_.used -= bytes_; }
  StackFrame(const StackFrame&) = delete;
  StackFrame& operator=(const StackFrame&) = delete;

 private:
  Task& task_;
  std::uint32_t bytes_;
};

// Set-up (no steps): the namespace, system_wq with its worker, the delayed
// mntput work. Workers are spawned here, after the scenario's threads.
Vfs& vfs_setup(Kernel& k);
// The kernel's E4 state; null before vfs_setup.
inline Vfs* kernel_vfs(Kernel& k) { return static_cast<Vfs*>(k.k_era); }
// fs/super.c + fs/namespace.c (3.14) do_new_mount / kern_mount at set-up:
// a fresh super block of `type` and its first mount.
// With `mounted` false (internal mounts only) it exists but is not yet
// mounted: the kern_mount op mounts it.
Mount* mount_setup(Kernel& k, const std::string& name, FileSystemType* type, bool internal,
                   bool mounted = true);

// fs/namespace.c (3.14) mntget / mntput / mntput_no_expire; 3.18 cleanup_mnt.
void mntget(Kernel& k, Mount* mnt);
void mntput(Kernel& k, Mount* mnt);
void cleanup_mnt(Kernel& k, Mount* mnt);
// fs/super.c (3.14) deactivate_super -> deactivate_locked_super -> ->kill_sb.
void deactivate_super(Kernel& k, SuperBlock* sb);

// A path walk into `mnt` (lookup_mnt + legitimize, then path_put at the
// thread's depth): 0, or -ENOENT if the mount is no longer attached.
int path_walk(Kernel& k, Mount* mnt);
// umount(2) of `mnt` (do_umount, MNT_DETACH if `lazy`): 0, -EINVAL, -EBUSY.
int sys_umount(Kernel& k, Mount* mnt, bool lazy);
// fs/namespace.c (3.14) kern_mount_data -> vfs_kern_mount -> mount_fs ->
// sget: a mount set up with `mounted` false comes into being (its super
// block joins fs_supers); the caller holds its one reference.
void kern_mount(Kernel& k, Mount* mnt);
// fs/namespace.c (3.14) kern_unmount.
void kern_unmount(Kernel& k, Mount* mnt);
// Seed 004's proposal: force a lazy unmount of every mount of every super
// block of `type`, then wait until fs_supers is empty.
void flush_filesystem(Kernel& k, FileSystemType* type);
// delete_module(2): flush_filesystem() of the module's file systems when
// the rule says so, then the module's text is freed.
int module_unload(Kernel& k, const std::string& module);

// kernel/task_work.c (3.14) task_work_add / task_work_run: the latter on
// the return to user mode of a user task (on a shallow stack), or called
// directly by code that must not wait for its own deferred work.
void task_work_add(Kernel& k, std::string name, std::function<void()> fn);
void task_work_run(Kernel& k, bool return_to_user = true);

// At the end of an execution: no super block may outlive its module.
void check_at_end(Kernel& k);

}  // namespace dcsim::model::e4
