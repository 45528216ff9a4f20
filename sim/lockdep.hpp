// Lock-order prediction, as the kernel's lockdep does it (kernel/locking/
// lockdep.c, 4.x before the 5.8 read/write rework): every acquisition made
// while other locks are held adds an edge held-class -> new-class to a graph
// over lock CLASSES (all directories' i_sem are one class), and a cycle in
// that graph is a possible deadlock even if no execution ran into it.
//
// Per execution, a LockdepTrace (Execution::lockdep(), on with
// ExecutionOptions::lockdep) keeps what each thread holds and the first
// chain of each edge. LockOrderGraph is the union over executions; the
// explorer calls add() after each execution and merge() across work units.
//
// Classes: a lock's class is its object's name up to " of " ("i_sem of /dev"
// -> "i_sem"), else the whole name. Besides locks, lockdep's "maps" are
// classes too: a work item (its worker holds it while running it;
// flush_work() takes and drops it), a completion and a wait queue (waiting
// is taking and dropping it; the waker orders it before the locks it holds
// when it wakes, and those it took since the wait began: cross-release).
// rwlock_t read_lock is a recursive read (read == 2): no edge ends at it and
// it may be taken twice, as lockdep allows; down_read is not (read == 1).
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::sim {

class Execution;

enum class LockRead : std::uint8_t { Write = 0, Read = 1, RecursiveRead = 2 };

std::string lock_class_of(const std::string& object_name);

// One link of a chain, as lockdep prints "-> #1 (B){+.+.}: ... lock_acquire
// ... function": who held `held_lock` (taken in held_function) and then took
// `lock` in `function`.
struct LockChain {
  std::string thread;
  std::string held_lock;  // the objects, for the report: "i_sem of /dev"
  std::string held_function;
  bool held_read = false;
  std::string lock;
  std::string function;
  bool read = false;
};

class LockdepTrace {
 public:
  // The calling thread (ex.self()) takes / drops `object`.
  void acquire(Execution& ex, ObjectId object, LockRead read);
  // The blocking attempt, before the step (lockdep validates before it
  // waits): its edges exist even if the execution deadlocks on it.
  void attempt(Execution& ex, ObjectId object, LockRead read);
  void release(Execution& ex, ObjectId object);
  // A wait on a completion or wait queue (take and drop at once) and its
  // wake-up (cross-release: the waker's locks order after the wait class).
  void wait(Execution& ex, ObjectId object);
  void wake(Execution& ex, ObjectId object);
  // down_write() attempted: a writer of that class took part.
  void writer(Execution& ex, ObjectId object);

  struct Edge {
    std::string from, to;
    LockChain chain;  // the first in this execution
  };
  const std::vector<Edge>& edges() const { return edges_; }
  const std::set<std::string>& writer_classes() const { return writers_; }

 private:
  struct Held {
    ObjectId object;
    std::string cls;
    std::string function;
    bool read;
  };
  struct Taken {  // for cross-release: every acquisition, in order
    ThreadId thread;
    std::uint64_t seq;
    Held lock;
  };
  void add_edge(Execution& ex, const Held& from, const Held& to);

  std::map<ThreadId, std::vector<Held>> held_;
  std::vector<Taken> taken_;
  std::map<std::string, std::uint64_t> wait_began_;  // wait class -> seq of its first wait
  std::uint64_t seq_ = 0;
  std::vector<Edge> edges_;
  std::set<std::pair<std::string, std::string>> seen_;
  std::set<std::string> writers_;
};

// A cycle of the union graph: classes in order (classes[i] -> classes[i+1]),
// with the first chain recorded for each edge.
struct PotentialDeadlock {
  std::vector<std::string> classes;
  std::vector<LockChain> chains;
  bool reached = false;  // some explored execution deadlocked on these classes
  // Why no execution reached it, when the model can tell (readers only).
  std::string why_not_reached;
};

class LockOrderGraph {
 public:
  void add(const Execution& ex);
  void merge(const LockOrderGraph& other);
  std::uint64_t executions() const { return executions_; }
  std::size_t edge_count() const { return edges_.size(); }
  bool has_edge(const std::string& from, const std::string& to) const {
    return edges_.count({from, to}) > 0;
  }

  // Every edge, sorted by (from, to), with its first chain (the DOT writer).
  struct EdgeView {
    std::string from, to;
    LockChain chain;
    bool all_read = true;
  };
  std::vector<EdgeView> edge_list() const {
    std::vector<EdgeView> out;
    for (const auto& [key, info] : edges_) out.push_back(EdgeView{key.first, key.second, info.chain, info.all_read});
    return out;
  }
  // The whole graph as plain values, for the work units' codec
  // (explorer/result): restore(state()) is the same graph.
  struct State {
    std::vector<EdgeView> edges;                      // sorted by (from, to)
    std::vector<std::vector<std::string>> deadlocked;  // sorted
    std::vector<std::string> writers;                  // sorted
    std::uint64_t executions = 0;
  };
  State state() const;
  static LockOrderGraph restore(const State& s);

  // Every elementary cycle (at most `limit`), sorted; reached or not.
  std::vector<PotentialDeadlock> cycles(std::size_t limit = 64) const;
  // The cycles no explored execution deadlocked on.
  std::vector<PotentialDeadlock> potential_deadlocks(std::size_t limit = 64) const;

 private:
  struct EdgeInfo {
    LockChain chain;
    bool all_read = true;  // every sample took both ends for read
  };
  std::map<std::pair<std::string, std::string>, EdgeInfo> edges_;
  std::set<std::vector<std::string>> deadlocked_;  // sorted class sets of reached deadlocks
  std::set<std::string> writers_;
  std::uint64_t executions_ = 0;
};

// lockdep's report of one potential deadlock: "possible circular locking
// dependency detected" (or "possible recursive locking detected") and the
// chains, one per edge.
std::string format_potential_deadlock(const PotentialDeadlock& d);

}  // namespace dcsim::sim
