// sim::LockOrderGraph: the cases of the kernel's lib/locking-selftest.c the
// model can express, each with lockdep's verdict, and the prediction beyond
// what the explored executions reached.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "sim/completion.hpp"
#include "sim/lockdep.hpp"
#include "sim/rwsem.hpp"
#include "sim/sync.hpp"
#include "sim/workqueue.hpp"
#include "tests/sim/lambda_program.hpp"

namespace {

using namespace dcsim;
using testing::Lambda;

// Follows `prefix`, then always the lowest enabled thread; records, at each
// step, how many threads were enabled, for the enumeration below.
class Scripted : public sim::Chooser {
 public:
  explicit Scripted(std::vector<std::size_t> prefix) : prefix_(std::move(prefix)) {}
  sim::ThreadId choose(const sim::Execution&, const std::vector<sim::ThreadId>& enabled) override {
    const std::size_t i = taken_.size() < prefix_.size() ? prefix_[taken_.size()] : 0;
    taken_.push_back(i);
    widths_.push_back(enabled.size());
    return enabled.at(i);
  }
  std::vector<std::size_t> taken_, widths_;

 private:
  std::vector<std::size_t> prefix_;
};

sim::ExecutionOptions with_lockdep() {
  sim::ExecutionOptions o;
  o.max_steps = 200;
  o.lockdep = true;
  return o;
}

// One execution in thread order (each thread runs until it blocks or ends).
sim::LockOrderGraph run_in_order(const sim::Program& p, sim::Verdict* verdict = nullptr) {
  sim::LockOrderGraph g;
  sim::Execution ex(p, with_lockdep());
  Scripted c({});
  ex.run(c);
  if (verdict) *verdict = ex.failure().kind;
  g.add(ex);
  return g;
}

// Every interleaving (a plain DFS over the choices), each added to one graph.
sim::LockOrderGraph run_all(const sim::Program& p, std::uint64_t* deadlocks = nullptr) {
  sim::LockOrderGraph g;
  std::vector<std::size_t> prefix;
  for (;;) {
    sim::Execution ex(p, with_lockdep());
    Scripted c(prefix);
    ex.run(c);
    g.add(ex);
    if (deadlocks && ex.failure().kind == sim::Verdict::Deadlock) ++*deadlocks;
    // The next schedule: bump the deepest choice that has an untried sibling.
    std::vector<std::size_t> next = c.taken_;
    while (!next.empty() && next.back() + 1 >= c.widths_[next.size() - 1]) next.pop_back();
    if (next.empty()) return g;
    ++next.back();
    prefix = next;
  }
}

std::vector<std::vector<std::string>> classes_of(const std::vector<sim::PotentialDeadlock>& ds) {
  std::vector<std::vector<std::string>> out;
  for (const auto& d : ds) out.push_back(d.classes);
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

using Classes = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("lockdep: a lock's class is its name up to \" of \"", "[sim][lockdep]") {
  CHECK(sim::lock_class_of("i_sem of /dev") == "i_sem");
  CHECK(sim::lock_class_of("s_umount of /mnt") == "s_umount");
  CHECK(sim::lock_class_of("A") == "A");
}

TEST_CASE("lockdep: AA on one mutex deadlocks; AA on two of one class is recursive locking",
          "[sim][lockdep][selftest]") {
  // locking-selftest.c AA (LOCK(X1); LOCK(X2), one class): FAILURE.
  Lambda same([](sim::Execution& ex) {
    auto a = std::make_shared<sim::Mutex>(ex, "i_mutex of /a");
    ex.spawn("t", [a] { a->mutex_lock(); a->mutex_lock(); });
  });
  sim::Verdict v = sim::Verdict::Ok;
  sim::LockOrderGraph g = run_in_order(same, &v);
  CHECK(v == sim::Verdict::Deadlock);
  REQUIRE(g.cycles().size() == 1);
  CHECK(g.cycles()[0].classes == std::vector<std::string>{"i_mutex"});
  CHECK(g.cycles()[0].reached);
  CHECK(g.potential_deadlocks().empty());

  Lambda two([](sim::Execution& ex) {
    auto a = std::make_shared<sim::Mutex>(ex, "i_mutex of /a");
    auto b = std::make_shared<sim::Mutex>(ex, "i_mutex of /b");
    ex.spawn("t", [a, b] { a->mutex_lock(); b->mutex_lock(); b->mutex_unlock(); a->mutex_unlock(); });
  });
  sim::LockOrderGraph g2 = run_in_order(two, &v);
  CHECK(v == sim::Verdict::Ok);
  auto ds = g2.potential_deadlocks();
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].classes == std::vector<std::string>{"i_mutex"});
  const std::string text = sim::format_potential_deadlock(ds[0]);
  CHECK(contains(text, "possible recursive locking detected"));
  CHECK(contains(text, "t holding i_mutex of /a (taken in "));
  CHECK(contains(text, "took i_mutex of /b in"));
}

