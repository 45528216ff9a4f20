// The kernel of one execution: its dcache, inodes, super blocks, the rule
// set in force and each thread's syscall results. Model objects live in
// arenas for the whole execution, so that a simulated use-after-free is a
// report, never a real one.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/core/dentry.hpp"
#include "model/core/era.hpp"
#include "model/rules.hpp"
#include "sim/execution.hpp"

namespace dcsim::model {

struct VfsMount;

// One chain of the dcache hash (dentry_hashtable), kept per (parent, name)
// so that footprints of lookups of different names never collide.
struct HashChain {
  sim::ObjectId id;
  std::vector<Dentry*> entries;
};

class Kernel : public sim::World {
 public:
  Kernel(sim::Execution& ex, RuleSet rules);

  sim::Execution& ex;
  RuleSet rules;
  const EraModel& era;  // the model of rules.era() (model/era_registry.hpp)

  Dentry* root = nullptr;
  std::vector<VfsMount*> mounts;           // the namespace's mount list, oldest first
  std::map<std::string, Dentry*> fs_roots;  // set-up file systems by path, for ioctls on their root
  // What a thread last waited for (an autofs wait queue, say); appended to
  // its expectation failures so the report says why a syscall failed.
  std::map<sim::ThreadId, std::string> waited_on;

  // The era's state of the whole kernel, if it has one (E4's mounts).
  KernelEraPart* k_era = nullptr;

  // vfsmount_lock, created on first use.
  sim::ObjectId vfsmount_lock();

  // Arena allocation; the simulated lifetime is tracked by ex.objects().
  template <typename T, typename... Args>
  T* make(Args&&... args) {
    auto p = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = p.get();
    arena_.push_back(Holder{std::shared_ptr<void>(std::move(p))});
    return raw;
  }

  Inode* new_inode(const std::string& path, bool dir, const InodeOperations* ops, SuperBlock* sb);
  Dentry* new_dentry(Dentry* parent, const std::string& name);
  HashChain& chain(const Dentry* parent, const std::string& name);
  // The bucket of in_lookup_hashtable for (parent, name) (E3's d_alloc_parallel).
  HashChain& in_lookup_chain(const Dentry* parent, const std::string& name);
  // simple_empty(): does `dir` have a hashed positive child?
  bool has_positive_child(const Dentry* dir) const;

  // Current task helpers.
  sim::ThreadId current() const { return ex.self(); }

  // Every dentry of the execution, in creation order; and their states for
  // the visual outputs (model/core/dentry_states.cpp).
  std::vector<Dentry*> all_dentries;
  void describe_states(std::vector<std::pair<sim::ObjectId, std::string>>& out) const override;

 private:
  struct Holder {
    std::shared_ptr<void> p;
  };
  std::deque<Holder> arena_;
  std::map<std::pair<sim::ObjectId, std::string>, HashChain> chains_;
  std::map<std::string, int> names_seen_;
  sim::ObjectId vfsmount_lock_ = sim::kNoObject;
  std::map<std::pair<sim::ObjectId, std::string>, HashChain> in_lookup_chains_;
};

std::string child_path(const Dentry* parent, const std::string& name);

}  // namespace dcsim::model
