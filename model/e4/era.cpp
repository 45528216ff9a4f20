// E4: Linux 3.14-3.18, mount reference counts and work queues (seed 004).
#include "model/e4/era.hpp"

#include <algorithm>

#include "model/core/kernel.hpp"
#include "model/e2/objects.hpp"
#include "model/e4/syscalls.hpp"
#include "model/e4/vfs.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e4 {

namespace {

class E4 final : public EraModel {
 public:
  E4() : EraModel(Era::E4) {}

  std::optional<SetupClaim> claims(const Scenario& s) const override {
    if (!s.mnt.active()) return std::nullopt;
    return SetupClaim{"setup.vfsmounts or setup.fs_types", "mntput is modelled in E4 only"};
  }
  // Programs alone need no set-up; syscalls need E4's mounts.
  std::optional<std::string> refuse_bare(const Scenario& s) const override {
    const bool syscalls = std::any_of(s.threads.begin(), s.threads.end(),
                                      [](const ThreadSpec& t) { return !t.program; });
    if (!syscalls) return std::nullopt;
    return "setup.vfsmounts or setup.fs_types under an E4 profile (E4 models only mounts and super "
           "blocks), or a profile of another era";
  }
  std::optional<std::string> refuse_op(const OpSpec& op) const override {
    if (!op.mnt) return op_not_in_e4(op);
    return std::nullopt;
  }

  // 3.1x directories are still guarded by i_mutex (E2's part).
  void init_inode(Kernel& k, Inode& inode) const override {
    inode.i_era = k.make<e2::InodePart>(k.ex, inode);
  }

  void setup(Kernel& k, const Scenario& s) const override {
    if (s.mnt.active()) e4::setup(k, s);
  }
  int run_syscall(Kernel& k, const OpSpec& op) const override { return run_op(k, op); }
  void at_end(Kernel& k) const override {
    if (k.vfs) check_at_end(k);
  }
};

}  // namespace

const EraModel& era_model() {
  static const E4 era;
  return era;
}

}  // namespace dcsim::model::e4
