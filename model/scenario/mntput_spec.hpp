// The E4 (seed 004, mntput) part of a scenario: lock, file system type and
// mount set-up, per-thread stack and kthread fields, and the mount ops.
// Read by model/scenario/mntput_spec.cpp from small hooks in the loader.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/rules.hpp"

namespace dcsim::model {

struct Scenario;
struct OpSpec;

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

struct MntSetupSpec {
  std::vector<std::string> locks;
  std::vector<MntFsTypeSpec> fs_types;
  std::vector<MntMountSpec> vfsmounts;
  // Whether the scenario is an E4 one.
  bool active() const { return !fs_types.empty() || !vfsmounts.empty(); }
};

struct MntThreadSpec {
  std::uint32_t stack_size = 8192;
  std::uint32_t stack_depth = 0;
  bool kthread = false;
};

struct MntOpSpec {
  std::string mount, fs, module;
  bool lazy = false;
  bool shut_down = false;  // the file system must be shut down when the call returns
  std::vector<std::string> holding;
  std::optional<std::uint32_t> stack_depth;
};

using MntError = std::function<void(const std::string& path, const std::string& expected)>;

bool is_mnt_op(const std::string& op);
void read_mnt_setup(const nlohmann::json& setup, MntSetupSpec& out, const MntError& error);
void read_mnt_thread(const nlohmann::json& thread, MntThreadSpec& out);
MntOpSpec read_mnt_op(const nlohmann::json& op);
// What needs the whole scenario: names that exist, references a thread
// holds, stack depths within the stack.
void check_mnt_scenario(const Scenario& s, const MntError& error);
// Why an op does not fit the era (the eras' EraModel::refuse_op): an E4 op
// outside E4, another op in E4.
std::string mnt_op_outside_e4(const OpSpec& op);
std::string op_not_in_e4(const OpSpec& op);
// Daemons an E4 set-up starts (system_wq's worker).
std::vector<std::string> mnt_daemon_names(const MntSetupSpec& setup);
std::string describe_mnt_op(const OpSpec& op);

}  // namespace dcsim::model
