// The primitives a protocol program may call, by their kernel names: the
// lock operations, atomics, and the dcache functions of model/dcache*.cpp.
// One table, read by the checker (signatures, eras) and the interpreter:
// the era-neutral ones, then each era's own (EraModel::builtins).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/protocol/ast.hpp"
#include "model/rules.hpp"

namespace dcsim::model::protocol {

enum class LockKind : std::uint8_t { Mutex, Semaphore, SpinLock, RwLock, RwSem, WaitQueue, Completion };
const char* to_string(LockKind k);

enum class Arg : std::uint8_t {
  Lock,    // a lock of the builtin's `lock` kind: a name in /locks, or i_sem/i_mutex/i_rwsem(PATH)
  Var,     // a shared integer (variable or element) the builtin reads or writes atomically
  Int,     // an int expression over registers
  Dentry,  // a dentry expression over registers (null is a failure at run time)
  Inode,   // an inode or null
  Name,    // a string: a dentry name (one component)
  Path,    // a string literal: a path of the set-up tree
  Cond,    // wait_event's condition: may read shared state
};

enum class Group : std::uint8_t {
  Lock,     // a lock operation (one visible step, or a blocking one)
  Atomic,   // one visible read or write of the shared variable
  Dcache,   // a model function: its own visible steps and assertions
  Query,    // usable inside expressions: a read of the dentry (visible) or a name (not)
  LockRef,  // i_sem(PATH) etc.: names a lock; only as a lock argument
};

// A set of eras: bit i is enumerator i of Era.
inline constexpr unsigned kAllEras = ~0u;  // every era, however many there are
unsigned era_bit(Era e);
std::string era_list(unsigned eras);  // "E3", "E1, E2"

struct Builtin {
  std::string_view name;
  Group group;
  std::vector<Arg> args;
  Type result;             // Void: a statement only
  LockKind lock = LockKind::Mutex;  // Group::Lock (the kind its Lock argument must be) and LockRef (the kind it names)
  unsigned eras = kAllEras;
};

// An era's directory lock named by path (i_sem(PATH), i_mutex(PATH), ...):
// every era has one, of its own name and kind.
inline Builtin inode_lock_ref(std::string_view name, LockKind kind) {
  return {name, Group::LockRef, {Arg::Path}, Type::Lock, kind};
}

const Builtin* find_builtin(std::string_view name);
const std::vector<Builtin>& all_builtins();

}  // namespace dcsim::model::protocol