TEST_CASE("lockdep: ABBA run only in the order that does not deadlock still warns",
          "[sim][lockdep][selftest]") {
  // locking-selftest.c ABBA: FAILURE.
  Lambda p([](sim::Execution& ex) {
    auto a = std::make_shared<sim::Mutex>(ex, "A");
    auto b = std::make_shared<sim::Mutex>(ex, "B");
    ex.spawn("t0", [a, b] {
      sim::KernelFunction f("take_ab");
      a->mutex_lock(); b->mutex_lock(); b->mutex_unlock(); a->mutex_unlock();
    });
    ex.spawn("t1", [a, b] {
      sim::KernelFunction f("take_ba");
      b->mutex_lock(); a->mutex_lock(); a->mutex_unlock(); b->mutex_unlock();
    });
  });
  sim::Verdict v = sim::Verdict::Deadlock;
  sim::LockOrderGraph g = run_in_order(p, &v);
  CHECK(v == sim::Verdict::Ok);
  auto ds = g.potential_deadlocks();
  REQUIRE(ds.size() == 1);
  CHECK(ds[0].classes == std::vector<std::string>{"A", "B"});
  REQUIRE(ds[0].chains.size() == 2);
  CHECK(ds[0].chains[0].thread == "t0");
  CHECK(ds[0].chains[0].held_function == "take_ab");
  CHECK(ds[0].chains[1].thread == "t1");
  CHECK(ds[0].chains[1].function == "take_ba");
  const std::string text = sim::format_potential_deadlock(ds[0]);
  CHECK(contains(text, "possible circular locking dependency detected"));
  CHECK(contains(text, "A -> B -> A"));
  CHECK(contains(text, "no explored execution deadlocked on it"));

  // Every interleaving: one of them deadlocks, so the cycle is reached.
  std::uint64_t deadlocks = 0;
  sim::LockOrderGraph all = run_all(p, &deadlocks);
  CHECK(deadlocks > 0);
  REQUIRE(all.cycles().size() == 1);
  CHECK(all.cycles()[0].reached);
  CHECK(all.potential_deadlocks().empty());

  // The union of the one safe run with the rest keeps its chains first.
  sim::LockOrderGraph merged = g;
  merged.merge(all);
  CHECK(merged.executions() == g.executions() + all.executions());
  REQUIRE(merged.cycles().size() == 1);
  CHECK(merged.cycles()[0].reached);
  CHECK(merged.cycles()[0].chains[0].thread == "t0");
}

TEST_CASE("lockdep: ABCABC over three threads is one cycle of three", "[sim][lockdep][selftest]") {
  // locking-selftest.c ABCABC: FAILURE.
  Lambda p([](sim::Execution& ex) {
    std::vector<std::shared_ptr<sim::SpinLock>> l;
    for (const char* n : {"A", "B", "C"}) l.push_back(std::make_shared<sim::SpinLock>(ex, n));
    for (int i = 0; i < 3; ++i)
      ex.spawn("t" + std::to_string(i), [l, i] {
        l[i]->spin_lock(); l[(i + 1) % 3]->spin_lock();
        l[(i + 1) % 3]->spin_unlock(); l[i]->spin_unlock();
      });
  });
  sim::LockOrderGraph g = run_in_order(p);
  CHECK(classes_of(g.potential_deadlocks()) == Classes{{"A", "B", "C"}});
  CHECK(g.edge_count() == 3);
}

