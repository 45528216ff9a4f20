#include "model/core/kernel.hpp"

#include <fmt/format.h>

#include "model/era_registry.hpp"

namespace dcsim::model {

Kernel::Kernel(sim::Execution& e, RuleSet r) : ex(e), rules(std::move(r)), era(era_model(rules.era())) {}

std::string child_path(const Dentry* parent, const std::string& name) {
  if (!parent) return "/";
  return parent->path == "/" ? "/" + name : parent->path + "/" + name;
}

Inode* Kernel::new_inode(const std::string& path, bool dir, const InodeOperations* ops,
                         SuperBlock* sb) {
  Inode* inode = make<Inode>(ex, path, dir);
  era.init_inode(*this, *inode);
  inode->i_op = ops;
  inode->i_sb = sb;
  return inode;
}

Dentry* Kernel::new_dentry(Dentry* parent, const std::string& name) {
  Dentry* d = make<Dentry>();
  all_dentries.push_back(d);
  d->name = name;
  d->d_parent = parent ? parent : d;
  d->path = child_path(parent, name);
  // A second dentry for the same path (after d_drop, say) gets a suffix, so
  // reports can tell them apart.
  const int n = ++names_seen_[d->path];
  d->id = ex.objects().add("dentry", n == 1 ? "dentry " + d->path
                                            : fmt::format("dentry {} (#{})", d->path, n));
  era.init_dentry(*this, *d);
  return d;
}

sim::ObjectId Kernel::vfsmount_lock() {
  if (vfsmount_lock_ == sim::kNoObject) vfsmount_lock_ = ex.objects().add("spinlock", "vfsmount_lock");
  return vfsmount_lock_;
}

namespace {
HashChain& find_or_add(std::map<std::pair<sim::ObjectId, std::string>, HashChain>& chains,
                       sim::Execution& ex, const char* kind, const Dentry* parent,
                       const std::string& name) {
  auto key = std::make_pair(parent->id, name);
  auto it = chains.find(key);
  if (it == chains.end()) {
    HashChain c;
    c.id = ex.objects().add(kind, std::string(kind) + " " + child_path(parent, name));
    it = chains.emplace(key, std::move(c)).first;
  }
  return it->second;
}
}  // namespace

HashChain& Kernel::chain(const Dentry* parent, const std::string& name) {
  return find_or_add(chains_, ex, "hash chain", parent, name);
}

HashChain& Kernel::in_lookup_chain(const Dentry* parent, const std::string& name) {
  return find_or_add(in_lookup_chains_, ex, "in-lookup hash chain", parent, name);
}

bool Kernel::has_positive_child(const Dentry* dir) const {
  for (auto it = chains_.lower_bound({dir->id, std::string()});
       it != chains_.end() && it->first.first == dir->id; ++it)
    for (const Dentry* d : it->second.entries)
      if (d->d_inode && !d_unhashed(d)) return true;
  return false;
}

}  // namespace dcsim::model
