#include "model/e4/spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace dcsim::model::e4 {

using nlohmann::json;

namespace {
const std::set<std::string> kMntOps = {"mntput",       "path_walk",        "umount",       "kern_mount",
                                       "kern_unmount", "flush_filesystem", "module_unload"};

template <typename Spec>
const Spec* find_named(const std::vector<Spec>& v, const std::string& name) {
  for (const Spec& s : v)
    if (s.name == name) return &s;
  return nullptr;
}

template <typename Spec>
std::string names_of(const std::vector<Spec>& v) {
  std::string out;
  for (const Spec& s : v) out += (out.empty() ? "" : ", ") + s.name;
  return out.empty() ? "none" : out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}
}  // namespace

const MntSetupSpec& mnt_setup(const Scenario& s) {
  static const MntSetupSpec none;
  const MntSetupSpec* setup = s.setup_of<MntSetupSpec>(Era::E4);
  return setup ? *setup : none;
}

const MntThreadSpec& mnt_thread(const ThreadSpec& t) {
  static const MntThreadSpec none;
  auto it = t.era_parts.find(Era::E4);
  return it == t.era_parts.end() ? none : dynamic_cast<const MntThreadSpec&>(*it->second);
}

const MntOpSpec& mnt_op(const OpSpec& op) { return dynamic_cast<const MntOpSpec&>(*op.era_part); }

bool is_mnt_op(std::string_view op) { return kMntOps.count(std::string(op)) > 0; }

void read_mnt_setup(const json& setup, SpecReader& r, Scenario& s) {
  MntSetupSpec& out = s.setup_for_loading<MntSetupSpec>(Era::E4);
  auto error = [&r](const std::string& path, const std::string& expected) { r.error(path, expected); };
  out.locks = setup.value("locks", std::vector<std::string>{});
  std::set<std::string> seen;
  for (std::size_t i = 0; i < out.locks.size(); ++i)
    if (!seen.insert(out.locks[i]).second)
      error(fmt::format("/setup/locks/{}", i), fmt::format("distinct lock names; \"{}\" is listed twice", out.locks[i]));
  if (setup.contains("fs_types")) {
    const json& types = setup["fs_types"];
    for (std::size_t i = 0; i < types.size(); ++i) {
      const std::string base = fmt::format("/setup/fs_types/{}", i);
      MntFsTypeSpec t;
      t.name = types[i].at("name").get<std::string>();
      if (find_named(out.fs_types, t.name))
        error(base + "/name", fmt::format("distinct file system type names; \"{}\" is listed twice", t.name));
      t.module = types[i].value("module", std::string());
      if (types[i].contains("kill_sb")) {
        const json& k = types[i]["kill_sb"];
        t.kill_sb_locks = k.value("locks", std::vector<std::string>{});
        t.kill_sb_io = k.value("io", true);
        t.kill_sb_stack = k.value("stack", 0u);
        std::set<std::string> taken;
        for (std::size_t j = 0; j < t.kill_sb_locks.size(); ++j) {
          const std::string& l = t.kill_sb_locks[j];
          const std::string where = fmt::format("{}/kill_sb/locks/{}", base, j);
          if (!seen.count(l))
            error(where, fmt::format("a lock listed in /setup/locks (locks: {}), got \"{}\"", join(out.locks), l));
          if (!taken.insert(l).second) error(where, fmt::format("distinct locks; \"{}\" is taken twice", l));
        }
      }
      out.fs_types.push_back(std::move(t));
    }
  }
  if (setup.contains("vfsmounts")) {
    const json& mounts = setup["vfsmounts"];
    for (std::size_t i = 0; i < mounts.size(); ++i) {
      const std::string base = fmt::format("/setup/vfsmounts/{}", i);
      MntMountSpec m;
      m.name = mounts[i].at("name").get<std::string>();
      if (find_named(out.vfsmounts, m.name))
        error(base + "/name", fmt::format("distinct mount names; \"{}\" is listed twice", m.name));
      m.fs = mounts[i].at("fs").get<std::string>();
      if (!find_named(out.fs_types, m.fs))
        error(base + "/fs", fmt::format("a file system type of /setup/fs_types (types: {}), got \"{}\"",
                                        names_of(out.fs_types), m.fs));
      m.internal = mounts[i].value("internal", false);
      m.refs = mounts[i].value("refs", std::map<std::string, int>{});
      m.mounted = mounts[i].value("mounted", true);
      if (!m.mounted && !m.internal)
        error(base + "/mounted", "\"mounted\": false only on an internal mount (which a kern_mount op mounts)");
      if (!m.mounted && !m.refs.empty())
        error(base + "/refs", "no references to a mount that is not mounted yet");
      out.vfsmounts.push_back(std::move(m));
    }
  }
}

