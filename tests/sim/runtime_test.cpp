// The runtime's semantics, each pinned on a tiny program: blocking,
// wake-ups, deadlock cycles, lifetimes, bounds, daemons.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>

#include "explorer/dfs/dfs.hpp"
#include "explorer/run.hpp"
#include "tests/sim/lambda_program.hpp"
#include "sim/sync.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;

using testing::explore_all;
using testing::Lambda;

// Two threads taking two semaphores in opposite orders (ABBA).
void abba(sim::Execution& ex) {
  auto a = std::make_shared<sim::Semaphore>(ex, "A");
  auto b = std::make_shared<sim::Semaphore>(ex, "B");
  ex.spawn("t0", [a, b] { a->down(); b->down(); b->up(); a->up(); });
  ex.spawn("t1", [a, b] { b->down(); a->down(); a->up(); b->up(); });
}

}  // namespace

TEST_CASE("runtime: a held semaphore disables down() until up()", "[sim]") {
  int inside = 0, max_inside = 0;
  Lambda p([&](sim::Execution& ex) {
    auto sem = std::make_shared<sim::Semaphore>(ex, "S");
    for (int i = 0; i < 3; ++i)
      ex.spawn("t", [&, sem] {
        sem->down();
        ++inside;
        max_inside = std::max(max_inside, inside);
        sim::Execution::current().visible(sim::Footprint("work", {sem->id(), sim::Access::Read}));
        --inside;
        sem->up();
      });
  });
  auto r = explore_all(p);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  CHECK(max_inside == 1);
  // 3! orders of entering the critical section, each entered atomically
  // with respect to the others: every execution is one of them.
  CHECK(r.executions >= 6);
}

TEST_CASE("runtime: ABBA is a deadlock with the two-thread cycle", "[sim]") {
  Lambda p(abba);
  auto r = explore_all(p);
  REQUIRE(r.first_failure);
  const sim::Failure& f = r.first_failure->failure;
  CHECK(f.kind == sim::Verdict::Deadlock);
  REQUIRE(f.cycle.size() == 2);
  CHECK(f.cycle[0].waits_for == std::vector<sim::ThreadId>{f.cycle[1].waiter});
  CHECK(f.cycle[1].waits_for == std::vector<sim::ThreadId>{f.cycle[0].waiter});
  CHECK(f.cycle[0].relation == "held by");
  CHECK(r.verdicts[sim::Verdict::Deadlock] > 0);
  CHECK(r.verdicts[sim::Verdict::Ok] > 0);
}

TEST_CASE("runtime: wake_up before schedule() is not lost", "[sim]") {
  // The kernel's protocol: set_current_state, add_wait_queue, check, schedule.
  // A wake-up between add_wait_queue and schedule makes schedule return.
  Lambda p([](sim::Execution& ex) {
    auto q = std::make_shared<sim::WaitQueue>(ex, "q");
    auto flag = std::make_shared<bool>(false);
    sim::ObjectId flag_id = ex.objects().add("flag", "done");
    sim::ThreadId waker = 1;
    q->set_wakers({waker});
    ex.spawn("sleeper", [q, flag, flag_id] {
      auto& ex = sim::Execution::current();
      sim::set_current_state(sim::TaskState::Uninterruptible);
      q->add_wait_queue();
      ex.visible(sim::Footprint("check", {flag_id, sim::Access::Read}));
      if (!*flag) sim::schedule(*q);
      q->remove_wait_queue();
      sim::set_current_state(sim::TaskState::Running);
    });
    ex.spawn("waker", [q, flag, flag_id] {
      auto& ex = sim::Execution::current();
      ex.visible(sim::Footprint("set", {flag_id, sim::Access::Write}));
      *flag = true;
      q->wake_up();
    });
  });
  auto r = explore_all(p);
  CHECK(r.complete);
  CHECK(r.executions > 1);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
}

TEST_CASE("runtime: a sleeper nobody wakes is a hang, not a cycle", "[sim]") {
  Lambda p([](sim::Execution& ex) {
    auto q = std::make_shared<sim::WaitQueue>(ex, "q");
    ex.spawn("sleeper", [q] {
      sim::set_current_state(sim::TaskState::Uninterruptible);
      q->add_wait_queue();
      sim::schedule(*q);
    });
  });
  auto r = explore_all(p);
  REQUIRE(r.first_failure);
  CHECK(r.first_failure->failure.kind == sim::Verdict::Deadlock);
  CHECK(r.first_failure->failure.cycle.empty());
  CHECK(r.first_failure->failure.message.find("hang") != std::string::npos);
}

