// E2: Linux 2.6.2x, autofs4 (seed 001).
#include "model/e2/era.hpp"

#include "model/core/kernel.hpp"
#include "model/core/setup_tree.hpp"
#include "model/core/syscalls.hpp"
#include "model/e2/autofs4.hpp"
#include "model/e2/objects.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e2 {

namespace {

class E2 final : public EraModel {
 public:
  E2() : EraModel(Era::E2) {}

  std::optional<SetupClaim> claims(const Scenario& s) const override {
    if (s.autofs_mounts.empty()) return std::nullopt;
    return SetupClaim{"an autofs mount", "autofs4 is modelled in E2 only"};
  }
  std::optional<std::string> refuse_op(const OpSpec& op) const override {
    if (op.mnt) return mnt_op_outside_e4(op);
    return std::nullopt;
  }

  void init_inode(Kernel& k, Inode& inode) const override { inode.i_era = k.make<InodePart>(k.ex, inode); }

  void setup(Kernel& k, const Scenario& s) const override {
    for (const AutofsMountSpec& m : s.autofs_mounts) {
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
};

}  // namespace

const EraModel& era_model() {
  static const E2 era;
  return era;
}

}  // namespace dcsim::model::e2
