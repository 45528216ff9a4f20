// The E4 (seed 004, mntput) part of a scenario: lock, file system type and
// mount set-up, per-thread stack and kthread fields, and the mount ops.
// Read through E4's EraModel hooks of the loader (model/core/era.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/scenario/scenario.hpp"

namespace dcsim::model::e4 {

struct MntFsTypeSpec {
  std::string name;
  std::string module;  // "" = built in
  std::vector<std::string> kill_sb_locks;
  bool kill_sb_io = true;
  std::uint32_t kill_sb_stack = 0;
};

struct MntMountSpec {
  std::string name;
  std::string fs;
  bool internal = false;  // kern_mount()ed (MNT_INTERNAL), in no namespace
  bool mounted = true;    // false: a kern_mount op mounts it
  std::map<std::string, int> refs;  // thread -> references it holds at the start
};

struct MntSetupSpec final : EraSpec {
  std::vector<std::string> locks;
  std::vector<MntFsTypeSpec> fs_types;
  std::vector<MntMountSpec> vfsmounts;
  // Whether the scenario is an E4 one.
  bool active() const { return !fs_types.empty() || !vfsmounts.empty(); }
};

struct MntThreadSpec final : EraSpec {
  std::uint32_t stack_size = 8192;
  std::uint32_t stack_depth = 0;
  bool kthread = false;
};

struct MntOpSpec final : EraSpec {
  std::string mount, fs, module;
  bool lazy = false;
  bool shut_down = false;  // the file system must be shut down when the call returns
  std::vector<std::string> holding;
  std::optional<std::uint32_t> stack_depth;
};

// The scenario's E4 set-up, a thread's E4 fields, an E4 op's fields (the
// defaults when it has none).
const MntSetupSpec& mnt_setup(const Scenario& s);
const MntThreadSpec& mnt_thread(const ThreadSpec& t);
const MntOpSpec& mnt_op(const OpSpec& op);

bool is_mnt_op(std::string_view op);
void read_mnt_setup(const nlohmann::json& setup, SpecReader& r, Scenario& s);
void read_mnt_thread(const nlohmann::json& thread, ThreadSpec& t);
void read_mnt_op(const nlohmann::json& op, OpSpec& out);
// What needs the whole scenario: names that exist, references a thread
// holds, stack depths within the stack.
void check_mnt_scenario(const Scenario& s, const SpecReader& r);
// Why an op does not fit the era (the eras' EraModel::refuse_op): an E4 op
// outside E4, another op in E4.
std::string mnt_op_outside_e4(const OpSpec& op);
std::string op_not_in_e4(const OpSpec& op);
// Daemons an E4 set-up starts (system_wq's worker).
void mnt_daemon_names(const Scenario& s, std::vector<std::string>& out);
std::string describe_mnt_op(const OpSpec& op);

}  // namespace dcsim::model::e4
