#include "model/protocol/builtins.hpp"

#include <algorithm>

#include "model/core/era.hpp"
#include "model/era_registry.hpp"

namespace dcsim::model::protocol {

const char* to_string(LockKind k) {
  switch (k) {
    case LockKind::Mutex: return "mutex";
    case LockKind::Semaphore: return "semaphore";
    case LockKind::SpinLock: return "spinlock";
    case LockKind::RwLock: return "rwlock";
    case LockKind::RwSem: return "rwsem";
    case LockKind::WaitQueue: return "waitqueue";
    case LockKind::Completion: return "completion";
  }
  return "?";
}

unsigned era_bit(Era e) { return 1u << static_cast<unsigned>(e); }

std::string era_list(unsigned eras) {
  std::string out;
  for (Era e : all_eras())
    if (eras & era_bit(e)) out += (out.empty() ? "" : ", ") + std::string(to_string(e).substr(0, 2));
  return out;
}

namespace {
// What every era has; each era adds its own (EraModel::builtins).
std::vector<Builtin> core_builtins() {
  using A = Arg;
  using G = Group;
  using L = LockKind;
  return {
      {"mutex_lock", G::Lock, {A::Lock}, Type::Void, L::Mutex},
      {"mutex_unlock", G::Lock, {A::Lock}, Type::Void, L::Mutex},
      {"down", G::Lock, {A::Lock}, Type::Void, L::Semaphore},
      {"up", G::Lock, {A::Lock}, Type::Void, L::Semaphore},
      {"spin_lock", G::Lock, {A::Lock}, Type::Void, L::SpinLock},
      {"spin_unlock", G::Lock, {A::Lock}, Type::Void, L::SpinLock},
      {"read_lock", G::Lock, {A::Lock}, Type::Void, L::RwLock},
      {"read_unlock", G::Lock, {A::Lock}, Type::Void, L::RwLock},
      {"write_lock", G::Lock, {A::Lock}, Type::Void, L::RwLock},
      {"write_unlock", G::Lock, {A::Lock}, Type::Void, L::RwLock},
      {"down_read", G::Lock, {A::Lock}, Type::Void, L::RwSem},
      {"up_read", G::Lock, {A::Lock}, Type::Void, L::RwSem},
      {"down_write", G::Lock, {A::Lock}, Type::Void, L::RwSem},
      {"up_write", G::Lock, {A::Lock}, Type::Void, L::RwSem},
      {"wake_up", G::Lock, {A::Lock}, Type::Void, L::WaitQueue},
      {"wait_event", G::Lock, {A::Lock, A::Cond}, Type::Void, L::WaitQueue},
      {"complete", G::Lock, {A::Lock}, Type::Void, L::Completion},
      {"complete_all", G::Lock, {A::Lock}, Type::Void, L::Completion},
      {"wait_for_completion", G::Lock, {A::Lock}, Type::Void, L::Completion},
      {"atomic_read", G::Atomic, {A::Var}, Type::Int},
      {"atomic_set", G::Atomic, {A::Var, A::Int}, Type::Void},
      {"atomic_add", G::Atomic, {A::Var, A::Int}, Type::Void},
      {"atomic_inc", G::Atomic, {A::Var}, Type::Void},
      {"atomic_dec", G::Atomic, {A::Var}, Type::Void},
      {"atomic_add_return", G::Atomic, {A::Var, A::Int}, Type::Int},
      {"atomic_xchg", G::Atomic, {A::Var, A::Int}, Type::Int},
      {"atomic_cmpxchg", G::Atomic, {A::Var, A::Int, A::Int}, Type::Int},
      {"d_alloc", G::Dcache, {A::Dentry, A::Name}, Type::Dentry},
      {"d_add", G::Dcache, {A::Dentry, A::Inode}, Type::Void},
      {"d_instantiate", G::Dcache, {A::Dentry, A::Inode}, Type::Void},
      {"d_drop", G::Dcache, {A::Dentry}, Type::Void},
      {"d_rehash", G::Dcache, {A::Dentry}, Type::Void},
      {"d_lookup", G::Dcache, {A::Dentry, A::Name}, Type::Dentry},
      {"dget", G::Dcache, {A::Dentry}, Type::Dentry},
      {"dput", G::Dcache, {A::Dentry}, Type::Void},
      {"d_unhashed", G::Query, {A::Dentry}, Type::Int},
      {"dentry", G::Query, {A::Path}, Type::Dentry},
      {"inode", G::Query, {A::Path}, Type::Inode},
      {"new_inode", G::Query, {}, Type::Inode},
  };
}
}  // namespace

const std::vector<Builtin>& all_builtins() {
  static const std::vector<Builtin> table = [] {
    std::vector<Builtin> t = core_builtins();
    for (Era e : all_eras())
      for (Builtin b : era_model(e).builtins()) {
        b.eras = era_bit(e);
        auto same = std::find_if(t.begin(), t.end(), [&](const Builtin& x) { return x.name == b.name; });
        if (same == t.end())
          t.push_back(std::move(b));
        else
          same->eras |= b.eras;  // E2 and E4 both guard directories with i_mutex
      }
    return t;
  }();
  return table;
}

const Builtin* find_builtin(std::string_view name) {
  for (const Builtin& b : all_builtins())
    if (b.name == name) return &b;
  return nullptr;
}

}  // namespace dcsim::model::protocol
