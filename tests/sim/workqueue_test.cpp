// sim::WorkQueue: queue_work on a pending item is a no-op, flush_work waits
// for the last queued instance, idle workers end an execution well, and a
// work item that waits for itself (directly, or behind itself on an ordered
// queue) is a deadlock whose cycle runs through the work item.
#include <catch2/catch.hpp>

#include <memory>

#include "explorer/dfs/dfs.hpp"
#include "sim/sync.hpp"
#include "sim/workqueue.hpp"
#include "tests/sim/lambda_program.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;
using testing::explore_all;
using testing::Lambda;

sim::Execution& cur() { return sim::Execution::current(); }

}  // namespace

TEST_CASE("workqueue: queue_work on a pending item is a no-op", "[sim][workqueue]") {
  // The second queue_work either finds the item pending (a no-op: it runs
  // once) or finds the worker took it already (queued again: it runs twice).
  bool consistent = true;
  std::uint64_t noops = 0, requeues = 0;
  Lambda p([&](sim::Execution& ex) {
    auto runs = std::make_shared<int>(0);
    auto wq = std::make_shared<sim::WorkQueue>(ex, "system_wq", 1);
    auto w = std::make_shared<sim::Work>(ex, "W", [runs] { ++*runs; });
    ex.spawn("T", [&, wq, w, runs] {
      CHECK(sim::queue_work(*wq, *w));
      const bool queued = sim::queue_work(*wq, *w);
      (queued ? requeues : noops) += 1;
      sim::flush_work(*w);
      if (*runs != (queued ? 2 : 1) || w->queued() != std::uint64_t(*runs) || w->done() != w->queued())
        consistent = false;
    });
  });
  auto r = explore_all(p, 200);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  CHECK(consistent);
  CHECK(noops > 0);
  CHECK(requeues > 0);
}

TEST_CASE("workqueue: flush_work waits for the last queued instance", "[sim][workqueue]") {
  bool ok = true;
  std::uint64_t executions_with_wait = 0;
  Lambda p([&](sim::Execution& ex) {
    auto wq = std::make_shared<sim::WorkQueue>(ex, "system_wq", 2);
    auto state = std::make_shared<int>(0);
    auto w = std::make_shared<sim::Work>(ex, "W", [state, &ex] {
      ex.visible(sim::Footprint("work body", {0, sim::Access::Write}));
      ++*state;
    });
    ex.spawn("Q", [wq, w] { sim::queue_work(*wq, *w); });
    ex.spawn("F", [&, wq, w, state] {
      cur().visible(sim::Footprint("look", {w->id(), sim::Access::Read}));
      const std::uint64_t queued = w->queued();
      if (sim::flush_work(*w)) {
        ++executions_with_wait;
        // Every instance queued before the flush has finished.
        if (w->done() < queued || *state < 1) ok = false;
      }
    });
  });
  auto r = explore_all(p, 200);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  CHECK(ok);
  CHECK(executions_with_wait > 0);
  CHECK(executions_with_wait < r.executions);  // some flushes found nothing queued
}

TEST_CASE("workqueue: a work item flushing itself deadlocks, the cycle through the item", "[sim][workqueue]") {
  Lambda p([&](sim::Execution& ex) {
    auto wq = std::make_shared<sim::WorkQueue>(ex, "system_wq", 1);
    // A weak reference: the item's own function must not keep it alive.
    auto self = std::make_shared<std::weak_ptr<sim::Work>>();
    auto w = std::make_shared<sim::Work>(ex, "W", [self] { sim::flush_work(*self->lock()); });
    *self = w;
    ex.spawn("T", [wq, w] {
      sim::queue_work(*wq, *w);
      sim::flush_work(*w);
    });
  });
  testing::Search o;
  o.max_steps = 200;
  auto r = explorer::explore_dfs(p, o, o.hooks);
  REQUIRE(r.first_failure);
  const sim::Failure& f = r.first_failure->failure;
  REQUIRE(f.kind == sim::Verdict::Deadlock);
  REQUIRE(f.cycle.size() == 1);
  CHECK(f.cycle[0].op == "wait_for_completion");
  CHECK(f.cycle[0].function == "flush_work");
  CHECK(f.cycle[0].waits_for == std::vector<sim::ThreadId>{f.cycle[0].waiter});
  CHECK(f.cycle[0].relation.find("completion of W") != std::string::npos);
  // T (thread 1, after the worker) is blocked too, waiting for the worker that runs W.
  bool t_waits = false;
  for (const sim::WaitEdge& e : f.blocked)
    if (e.waiter == 1) t_waits = e.waits_for == std::vector<sim::ThreadId>{f.cycle[0].waiter};
  CHECK(t_waits);
}

TEST_CASE("workqueue: flushing an item queued behind you deadlocks only on an ordered queue",
          "[sim][workqueue]") {
  for (bool ordered : {true, false}) {
    INFO("ordered " << ordered);
    Lambda p([&](sim::Execution& ex) {
      auto wq = std::make_shared<sim::WorkQueue>(ex, "wq", 2, ordered);
      auto b = std::make_shared<sim::Work>(ex, "B", [] {});
      auto a = std::make_shared<sim::Work>(ex, "A", [wq, b] {
        sim::queue_work(*wq, *b);
        sim::flush_work(*b);
      });
      ex.spawn("T", [wq, a] {
        sim::queue_work(*wq, *a);
        sim::flush_work(*a);
      });
    });
    auto r = explore_all(p, 300);
    CHECK(r.complete);
    if (ordered) {
      CHECK(r.verdicts[sim::Verdict::Deadlock] == r.executions);
      REQUIRE(r.first_failure);
      const sim::Failure& f = r.first_failure->failure;
      // T -> the worker (running A) -> itself (B waits behind A).
      REQUIRE(f.cycle.size() == 1);
      CHECK(f.cycle[0].relation.find("completion of B, queued on wq") != std::string::npos);
    } else {
      CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
    }
  }
}

TEST_CASE("workqueue: a flusher holding a lock the work needs deadlocks through the work item",
          "[sim][workqueue]") {
  Lambda p([&](sim::Execution& ex) {
    auto wq = std::make_shared<sim::WorkQueue>(ex, "system_wq", 1);
    auto l = std::make_shared<sim::Mutex>(ex, "L");
    auto w = std::make_shared<sim::Work>(ex, "W", [l] {
      l->mutex_lock();
      l->mutex_unlock();
    });
    ex.spawn("T", [wq, w, l] {
      l->mutex_lock();
      sim::queue_work(*wq, *w);
      sim::flush_work(*w);
      l->mutex_unlock();
    });
  });
  auto r = explore_all(p, 200);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Deadlock] == r.executions);
  REQUIRE(r.first_failure);
  const sim::Failure& f = r.first_failure->failure;
  REQUIRE(f.cycle.size() == 2);
  CHECK(f.cycle[0].waiter == 1);  // T: the worker took id 0
  CHECK(f.cycle[0].op == "wait_for_completion");
  CHECK(f.cycle[1].op == "mutex_lock");
  CHECK(f.cycle[1].function == "process_one_work");
  CHECK(f.cycle[1].waits_for == std::vector<sim::ThreadId>{1});
}
