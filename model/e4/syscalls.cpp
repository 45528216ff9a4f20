#include "model/e4/syscalls.hpp"

#include <fmt/format.h>

#include "model/e4/vfs.hpp"
#include "model/core/errno.hpp"
#include "model/e4/spec.hpp"

namespace dcsim::model::e4 {

void setup(Kernel& k, const Scenario& s) {
  Vfs& vfs = vfs_setup(k);
  const MntSetupSpec& spec = mnt_setup(s);
  for (const std::string& l : spec.locks)
    vfs.locks[l] = std::make_unique<sim::Mutex>(k.ex, l);
  for (const MntFsTypeSpec& t : spec.fs_types) {
    auto type = std::make_unique<FileSystemType>();
    type->name = t.name;
    type->id = k.ex.objects().add("fs_supers", "fs_supers of " + t.name);
    type->module = t.module;
    if (!t.module.empty()) {
      auto [it, fresh] = vfs.modules.emplace(t.module, sim::kNoObject);
      if (fresh) it->second = k.ex.objects().add("module", "text of module " + t.module);
      type->module_text = it->second;
    }
    type->kill_sb = KillSb{t.kill_sb_locks, t.kill_sb_io, t.kill_sb_stack};
    vfs.fs_types[t.name] = std::move(type);
  }
  for (std::size_t i = 0; i < s.threads.size(); ++i) {
    Task& t = vfs.task(static_cast<sim::ThreadId>(i));
    const MntThreadSpec& ts = mnt_thread(s.threads[i]);
    t.kthread = ts.kthread;
    t.stack_size = ts.stack_size;
    t.depth = t.used = ts.stack_depth;
  }
  for (const MntMountSpec& m : spec.vfsmounts) {
    Mount* mnt = mount_setup(k, m.name, vfs.fs_types.at(m.fs).get(), m.internal, m.mounted);
    for (const auto& [thread, n] : m.refs) {
      for (std::size_t i = 0; i < s.threads.size(); ++i)
        if (s.threads[i].name == thread) vfs.task(static_cast<sim::ThreadId>(i)).refs[mnt] += n;
      mnt->mnt_count += n;
    }
  }
}

namespace {

int dispatch(Kernel& k, const OpSpec& op) {
  Vfs& vfs = *kernel_vfs(k);
  const MntOpSpec& m = mnt_op(op);
  Mount* mnt = m.mount.empty() ? nullptr : vfs.mounts.at(m.mount).get();
  if (op.op == "mntput") {
    mntput(k, mnt);
    return 0;
  }
  if (op.op == "path_walk") return path_walk(k, mnt);
  if (op.op == "umount") return sys_umount(k, mnt, m.lazy);
  if (op.op == "kern_mount") {
    kern_mount(k, mnt);
    return 0;
  }
  if (op.op == "kern_unmount") {
    kern_unmount(k, mnt);
    return 0;
  }
  if (op.op == "flush_filesystem") {
    flush_filesystem(k, vfs.fs_types.at(m.fs).get());
    return 0;
  }
  if (op.op == "module_unload") return module_unload(k, m.module);
  throw std::logic_error("unknown E4 op " + op.op);  // the loader rejects these
}

void check_shut_down(Kernel& k, const OpSpec& op, const char* when) {
  const SuperBlock* sb = kernel_vfs(k)->mounts.at(mnt_op(op).mount)->mnt_sb;
  if (sb->shut_down) return;
  k.ex.fail(sim::Verdict::Expectation,
            fmt::format("{}: {} {} with super block {} not shut down (s_active {}), expected it shut "
                        "down ({}/shut_down)",
                        k.ex.thread_name(k.current()), describe_mnt_op(op), when, sb->name, sb->s_active,
                        op.json_path),
            sb->id);
}

}  // namespace

int run_op(Kernel& k, const OpSpec& op) {
  Vfs& vfs = *kernel_vfs(k);
  Task& t = vfs.task(k.current());
  const MntOpSpec& m = mnt_op(op);
  t.used = m.stack_depth.value_or(t.depth);
  std::vector<sim::Mutex*> held;
  for (const std::string& l : m.holding) {
    sim::Mutex* mutex = vfs.locks.at(l).get();
    mutex->mutex_lock();
    held.push_back(mutex);
  }
  const int r = dispatch(k, op);
  for (auto it = held.rbegin(); it != held.rend(); ++it) (*it)->mutex_unlock();
  if (m.shut_down && r == 0 && op.op == "kern_unmount") check_shut_down(k, op, "returned");
  task_work_run(k);  // the return to user mode (nothing for a kernel thread)
  if (m.shut_down && r == 0 && op.op == "umount") check_shut_down(k, op, "returned to user mode");
  t.used = t.depth;
  return r;
}

}  // namespace dcsim::model::e4
