// A scenario's protocol programs, compiled: the shared variables and locks
// it declares (/shared, /locks) and, per scenario thread, the checked
// program that thread runs instead of syscalls.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/protocol/ast.hpp"
#include "model/protocol/builtins.hpp"

namespace dcsim::model::protocol {

struct SharedVar {
  std::string name;
  bool array = false;
  std::vector<std::int64_t> init;  // one value per element (one for a scalar)
};

struct LockDecl {
  std::string name;
  LockKind kind;
  int count = 1;  // semaphore
};

struct ThreadProgram {
  std::string thread;  // the scenario thread's name
  std::string where;   // "/threads/2/program"
  std::vector<std::unique_ptr<Stmt>> body;
  std::vector<std::string> registers;  // names, by slot
  std::vector<Type> register_types;
  std::set<std::size_t> wakes;   // lock slots it calls wake_up/complete on
  std::set<std::size_t> writes;  // shared variables it writes (who an await waits for)
};

// A primitive that not every era has, where a program calls it.
struct EraUse {
  std::string where;  // JSON path of the statement
  std::string message_prefix;  // "line 1, column 5: " or "column 5: "
  std::string builtin;
  unsigned eras;
};

struct Protocol {
  std::vector<SharedVar> vars;
  std::vector<LockDecl> locks;
  std::vector<std::shared_ptr<const ThreadProgram>> threads;  // by scenario thread; null: a syscall thread
  std::vector<EraUse> era_uses;
  std::set<std::string> paths;  // the set-up paths programs name
  std::size_t program_threads() const;
};

}  // namespace dcsim::model::protocol