TEST_CASE("lockdep: down_read twice is reported; it deadlocks only with a writer queued between",
          "[sim][lockdep][selftest][rwsem]") {
  // locking-selftest.c rsem_AA1 (RSL(X1); RSL(X1)): FAILURE.
  auto program = [](bool writer) {
    return Lambda([writer](sim::Execution& ex) {
      auto x = std::make_shared<sim::RwSemaphore>(ex, "X");
      ex.spawn("r", [x] { x->down_read(); x->down_read(); x->up_read(); x->up_read(); });
      if (writer) ex.spawn("w", [x] { x->down_write(); x->up_write(); });
    });
  };
  std::uint64_t deadlocks = 0;
  sim::LockOrderGraph alone = run_all(program(false), &deadlocks);
  CHECK(deadlocks == 0);
  auto ds = alone.potential_deadlocks();
  REQUIRE(classes_of(ds) == Classes{{"X"}});
  CHECK(contains(ds[0].why_not_reached, "down_read is not a recursive read"));
  CHECK(contains(ds[0].why_not_reached, "no writer of X took part"));

  // A writer that only ever comes first or last: taken part, never queued in between.
  sim::LockOrderGraph in_order = run_in_order(program(true));
  ds = in_order.potential_deadlocks();
  REQUIRE(ds.size() == 1);
  CHECK(contains(ds[0].why_not_reached, "no explored execution queued one there"));

  // Every interleaving: the writer queues between the two and it deadlocks.
  deadlocks = 0;
  sim::LockOrderGraph all = run_all(program(true), &deadlocks);
  CHECK(deadlocks > 0);
  CHECK(all.potential_deadlocks().empty());
  REQUIRE(all.cycles().size() == 1);
  CHECK(all.cycles()[0].reached);
}

TEST_CASE("lockdep: rwsem readers in ABBA order are reported; no writer, no deadlock",
          "[sim][lockdep][selftest][rwsem]") {
  // lockdep before 5.8 keeps no read/write in its edges: a read-read ABBA
  // of rwsems is a circular dependency (the queued-writer argument).
  Lambda p([](sim::Execution& ex) {
    auto a = std::make_shared<sim::RwSemaphore>(ex, "A");
    auto b = std::make_shared<sim::RwSemaphore>(ex, "B");
    ex.spawn("t0", [a, b] { a->down_read(); b->down_read(); b->up_read(); a->up_read(); });
    ex.spawn("t1", [a, b] { b->down_read(); a->down_read(); a->up_read(); b->up_read(); });
  });
  std::uint64_t deadlocks = 0;
  sim::LockOrderGraph g = run_all(p, &deadlocks);
  CHECK(deadlocks == 0);
  auto ds = g.potential_deadlocks();
  REQUIRE(classes_of(ds) == Classes{{"A", "B"}});
  CHECK(contains(ds[0].why_not_reached, "every lock of the cycle is taken for read"));
  CHECK(contains(ds[0].why_not_reached, "no writer of A, B took part"));
  CHECK(ds[0].chains[0].held_read);
  CHECK(ds[0].chains[0].read);
}

TEST_CASE("lockdep: rwlock read_lock is a recursive read; a write_lock closes the cycle",
          "[sim][lockdep][selftest][rwlock]") {
  // locking-selftest.c rlock_AA1 (RL(X1); RL(X1)): SUCCESS.
  Lambda twice([](sim::Execution& ex) {
    auto x = std::make_shared<sim::RwLock>(ex, "X");
    ex.spawn("t", [x] { x->read_lock(); x->read_lock(); x->read_unlock(); x->read_unlock(); });
  });
  CHECK(run_in_order(twice).cycles().empty());

  // rlock_ABBA1 (RL(X1); L(Y1) / L(Y1); RL(X1)): SUCCESS, no edge ends at a
  // recursive read; rwlock_ABBA2-like with WL(X1) in the second thread: FAILURE.
  auto abba = [](bool write) {
    return Lambda([write](sim::Execution& ex) {
      auto x = std::make_shared<sim::RwLock>(ex, "X");
      auto y = std::make_shared<sim::SpinLock>(ex, "Y");
      ex.spawn("t0", [x, y] { x->read_lock(); y->spin_lock(); y->spin_unlock(); x->read_unlock(); });
      ex.spawn("t1", [x, y, write] {
        y->spin_lock();
        if (write) { x->write_lock(); x->write_unlock(); }
        else { x->read_lock(); x->read_unlock(); }
        y->spin_unlock();
      });
    });
  };
  sim::LockOrderGraph reads = run_in_order(abba(false));
  CHECK(reads.has_edge("X", "Y"));
  CHECK_FALSE(reads.has_edge("Y", "X"));
  CHECK(reads.cycles().empty());
  CHECK(classes_of(run_in_order(abba(true)).potential_deadlocks()) == Classes{{"X", "Y"}});
}

