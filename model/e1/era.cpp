// E1: Linux 2.5.74/2.6.0, devfs (seed 003).
#include "model/e1/era.hpp"

#include "model/core/kernel.hpp"
#include "model/core/setup_tree.hpp"
#include "model/core/syscalls.hpp"
#include "model/e1/devfs.hpp"
#include "model/e1/objects.hpp"
#include "model/e1/spec.hpp"
#include "model/protocol/builtins.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e1 {

namespace {

class E1 final : public EraModel {
 public:
  E1() : EraModel(Era::E1) {}

  std::optional<SetupClaim> claims(const Scenario& s) const override {
    if (devfs_mounts(s).empty()) return std::nullopt;
    return SetupClaim{"a devfs mount", "devfs is modelled in E1 only"};
  }
  std::optional<std::string> refuse_op(const OpSpec&) const override { return std::nullopt; }
  bool reads_mount(std::string_view fs) const override { return fs == "devfs"; }
  void read_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s) const override {
    read_devfs_mount(m, base, r, s);
  }
  void daemon_names(const Scenario& s, std::vector<std::string>& out) const override {
    for (const DevfsMountSpec& m : devfs_mounts(s))
      if (m.devfsd) out.push_back("devfsd");
  }

  void init_inode(Kernel& k, Inode& inode) const override { inode.i_era = k.make<InodePart>(k.ex, inode); }

  void setup(Kernel& k, const Scenario& s) const override {
    for (const DevfsMountSpec& m : devfs_mounts(s)) {
      auto [parent, name] = parent_and_name(k, m.at);
      devfs::Config c;
      for (const std::string& e : m.entries) c.entries.push_back(devfs::DevfsEntry{e, false});
      c.devfsd = m.devfsd;
      c.registers_on_lookup = m.registers_on_lookup;
      devfs::mount(k, parent, name, c);
    }
  }
  int run_syscall(Kernel& k, const OpSpec& op) const override { return run_core_syscall(k, op); }

  // fs/namei.c (2.6.0): lookup_hash; cached_lookup treats any non-zero status as valid.
  std::string_view lookup_hash_name() const override { return "lookup_hash"; }
  bool revalidate_error_is_valid() const override { return true; }

  const std::vector<protocol::Builtin>& builtins() const override {
    static const std::vector<protocol::Builtin> own = {
        protocol::inode_lock_ref("i_sem", protocol::LockKind::Semaphore),
    };
    return own;
  }
};

}  // namespace

const EraModel& era_model() {
  static const E1 era;
  return era;
}

}  // namespace dcsim::model::e1