void read_mnt_thread(const json& thread, ThreadSpec& t) {
  auto part = std::make_shared<MntThreadSpec>();
  MntThreadSpec& out = *part;
  out.stack_size = thread.value("stack_size", out.stack_size);
  out.stack_depth = thread.value("stack_depth", out.stack_depth);
  out.kthread = thread.value("kthread", false);
  t.era_parts[Era::E4] = std::move(part);
}

void read_mnt_op(const json& op, OpSpec& out) {
  auto part = std::make_shared<MntOpSpec>();
  MntOpSpec& m = *part;
  m.mount = op.value("mount", std::string());
  m.fs = op.value("fs", std::string());
  m.module = op.value("module", std::string());
  m.lazy = op.value("lazy", false);
  m.shut_down = op.value("shut_down", false);
  m.holding = op.value("holding", std::vector<std::string>{});
  if (op.contains("stack_depth")) m.stack_depth = op["stack_depth"].get<std::uint32_t>();
  out.era_part = std::move(part);
}

void check_mnt_scenario(const Scenario& s, const SpecReader& r) {
  auto error = [&r](const std::string& path, const std::string& expected) { r.error(path, expected); };
  const MntSetupSpec& setup = mnt_setup(s);
  for (std::size_t i = 0; i < setup.vfsmounts.size(); ++i)
    for (const auto& ref : setup.vfsmounts[i].refs) {
      const std::string& thread = ref.first;  // clang 14 cannot capture a structured binding
      const bool known = std::any_of(s.threads.begin(), s.threads.end(),
                                     [&](const ThreadSpec& t) { return t.name == thread; });
      if (!known)
        error(fmt::format("/setup/vfsmounts/{}/refs/{}", i, thread),
              fmt::format("the name of a scenario thread, got \"{}\"", thread));
    }
  std::map<std::string, std::string> kern_unmounted;  // mount -> the op that did it
  std::map<std::string, std::string> kern_mounted;    // mount -> the op that does it
  for (std::size_t i = 0; i < s.threads.size(); ++i) {
    const ThreadSpec& t = s.threads[i];
    const std::string base = fmt::format("/threads/{}", i);
    const MntThreadSpec& ts = mnt_thread(t);
    if (ts.stack_depth >= ts.stack_size)
      error(base + "/stack_depth",
            fmt::format("a depth below the thread's stack_size ({}), got {}", ts.stack_size, ts.stack_depth));
    std::map<std::string, int> held;
    for (const MntMountSpec& m : setup.vfsmounts)
      if (auto it = m.refs.find(t.name); it != m.refs.end()) held[m.name] = it->second;
    for (const OpSpec& op : t.ops) {
      if (op.era != Era::E4) continue;
      const MntOpSpec& m = mnt_op(op);
      const MntMountSpec* mount = nullptr;
      if (!m.mount.empty()) {
        mount = find_named(setup.vfsmounts, m.mount);
        if (!mount)
          error(op.json_path + "/mount", fmt::format("a mount of /setup/vfsmounts (mounts: {}), got \"{}\"",
                                                     names_of(setup.vfsmounts), m.mount));
      }
      if (op.op == "umount" && mount->internal)
        error(op.json_path + "/mount",
              fmt::format("a mount that is in the namespace; \"{}\" is internal (use kern_unmount)", m.mount));
      if (op.op == "path_walk" && mount->internal)
        error(op.json_path + "/mount",
              fmt::format("a mount a path walk can reach; \"{}\" is internal", m.mount));
      if (op.op == "kern_mount") {
        if (mount->mounted)
          error(op.json_path + "/mount",
                fmt::format("a mount set up with \"mounted\": false; \"{}\" is mounted at the start", m.mount));
        if (auto [it, fresh] = kern_mounted.emplace(m.mount, op.json_path); !fresh)
          error(op.json_path + "/mount", fmt::format("a mount not kern_mount()ed already; {} does it", it->second));
      }
      if (op.op == "kern_unmount" && !mount->mounted &&
          (!kern_mounted.count(m.mount) || kern_mounted[m.mount].rfind(base + "/", 0) != 0))
        error(op.json_path + "/mount",
              fmt::format("a mount this thread kern_mount()ed before; \"{}\" is mounted by a kern_mount op "
                          "(in this thread, before its kern_unmount)",
                          m.mount));
      if (op.op == "kern_unmount") {
        if (!mount->internal)
          error(op.json_path + "/mount",
                fmt::format("an internal (kern_mount) mount; \"{}\" is in the namespace (use umount)", m.mount));
        if (auto [it, fresh] = kern_unmounted.emplace(m.mount, op.json_path); !fresh)
          error(op.json_path + "/mount",
                fmt::format("a mount not kern_unmount()ed already; {} does it", it->second));
      }
      if (op.op == "mntput" && --held[m.mount] < 0)
        error(op.json_path + "/mount",
              fmt::format("a mount {} holds a reference to here (/setup/vfsmounts refs); \"{}\" has none left",
                          t.name, m.mount));
      if (op.op == "flush_filesystem" && !find_named(setup.fs_types, m.fs))
        error(op.json_path + "/fs", fmt::format("a file system type of /setup/fs_types (types: {}), got \"{}\"",
                                                names_of(setup.fs_types), m.fs));
      if (op.op == "module_unload") {
        std::vector<std::string> modules;
        for (const MntFsTypeSpec& ft : setup.fs_types)
          if (!ft.module.empty()) modules.push_back(ft.module);
        if (std::find(modules.begin(), modules.end(), m.module) == modules.end())
          error(op.json_path + "/module",
                fmt::format("a module that owns a file system type of /setup/fs_types (modules: {}), got \"{}\"",
                            join(modules), m.module));
      }
      std::set<std::string> taken;
      for (std::size_t j = 0; j < m.holding.size(); ++j) {
        const std::string where = fmt::format("{}/holding/{}", op.json_path, j);
        if (std::find(setup.locks.begin(), setup.locks.end(), m.holding[j]) == setup.locks.end())
          error(where, fmt::format("a lock listed in /setup/locks (locks: {}), got \"{}\"", join(setup.locks),
                                   m.holding[j]));
        if (!taken.insert(m.holding[j]).second)
          error(where, fmt::format("distinct locks; \"{}\" is taken twice", m.holding[j]));
      }
      if (m.stack_depth && *m.stack_depth >= ts.stack_size)
        error(op.json_path + "/stack_depth", fmt::format("a depth below the thread's stack_size ({}), got {}",
                                                         ts.stack_size, *m.stack_depth));
    }
  }
}

std::string mnt_op_outside_e4(const OpSpec& op) {
  return fmt::format("an op of the profile's era; \"{}\" needs an E4 profile "
                     "(linux-3.14, linux-3.18)",
                     op.op);
}

std::string op_not_in_e4(const OpSpec& op) {
  return fmt::format("mntput, path_walk, umount, kern_mount, kern_unmount, flush_filesystem or module_unload under "
                     "an E4 profile (\"{}\" is not modelled in E4)",
                     op.op);
}

void mnt_daemon_names(const Scenario& s, std::vector<std::string>& out) {
  if (mnt_setup(s).active()) out.push_back("kworker/0");
}

std::string describe_mnt_op(const OpSpec& op) {
  const MntOpSpec& m = mnt_op(op);
  if (op.op == "umount") return fmt::format("umount({}{})", m.mount, m.lazy ? ", MNT_DETACH" : "");
  if (op.op == "flush_filesystem") return fmt::format("flush_filesystem({})", m.fs);
  if (op.op == "module_unload") return fmt::format("delete_module({})", m.module);
  return fmt::format("{}({})", op.op, m.mount);
}

}  // namespace dcsim::model::e4