TEST_CASE("lockdep: flush_work under a lock the work function takes", "[sim][lockdep][workqueue]") {
  // The mntput pattern: a lock held across flush_work() of an item whose
  // function takes the same lock. Thread order runs the item first: no
  // deadlock, but the cycle L -> work -> L is there.
  Lambda p([](sim::Execution& ex) {
    auto l = std::make_shared<sim::Mutex>(ex, "L");
    auto wq = std::make_shared<sim::WorkQueue>(ex, "events", 1);
    auto w = std::make_shared<sim::Work>(ex, "mntput_work", [l] { l->mutex_lock(); l->mutex_unlock(); });
    ex.spawn("umount", [l, wq, w] {
      sim::queue_work(*wq, *w);
      l->mutex_lock();
      sim::flush_work(*w);
      l->mutex_unlock();
    });
  });
  sim::Verdict v = sim::Verdict::Deadlock;
  sim::LockOrderGraph g = run_in_order(p, &v);
  CHECK(v == sim::Verdict::Ok);
  auto ds = g.potential_deadlocks();
  REQUIRE(classes_of(ds) == Classes{{"L", "mntput_work"}});
  CHECK(ds[0].chains[0].thread == "umount");
  CHECK(ds[0].chains[0].function == "flush_work");
  CHECK(ds[0].chains[1].thread == "kworker/0");
  CHECK(ds[0].chains[1].held_function == "process_one_work");
}

TEST_CASE("lockdep: a waiter holding the lock its waker takes first (cross-release)",
          "[sim][lockdep][completion]") {
  // The waiter holds L while it waits for C; the completer completes C
  // holding L. In thread order C is completed before the wait: no deadlock,
  // but L -> C (the wait) and C -> L (the waker's lock) make a cycle.
  Lambda p([](sim::Execution& ex) {
    auto l = std::make_shared<sim::Mutex>(ex, "L");
    auto c = std::make_shared<sim::Completion>(ex, "C");
    ex.spawn("waker", [l, c] { l->mutex_lock(); c->complete(); l->mutex_unlock(); });
    ex.spawn("waiter", [l, c] { l->mutex_lock(); c->wait_for_completion(); l->mutex_unlock(); });
  });
  sim::Verdict v = sim::Verdict::Deadlock;
  sim::LockOrderGraph g = run_in_order(p, &v);
  CHECK(v == sim::Verdict::Ok);
  CHECK(g.has_edge("L", "C"));
  CHECK(g.has_edge("C", "L"));
  CHECK(classes_of(g.potential_deadlocks()) == Classes{{"C", "L"}});
}

TEST_CASE("lockdep: off unless asked, and the unlocked program has no edges", "[sim][lockdep]") {
  Lambda p([](sim::Execution& ex) {
    auto a = std::make_shared<sim::Mutex>(ex, "A");
    ex.spawn("t", [a] { a->mutex_lock(); a->mutex_unlock(); a->mutex_lock(); a->mutex_unlock(); });
  });
  sim::Execution ex(p, sim::ExecutionOptions{});
  Scripted c({});
  ex.run(c);
  CHECK(ex.lockdep() == nullptr);
  sim::LockOrderGraph g;
  g.add(ex);
  CHECK(g.executions() == 1);
  CHECK(g.edge_count() == 0);
  CHECK(run_in_order(p).edge_count() == 0);
}
