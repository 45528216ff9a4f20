// E4: Linux 3.14-3.18, mount reference counts and work queues (seed 004).
#include "model/e4/era.hpp"

#include <algorithm>

#include "model/core/kernel.hpp"
#include "model/e2/objects.hpp"
#include "model/e4/spec.hpp"
#include "model/e4/syscalls.hpp"
#include "model/e4/vfs.hpp"
#include "model/protocol/builtins.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e4 {

namespace {

class E4 final : public EraModel {
 public:
  E4() : EraModel(Era::E4) {}

  std::optional<SetupClaim> claims(const Scenario& s) const override {
    if (!mnt_setup(s).active()) return std::nullopt;
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
    if (op.era != Era::E4) return op_not_in_e4(op);
    return std::nullopt;
  }
  std::string refuse_elsewhere(const OpSpec& op) const override { return mnt_op_outside_e4(op); }
  std::string describe_op(const OpSpec& op) const override { return describe_mnt_op(op); }

  void read_setup(const nlohmann::json& setup, SpecReader& r, Scenario& s) const override {
    read_mnt_setup(setup, r, s);
  }
  void read_thread(const nlohmann::json& thread, ThreadSpec& t) const override { read_mnt_thread(thread, t); }
  bool reads_op(std::string_view op) const override { return is_mnt_op(op); }
  void read_op(const nlohmann::json& json, OpSpec& op) const override { read_mnt_op(json, op); }
  void check_scenario(const Scenario& s, const SpecReader& r) const override { check_mnt_scenario(s, r); }
  void daemon_names(const Scenario& s, std::vector<std::string>& out) const override { mnt_daemon_names(s, out); }

  // 3.1x directories are still guarded by i_mutex (E2's part).
  void init_inode(Kernel& k, Inode& inode) const override {
    inode.i_era = k.make<e2::InodePart>(k.ex, inode);
  }

  void setup(Kernel& k, const Scenario& s) const override {
    if (mnt_setup(s).active()) e4::setup(k, s);
  }
  int run_syscall(Kernel& k, const OpSpec& op) const override { return run_op(k, op); }
  void at_end(Kernel& k) const override {
    if (kernel_vfs(k)) check_at_end(k);
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
  static const E4 era;
  return era;
}

}  // namespace dcsim::model::e4
