// E3: Linux 4.7, parallel lookups under a shared i_rwsem, NFS (seed 002).
#include "model/e3/era.hpp"

#include <fmt/format.h>

#include "model/core/kernel.hpp"
#include "model/core/setup_tree.hpp"
#include "model/e3/dcache.hpp"
#include "model/e3/namei.hpp"
#include "model/e3/nfs.hpp"
#include "model/e3/objects.hpp"
#include "model/e3/spec.hpp"
#include "model/protocol/builtins.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model::e3 {

namespace {

const DcacheOps& dcache_ops() {
  static const DcacheOps ops = [] {
    DcacheOps o;
    o.d_alloc = &e3::d_alloc;
    o.d_add = &e3::d_add;
    o.d_instantiate = &e3::d_instantiate;
    o.d_rehash = &e3::d_rehash;
    o.dput = &e3::dput;
    o.d_alloc_parallel = [](Kernel& k, Dentry* parent, const std::string& name) {
      return e3::d_alloc_parallel(k, parent, name, on_stack_wait_queue(k, "program"));
    };
    o.d_lookup_done = &e3::d_lookup_done;
    o.d_splice_alias = &e3::d_splice_alias;
    return o;
  }();
  return ops;
}

class E3 final : public EraModel {
 public:
  E3() : EraModel(Era::E3) {}

  std::optional<SetupClaim> claims(const Scenario& s) const override {
    if (nfs_mounts(s).empty()) return std::nullopt;
    return SetupClaim{"an nfs mount", "NFS is modelled in E3 only"};
  }
  std::optional<std::string> refuse_op(const OpSpec& op) const override {
    if (op.era) return std::nullopt;  // another era's op: the loader refuses it
    if (op.op != "stat" && op.op != "lstat" && op.op != "open" && op.op != "server_create")
      return fmt::format("stat, lstat, open or server_create under an E3 profile (\"{}\" is "
                         "modelled in E1 only)",
                         op.op);
    return std::nullopt;
  }

  void init_inode(Kernel& k, Inode& inode) const override { inode.i_era = k.make<InodePart>(k.ex, inode); }
  void init_dentry(Kernel& k, Dentry& dentry) const override { dentry.d_era = k.make<DentryPart>(); }

  void setup(Kernel& k, const Scenario& s) const override {
    for (const NfsMountSpec& m : nfs_mounts(s)) {
      auto [parent, name] = parent_and_name(k, m.at);
      nfs::Config c;
      for (const std::string& f : m.files) c.entries[f] = false;
      for (const std::string& d : m.dirs) c.entries[d] = true;
      for (const auto& [entry, err] : m.open_replies) c.open_replies[entry] = -err;
      nfs::mount(k, parent, name, c);
    }
  }
  bool reads_mount(std::string_view fs) const override { return fs == "nfs"; }
  void read_mount(const nlohmann::json& m, const std::string& base, SpecReader& r, Scenario& s) const override {
    read_nfs_mount(m, base, r, s);
  }
  void check_ops(const Scenario& s, const SpecReader& r) const override { check_server_creates(s, r); }

  int run_syscall(Kernel& k, const OpSpec& op) const override {
    if (op.op == "stat") return e3::sys_stat(k, op.path);
    if (op.op == "lstat") return e3::sys_lstat(k, op.path);
    if (op.op == "open") return e3::sys_open(k, op.path, op.flags);
    if (op.op == "server_create") {
      auto [root, name] = parent_and_name(k, op.path);
      return nfs::server_create(k, root, name);
    }
    throw std::logic_error("unknown op " + op.op);  // refuse_op rejects these
  }

  const DcacheOps& dcache() const override { return dcache_ops(); }

  const std::vector<protocol::Builtin>& builtins() const override {
    using protocol::Arg;
    using protocol::Group;
    using protocol::LockKind;
    using protocol::Type;
    static const std::vector<protocol::Builtin> own = {
        {"d_alloc_parallel", Group::Dcache, {Arg::Dentry, Arg::Name}, Type::Dentry},
        {"d_lookup_done", Group::Dcache, {Arg::Dentry}, Type::Void},
        {"d_splice_alias", Group::Dcache, {Arg::Inode, Arg::Dentry}, Type::Dentry},
        {"d_in_lookup", Group::Query, {Arg::Dentry}, Type::Int},
        protocol::inode_lock_ref("i_rwsem", LockKind::RwSem),
    };
    return own;
  }
};

}  // namespace

const EraModel& era_model() {
  static const E3 era;
  return era;
}

}  // namespace dcsim::model::e3
