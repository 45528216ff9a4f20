// Runs protocol programs inside an execution. One Runtime per execution
// holds the shared variables (each scalar and each array element a simulated
// object, so two threads writing different elements commute under DPOR), the
// declared locks as the sim primitives, and the set-up dentries the programs
// name. A statement that touches shared state is one visible operation whose
// footprint names exactly what it reads and writes; lock, atomic and dcache
// primitives make the visible steps of their sim or model implementation.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/core/kernel.hpp"
#include "model/protocol/protocol.hpp"
#include "sim/completion.hpp"
#include "sim/rwsem.hpp"
#include "sim/sync.hpp"

namespace dcsim::model::protocol {

class Runtime {
 public:
  // In Program::setup, after the set-up tree exists and before the threads
  // start; scenario thread i has thread id i.
  Runtime(Kernel& k, const Protocol& p);
  // The body of the simulated thread that runs `prog`.
  void run(const ThreadProgram& prog);

  struct Value {
    Type type = Type::Int;
    std::int64_t i = 0;
    Dentry* d = nullptr;
    Inode* in = nullptr;
  };
  struct Frame {
    const ThreadProgram* prog = nullptr;
    std::vector<Value> regs;
  };
  // Pure evaluation (the await gate uses it too); `error` is set on a
  // division by zero.
  Value eval(const Expr& e, const Frame& f, std::string* error) const;
  // For deadlock reports: the object a shared Name/Index denotes, and
  // whether thread `t`'s program writes a variable `s` reads.
  sim::ObjectId object_of(const Expr& e, const Frame& f) const;
  bool writes(sim::ThreadId t, const Stmt& s) const;

 private:
  struct Lock {
    std::unique_ptr<sim::Mutex> mutex;
    std::unique_ptr<sim::Semaphore> sem;
    std::unique_ptr<sim::SpinLock> spin;
    std::unique_ptr<sim::RwLock> rw;
    std::unique_ptr<sim::RwSemaphore> rwsem;
    std::unique_ptr<sim::WaitQueue> wq;
    std::unique_ptr<sim::Completion> completion;
  };
  // A lock argument resolved: a declared lock, or a named inode's i_sem,
  // i_mutex or i_rwsem.
  struct LockRef {
    sim::Mutex* mutex = nullptr;
    sim::Semaphore* sem = nullptr;
    sim::SpinLock* spin = nullptr;
    sim::RwLock* rw = nullptr;
    sim::RwSemaphore* rwsem = nullptr;
    sim::WaitQueue* wq = nullptr;
    sim::Completion* completion = nullptr;
  };

  void exec(const std::vector<std::unique_ptr<Stmt>>& body, Frame& f);
  void exec(const Stmt& s, Frame& f);
  // The statement's visible step, when it touches shared state.
  void step(const Stmt& s, Frame& f);
  sim::Footprint footprint(const Stmt& s, const Frame& f);
  bool test(const Stmt& s, const Expr& cond, Frame& f);
  Value value(const Stmt& s, const Expr& e, Frame& f);
  void store(const Stmt& s, const Expr& target, Value v, Frame& f);
  Value call(const Stmt& s, const Expr& e, Frame& f);
  Value atomic(const Stmt& s, const Expr& e, Frame& f);
  Value dcache(const Stmt& s, const Expr& e, Frame& f);
  void lock_op(const Stmt& s, const Expr& e, Frame& f);
  LockRef lock_of(const Expr& a) const;
  std::size_t element(const Stmt& s, const Expr& e, const Frame& f);
  Dentry* dentry_arg(const Stmt& s, const Expr& call, std::size_t i, Frame& f);
  [[noreturn]] void fail(const Stmt& s, sim::Verdict v, const std::string& what);

  Kernel& k_;
  const Protocol& p_;
  std::vector<std::size_t> base_;  // per shared variable: its first element
  std::vector<std::int64_t> values_;
  std::vector<sim::ObjectId> ids_;
  std::vector<Lock> locks_;
  std::map<std::string, Dentry*> paths_;  // the set-up tree, as it was at the start
};

}  // namespace dcsim::model::protocol
