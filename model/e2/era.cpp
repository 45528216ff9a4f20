// E2: Linux 2.6.2x, autofs4 (seed 001).
#include "model/e2/era.hpp"

#include "model/core/kernel.hpp"
#include "model/core/setup_tree.hpp"
#include "model/core/syscalls.hpp"
#include "model/e2/autofs4.hpp"
#include "model/e2/objects.hpp"
#include "model/e2/spec.hpp"
#include "model/protocol/builtins.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e2 {

namespace {

class E2 final : public EraModel {
 public:
  E2() : EraModel(Era::E2) {}

  std::optional<SetupClaim> claims(const Scenario& s) const override {
    if (autofs_mounts(s).empty()) return std::nullopt;
    return SetupClaim{"an autofs mount", "autofs4 is modelled in E2 only"};
  }
  std::optional<std::string> refuse_op(const OpSpec&) const override { return std::nullopt; }
  bool reads_mount(std::string_view fs) const override { return fs == "autofs"; }
  void read_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s) const override {
    read_autofs_mount(m, base, r, s);
  }
  void check_op(const Scenario& s, const OpSpec& op, const SpecReader& r) const override {
    check_expire_path(s, op, r);
  }
  void daemon_names(const Scenario& s, std::vector<std::string>& out) const override {
    for (const AutofsMountSpec& m : autofs_mounts(s))
      for (const std::string& d : autofs4::daemon_names(m.daemon_threads)) out.push_back(d);
  }

  void init_inode(Kernel& k, Inode& inode) const override { inode.i_era = k.make<InodePart>(k.ex, inode); }

  void setup(Kernel& k, const Scenario& s) const override {
    for (const AutofsMountSpec& m : autofs_mounts(s)) {
      auto [parent, name] = parent_and_name(k, m.at);
      autofs4::Config c;
      c.map = m.map;
      c.mounted = m.mounted;
      c.daemon_threads = m.daemon_threads;
      c.symlinks = m.symlinks;
      autofs4::mount(k, parent, name, c);
    }
  }
  int run_syscall(Kernel& k, const OpSpec& op) const override {
    if (op.op == "expire") return autofs4::sys_expire(k, op.path);
    return run_core_syscall(k, op);
  }

  const std::vector<protocol::Builtin>& builtins() const override {
    static const std::vector<protocol::Builtin> own = {
        protocol::inode_lock_ref("i_mutex", protocol::LockKind::Mutex),
    };
    return own;
  }
};

}  // namespace

const EraModel& era_model() {
  static const E2 era;
  return era;
}

}  // namespace dcsim::model::e2
