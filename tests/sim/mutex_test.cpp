// sim::Mutex: an owner, exclusion, a deadlock edge naming the owner, and a
// BUG when someone else unlocks it.
#include <catch2/catch.hpp>

#include "explorer/dfs/dfs.hpp"
#include "sim/sync.hpp"
#include "tests/sim/lambda_program.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;

using testing::explore_all;
using testing::Lambda;

}  // namespace

TEST_CASE("mutex: excludes, and records its owner", "[sim][mutex]") {
  int inside = 0, max_inside = 0;
  bool owner_seen = true;
  Lambda p([&](sim::Execution& ex) {
    auto m = std::make_shared<sim::Mutex>(ex, "M");
    for (int i = 0; i < 2; ++i)
      ex.spawn("t", [&, m] {
        m->mutex_lock();
        owner_seen = owner_seen && m->owner() == sim::Execution::current().self();
        max_inside = std::max(max_inside, ++inside);
        sim::Execution::current().visible(sim::Footprint("work", {m->id(), sim::Access::Read}));
        --inside;
        m->mutex_unlock();
      });
  });
  auto r = explore_all(p, 100);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  CHECK(max_inside == 1);
  CHECK(owner_seen);
}

TEST_CASE("mutex: unlock by a task that does not own it is a BUG", "[sim][mutex]") {
  Lambda p([&](sim::Execution& ex) {
    auto m = std::make_shared<sim::Mutex>(ex, "M");
    ex.spawn("owner", [m] { m->mutex_lock(); });
    ex.spawn("thief", [m] {
      sim::Execution::current().visible(sim::Footprint("wait", {m->id(), sim::Access::Read}));
      m->mutex_unlock();
    });
  });
  auto r = explore_all(p, 100);
  CHECK(r.complete);
  CHECK(r.verdicts[sim::Verdict::Bug] == r.executions);
  REQUIRE(r.first_failure);
  CHECK(r.first_failure->failure.message.find("mutex_unlock of M by thief") != std::string::npos);
}

TEST_CASE("mutex: a deadlock edge names the owner", "[sim][mutex]") {
  Lambda p([&](sim::Execution& ex) {
    auto a = std::make_shared<sim::Mutex>(ex, "A");
    auto b = std::make_shared<sim::Mutex>(ex, "B");
    ex.spawn("t0", [a, b] { a->mutex_lock(); b->mutex_lock(); b->mutex_unlock(); a->mutex_unlock(); });
    ex.spawn("t1", [a, b] { b->mutex_lock(); a->mutex_lock(); a->mutex_unlock(); b->mutex_unlock(); });
  });
  auto r = explore_all(p, 100);
  REQUIRE(r.verdicts[sim::Verdict::Deadlock] > 0);
  testing::Search o;
  o.max_steps = 100;
  auto first = explorer::explore_dfs(p, o, o.hooks);
  REQUIRE(first.first_failure);
  const sim::Failure& f = first.first_failure->failure;
  REQUIRE(f.kind == sim::Verdict::Deadlock);
  REQUIRE(f.cycle.size() == 2);
  for (const sim::WaitEdge& e : f.cycle) {
    CHECK(e.op == "mutex_lock");
    CHECK(e.relation == "held by");
    CHECK(e.waits_for == std::vector<sim::ThreadId>{e.waiter == 0 ? 1u : 0u});
  }
}
