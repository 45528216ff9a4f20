// The Era interface: everything an era (model/e1 ... model/e4) gives the
// era-neutral code. The scenario loader asks it which set-up and syscalls
// it models; a kernel world asks it for its part of each inode and dentry,
// to build its file systems from the scenario and to run a syscall; a
// protocol program calls its dcache primitives; the 2.6 namei of
// model/core asks where the era's fs/namei.c differs. The era registry
// (model/era_registry.*) maps an `Era` to its model, and is the only place
// that switches on an era.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/core/errno.hpp"
#include "model/rules.hpp"

namespace dcsim::model {

class Kernel;
struct Dentry;
struct Inode;
struct OpSpec;
struct Scenario;
struct ThreadSpec;
class SpecReader;
namespace protocol {
struct Builtin;
}

// The dentry-cache primitives a protocol program calls whose body is the
// era's; a null entry is a primitive the era does not have (the checker
// refuses a program that calls it, from the builtins' era masks).
struct DcacheOps {
  Dentry* (*d_alloc)(Kernel&, Dentry* parent, const std::string& name) = nullptr;
  void (*d_add)(Kernel&, Dentry*, Inode*) = nullptr;
  void (*d_instantiate)(Kernel&, Dentry*, Inode*) = nullptr;
  void (*d_rehash)(Kernel&, Dentry*) = nullptr;
  void (*dput)(Kernel&, Dentry*) = nullptr;
  Dentry* (*d_alloc_parallel)(Kernel&, Dentry* parent, const std::string& name) = nullptr;
  void (*d_lookup_done)(Kernel&, Dentry*) = nullptr;
  ErrOr<Dentry*> (*d_splice_alias)(Kernel&, Inode*, Dentry*) = nullptr;
};
// The 2.6.0 forms of model/core/dcache.hpp.
const DcacheOps& core_dcache_ops();

// What of a scenario's set-up only one era models, and why.
struct SetupClaim {
  std::string what;  // "a devfs mount"
  std::string why;   // "devfs is modelled in E1 only"
};

class EraModel {
 public:
  explicit EraModel(Era era) : era_(era) {}
  virtual ~EraModel() = default;
  EraModel(const EraModel&) = delete;
  EraModel& operator=(const EraModel&) = delete;

  Era era() const { return era_; }

  // Loading a scenario: the loader (model/scenario/scenario.cpp) asks every
  // era in turn; each reads and checks its own part (Scenario::era_setup,
  // ThreadSpec::era_parts, OpSpec::era_part).
  // Its keys of /setup other than mounts (E4's locks, fs_types, vfsmounts);
  // read before the set-up tree.
  virtual void read_setup(const nlohmann::json&, SpecReader&, Scenario&) const {}
  // Whether the `fs` of a /setup/mounts item is this era's file system,
  // and reading that item (at JSON path `base`).
  virtual bool reads_mount(std::string_view) const { return false; }
  virtual void read_mount(const nlohmann::json&, const std::string&, SpecReader&, Scenario&) const {}
  // Its fields of a thread with ops.
  virtual void read_thread(const nlohmann::json&, ThreadSpec&) const {}
  // Whether `op` is one of this era's own ops, and reading its fields.
  virtual bool reads_op(std::string_view) const { return false; }
  virtual void read_op(const nlohmann::json&, OpSpec&) const {}
  // Checks of an op as it is read (after its path's).
  virtual void check_op(const Scenario&, const OpSpec&, const SpecReader&) const {}
  // Checks of every thread's ops against its set-up, when the profile's era is checked.
  virtual void check_ops(const Scenario&, const SpecReader&) const {}
  // Checks that need the whole scenario, made last.
  virtual void check_scenario(const Scenario&, const SpecReader&) const {}
  // The daemons its set-up starts, in thread-id order after the scenario's threads.
  virtual void daemon_names(const Scenario&, std::vector<std::string>&) const {}
  // Why one of its own ops cannot run in another era (the message for its /op).
  virtual std::string refuse_elsewhere(const OpSpec&) const { return {}; }
  // One of its own ops as the trace prints it ("umount(m, MNT_DETACH)").
  virtual std::string describe_op(const OpSpec&) const { return {}; }
  // The set-up in `s` that this era alone models, if `s` has any.
  virtual std::optional<SetupClaim> claims(const Scenario&) const { return std::nullopt; }
  // Why a scenario with no era's set-up cannot run in this era, if it cannot.
  virtual std::optional<std::string> refuse_bare(const Scenario&) const { return std::nullopt; }
  // Why this era cannot run `op` (the message for its /op), if it cannot.
  virtual std::optional<std::string> refuse_op(const OpSpec& op) const = 0;

  // One execution's kernel world.
  // Gives a new inode the era's part (its directory lock, ...).
  virtual void init_inode(Kernel&, Inode&) const = 0;
  // Gives a new dentry the era's part, if the era has one.
  virtual void init_dentry(Kernel&, Dentry&) const {}
  // Builds the era's file systems from the scenario's set-up (after the
  // scenario's threads are spawned, so daemons take the later ids).
  virtual void setup(Kernel&, const Scenario&) const {}
  // Runs one syscall of a thread's `ops`; the result or -errno.
  virtual int run_syscall(Kernel&, const OpSpec&) const = 0;
  // Checks made when every thread has finished.
  virtual void at_end(Kernel&) const {}

  // Where fs/namei.c of the era differs in the 2.6 path walk of model/core.
  // The name of the restricted lookup (lookup_hash in 2.6.0, __lookup_hash later).
  virtual std::string_view lookup_hash_name() const { return "__lookup_hash"; }
  // Whether a negative ->d_revalidate status counts as valid (2.6.0 checks only for 0).
  virtual bool revalidate_error_is_valid() const { return false; }

  // Protocol programs.
  virtual const DcacheOps& dcache() const { return core_dcache_ops(); }
  // The primitives only this era has (model/protocol/builtins.hpp: E3's
  // d_alloc_parallel, the directory lock i_sem(PATH) of E1, ...); the
  // checker refuses a program of another era that calls one.
  virtual const std::vector<protocol::Builtin>& builtins() const;

 private:
  Era era_;
};

}  // namespace dcsim::model