TEST_CASE("runtime: an idle daemon does not make a deadlock", "[sim]") {
  Lambda p([](sim::Execution& ex) {
    auto q = std::make_shared<sim::WaitQueue>(ex, "work");
    ex.spawn("worker", [q] {
      sim::set_current_state(sim::TaskState::Interruptible);
      q->add_wait_queue();
      sim::schedule(*q);
    }, /*daemon=*/true);
    ex.spawn("user", [] {
      auto& ex = sim::Execution::current();
      ex.visible(sim::Footprint("step", {}));
    });
  });
  auto r = explore_all(p);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  CHECK(r.verdicts[sim::Verdict::Deadlock] == 0);
}

TEST_CASE("runtime: touching a returned stack frame is a use-after-free", "[sim]") {
  Lambda p([](sim::Execution& ex) {
    auto shared = std::make_shared<sim::ObjectId>(sim::kNoObject);
    auto published = std::make_shared<sim::WaitQueue>(ex, "published");
    ex.spawn("owner", [shared] {
      sim::KernelFunction fn("owner_fn");
      sim::StackObject frame("frame", "frame of owner_fn");
      *shared = sim::Execution::current().objects().add("thing", "thing on stack", frame.id());
      sim::Execution::current().visible(sim::Footprint("publish", {*shared, sim::Access::Write}));
    });
    ex.spawn("user", [shared] {
      auto& ex = sim::Execution::current();
      sim::KernelFunction fn("user_fn");
      ex.visible(sim::Footprint("look", {}));
      if (*shared != sim::kNoObject) ex.visible(sim::Footprint("touch", {*shared, sim::Access::Read}));
    });
  });
  auto r = explore_all(p);
  CHECK(r.verdicts[sim::Verdict::UseAfterFree] > 0);
  CHECK(r.verdicts[sim::Verdict::Ok] > 0);
  REQUIRE(r.first_failure);
  const std::string& m = r.first_failure->failure.message;
  CHECK(m.find("thing on stack") != std::string::npos);
  CHECK(m.find("user_fn") != std::string::npos);
  CHECK(m.find("owner_fn") != std::string::npos);
}

TEST_CASE("runtime: the step bound ends a runaway execution", "[sim]") {
  Lambda p([](sim::Execution& ex) {
    ex.spawn("spin", [] {
      for (;;) sim::Execution::current().visible(sim::Footprint("spin", {}));
    });
  });
  auto r = explore_all(p, 50);
  CHECK(r.executions == 1);
  CHECK(r.verdicts[sim::Verdict::StepBound] == 1);
  CHECK(r.steps == 50);
}

TEST_CASE("runtime: a model exception is an internal failure, not a crash", "[sim]") {
  Lambda p([](sim::Execution& ex) {
    ex.spawn("broken", [] {
      sim::Execution::current().visible(sim::Footprint("step", {}));
      throw std::runtime_error("model bug");
    });
  });
  auto r = explore_all(p);
  REQUIRE(r.first_failure);
  CHECK(r.first_failure->failure.kind == sim::Verdict::Internal);
  CHECK(r.first_failure->failure.message.find("model bug") != std::string::npos);
}

TEST_CASE("runtime: preemption bound 0 runs each thread until it blocks or ends", "[sim][dfs]") {
  // Two threads of three independent steps: without preemptions only the two
  // orders "all of t0 then t1" and "all of t1 then t0" remain.
  Lambda p([](sim::Execution& ex) {
    for (int t = 0; t < 2; ++t) {
      sim::ObjectId o = ex.objects().add("cell", "c");
      ex.spawn("t", [o] {
        for (int i = 0; i < 3; ++i) sim::Execution::current().visible(sim::Footprint("w", {o, sim::Access::Write}));
      });
    }
  });
  testing::Search o;
  o.hooks.stop_on_failure = false;
  o.preemptions = 0;
  CHECK(explorer::explore_dfs(p, o, o.hooks).executions == 2);
  // One preemption: X runs 1 or 2 steps, Y runs to the end, X finishes
  // (switching back after Y ends is free): 2 threads x 2 = 4 more.
  o.preemptions = 1;
  auto r1 = explorer::explore_dfs(p, o, o.hooks);
  CHECK(r1.executions == 6);
  CHECK(r1.reexecuted == 2);  // bound 0's two executions, run again at bound 1
  CHECK(r1.complete);
  o.preemptions.reset();
  auto all = explorer::explore_dfs(p, o, o.hooks);
  CHECK(all.executions == 20);
}
