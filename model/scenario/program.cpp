#include "model/scenario/program.hpp"

#include <fmt/format.h>

#include "model/core/dcache.hpp"
#include "model/e4/syscalls.hpp"
#include "model/e4/vfs.hpp"
#include "model/core/errno.hpp"
#include "model/e2/autofs4.hpp"
#include "model/e1/devfs.hpp"
#include "model/e3/nfs.hpp"
#include "model/core/ramfs.hpp"
#include "model/core/kernel.hpp"
#include "model/core/mount.hpp"
#include "model/core/namei.hpp"
#include "model/e3/namei.hpp"
#include "model/protocol/interpreter.hpp"

namespace dcsim::model {

namespace {

std::string describe_op(const OpSpec& op) {
  if (op.mnt) return describe_mnt_op(op);
  std::string flags;
  if (op.flags & O_CREAT) flags += "|O_CREAT";
  if (op.flags & O_EXCL) flags += "|O_EXCL";
  if (op.flags & O_DIRECTORY) flags += "|O_DIRECTORY";
  if (op.op == "open") return fmt::format("open({}, O_RDONLY{})", op.path, flags);
  return fmt::format("{}({})", op.op, op.path);
}

std::pair<Dentry*, std::string> parent_and_name(Kernel& k, const std::string& path);

int run_syscall(Kernel& k, const OpSpec& op) {
  if (op.mnt) return e4::run_op(k, op);  // E4: the loader admits only these
  if (k.rules.era() == Era::E3) {  // the loader admits only these in E3
    if (op.op == "stat") return e3::sys_stat(k, op.path);
    if (op.op == "lstat") return e3::sys_lstat(k, op.path);
    if (op.op == "open") return e3::sys_open(k, op.path, op.flags);
    if (op.op == "server_create") {
      auto [root, name] = parent_and_name(k, op.path);
      return nfs::server_create(k, root, name);
    }
  }
  if (op.op == "stat") return sys_stat(k, op.path);
  if (op.op == "lstat") return sys_lstat(k, op.path);
  if (op.op == "open") return sys_open(k, op.path, op.flags);
  if (op.op == "unlink") return sys_unlink(k, op.path);
  if (op.op == "mkdir") return sys_mkdir(k, op.path);
  if (op.op == "rmdir") return sys_rmdir(k, op.path);
  if (op.op == "expire") return autofs4::sys_expire(k, op.path);
  throw std::logic_error("unknown op " + op.op);  // the loader rejects these
}

Dentry* lookup_setup(Kernel& k, const std::string& path) {
  Dentry* cur = k.root;
  for (const std::string& part : split_path(path)) {
    Dentry* next = nullptr;
    for (Dentry* d : k.chain(cur, part).entries)
      if (d->name == part) next = d;
    if (!next) throw std::logic_error("setup path missing: " + path);
    cur = next;
  }
  return cur;
}

std::pair<Dentry*, std::string> parent_and_name(Kernel& k, const std::string& path) {
  std::vector<std::string> parts = split_path(path);
  std::string name = parts.back();
  parts.pop_back();
  std::string parent = "/";
  for (const auto& p : parts) parent += (parent == "/" ? "" : "/") + p;
  return {lookup_setup(k, parent), name};
}

class ScenarioProgram : public sim::Program {
 public:
  ScenarioProgram(const Scenario& s, RuleSet rules) : s_(s), rules_(std::move(rules)) {}

  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    auto k = std::make_unique<Kernel>(ex, rules_);
    Kernel* kp = k.get();
    k->root = d_alloc_setup(*k, nullptr, "", ramfs::new_inode(*k, "/", true));
    for (const std::string& d : s_.dirs) {
      auto [parent, name] = parent_and_name(*k, d);
      d_alloc_setup(*k, parent, name, ramfs::new_inode(*k, d, true));
    }
    for (const std::string& f : s_.files) {
      auto [parent, name] = parent_and_name(*k, f);
      d_alloc_setup(*k, parent, name, ramfs::new_inode(*k, f, false));
    }
    // Scenario threads take the first ids, daemons the ones after.
    protocol::Runtime* rt = s_.protocol ? k->make<protocol::Runtime>(*k, *s_.protocol) : nullptr;
    for (const ThreadSpec& t : s_.threads) {
      if (t.program) {
        ex.spawn(t.name, [rt, &t] { rt->run(*t.program); });
        continue;
      }
      ex.spawn(t.name, [kp, &t] {
        for (const OpSpec& op : t.ops) {
          const int r = run_syscall(*kp, op);
          const int err = r < 0 ? -r : r;
          kp->ex.note(op.op, sim::kNoObject,
                      fmt::format("{} returned {}", describe_op(op), errno_name(err)));
          // Why it failed, when the thread slept on something on the way.
          auto why = [&] {
            auto it = kp->waited_on.find(kp->current());
            return it == kp->waited_on.end() ? std::string() : "; " + it->second;
          };
          if (op.expect && *op.expect != err)
            kp->ex.fail(sim::Verdict::Expectation,
                        fmt::format("{}: {} returned {}, expected {} ({}){}", t.name, describe_op(op),
                                    errno_name(err), errno_name(*op.expect), op.json_path, why()));
          if (op.mounted && err == 0 && path_is_mounted(*kp, op.path) != *op.mounted)
            kp->ex.fail(sim::Verdict::Expectation,
                        fmt::format("{}: {} returned 0 with {} mounted on {}, expected {} ({}){}", t.name,
                                    describe_op(op), *op.mounted ? "nothing" : "a file system", op.path,
                                    *op.mounted ? "a mount" : "none", op.json_path, why()));
          kp->waited_on.erase(kp->current());
        }
      });
    }
    if (s_.mnt.active()) e4::setup(*k, s_);
    for (const DevfsMountSpec& m : s_.devfs_mounts) {
      auto [parent, name] = parent_and_name(*k, m.at);
      devfs::Config c;
      for (const std::string& e : m.entries) c.entries.push_back(devfs::DevfsEntry{e, false});
      c.devfsd = m.devfsd;
      c.registers_on_lookup = m.registers_on_lookup;
      devfs::mount(*k, parent, name, c);
    }
    for (const AutofsMountSpec& m : s_.autofs_mounts) {
      auto [parent, name] = parent_and_name(*k, m.at);
      autofs4::Config c;
      c.map = m.map;
      c.mounted = m.mounted;
      c.daemon_threads = m.daemon_threads;
      c.symlinks = m.symlinks;
      autofs4::mount(*k, parent, name, c);
    }
    for (const NfsMountSpec& m : s_.nfs_mounts) {
      auto [parent, name] = parent_and_name(*k, m.at);
      nfs::Config c;
      for (const std::string& f : m.files) c.entries[f] = false;
      for (const std::string& d : m.dirs) c.entries[d] = true;
      for (const auto& [name, err] : m.open_replies) c.open_replies[name] = -err;
      nfs::mount(*k, parent, name, c);
    }
    return k;
  }

  void at_end(sim::Execution&, sim::World& world) const override {
    auto& k = static_cast<Kernel&>(world);
    if (k.vfs) e4::check_at_end(k);
  }

 private:
  const Scenario& s_;
  RuleSet rules_;
};

}  // namespace

std::unique_ptr<sim::Program> make_program(const Scenario& scenario, const RuleSet& rules) {
  return std::make_unique<ScenarioProgram>(scenario, rules);
}

}  // namespace dcsim::model
