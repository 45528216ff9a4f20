// What every search shares: budgets of steps and time that say which one
// stopped the search, the progress estimate of the tree explored, and
// --minimize's schedule with the fewest preemptions, then steps.
#include <catch2/catch.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "explorer/dfs/dfs.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/minimize.hpp"
#include "explorer/result/preemption.hpp"
#include "explorer/run.hpp"
#include "explorer/session.hpp"
#include "explorer/strategy/strategy.hpp"
#include "model/scenario/program.hpp"
#include "model/scenario/scenario.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;

model::Scenario load(const std::string& name) {
  return model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name);
}

}  // namespace

TEST_CASE("search budgets: total steps and time stop any strategy and say so", "[explorer][search]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  auto program = model::make_program(s, s.rules);
  for (explorer::Strategy st : explorer::kAllStrategies) {
    INFO(explorer::to_string(st));
    testing::Search o;
    o.max_steps = 500;
    o.hooks.stop_on_failure = false;
    o.max_total_steps = 300;
    const explorer::ExploreResult r = dcsim::testing::explore_with(st, *program, o);
    CHECK_FALSE(r.complete);
    CHECK(r.stopped_by == "max-total-steps");
    CHECK(r.steps >= 300);
    CHECK(r.executions >= 1);
    // A time budget already spent: stopped before anything ran.
    testing::Search t;
    t.max_steps = 500;
    t.max_seconds = 1e-12;
    const explorer::ExploreResult q = dcsim::testing::explore_with(st, *program, t);
    CHECK_FALSE(q.complete);
    CHECK(q.stopped_by == "max-time");
  }
}

TEST_CASE("progress estimate: the fraction of the tree grows to 1", "[explorer][search]") {
  const model::Scenario s = load("devfs-revalidate-uaf.json");
  auto program = model::make_program(s, s.rules);
  for (explorer::Strategy st : {explorer::Strategy::Dfs, explorer::Strategy::Dpor, explorer::Strategy::SourceDpor}) {
    INFO(explorer::to_string(st));
    explorer::TreeEstimate estimate;
    std::vector<double> seen;
    testing::Search o;
    o.max_steps = 500;
    o.hooks.stop_on_failure = false;
    o.preemptions = st == explorer::Strategy::Dfs ? std::optional<unsigned>(1) : std::nullopt;
    o.hooks.estimate = &estimate;
    o.split = 1;  // the estimate along one tree's path (work units average theirs)
    o.hooks.progress = [&](std::uint64_t, std::uint64_t) { seen.push_back(estimate.fraction); };
    const explorer::ExploreResult r = dcsim::testing::explore_with(st, *program, o);
    REQUIRE(r.complete);
    REQUIRE(seen.size() == r.executions + r.reexecuted + r.blocked);
    for (double f : seen) {
      CHECK(f > 0);
      CHECK(f <= 1.0 + 1e-9);
    }
    // After the last run, the whole tree is explored.
    CHECK(estimate.fraction == Approx(1.0));
    if (st == explorer::Strategy::Dfs) CHECK(seen.back() == Approx(1.0));
    // Midway through, the estimate is neither nothing nor everything.
    CHECK(seen[seen.size() / 2] < 0.999);
    if (st == explorer::Strategy::Dfs) {
      // DFS widths are exact: within one bound's tree it only grows.
      CHECK(estimate.scope == "bound 1 of 1");
      for (std::size_t i = 1; i < seen.size(); ++i)
        if (seen[i] < seen[i - 1]) CHECK(seen[i - 1] == Approx(1.0));  // a new bound's tree starts
    }
  }
}

TEST_CASE("minimize: the same failure with the fewest preemptions, then steps", "[explorer][search][minimize]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  explorer::Setup st = explorer::setup_for(s);
  // A use-after-free as DPOR first meets it, not the shortest one.
  st.failure_kind = sim::Verdict::UseAfterFree;
  const explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.result.first_failure);
  const explorer::Minimization m = explorer::minimize(explorer::resolve_plan(st), *e.result.first_failure, {});
  const explorer::Minimized& r = m.result;
  CHECK(r.identity == explorer::failure_identity(*e.failure->execution));
  CHECK(explorer::failure_identity(*m.replay.execution) == r.identity);
  CHECK(m.replay.execution->failure().kind == sim::Verdict::UseAfterFree);
  CHECK(r.fewest_preemptions);
  CHECK(r.fewest_steps);
  CHECK(r.stopped_by.empty());
  CHECK(r.failure.preemptions <= e.result.first_failure->preemptions);
  CHECK(r.steps <= e.result.first_failure->schedule.size());
  CHECK(r.steps == m.replay.execution->step());

  // Brute force over every execution within that many preemptions: none
  // with that identity is shorter, and none has fewer preemptions.
  auto program = model::make_program(s, st.rules);
  std::uint64_t shortest = UINT64_MAX, matching = 0;
  testing::Search o;
  o.max_steps = explorer::resolve_plan(st).max_steps;
  o.hooks.stop_on_failure = false;
  o.preemptions = r.failure.preemptions;
  o.hooks.accept = [&](const sim::Execution& ex) {
    if (explorer::failure_identity(ex) == r.identity) {
      ++matching;
      shortest = std::min<std::uint64_t>(shortest, ex.step());
    }
    return false;
  };
  REQUIRE(explorer::explore_dfs(*program, o, o.hooks).complete);
  CHECK(matching > 1);
  CHECK(shortest == r.steps);
  if (r.failure.preemptions > 0) {
    matching = 0;
    o.preemptions = r.failure.preemptions - 1;
    REQUIRE(explorer::explore_dfs(*program, o, o.hooks).complete);
    CHECK(matching == 0);
  }
}

TEST_CASE("failure identity: a deadlock's cycle, not the schedule that led to it", "[explorer][search][minimize]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  auto program = model::make_program(s, s.rules);
  std::set<std::string> deadlocks, all;
  testing::Search o;
  o.max_steps = 500;
  o.hooks.stop_on_failure = false;
  o.hooks.accept = [&](const sim::Execution& ex) {
    all.insert(explorer::failure_identity(ex));
    if (ex.failure().kind == sim::Verdict::Deadlock) deadlocks.insert(explorer::failure_identity(ex));
    return false;
  };
  const explorer::ExploreResult r = dcsim::testing::explore_with(explorer::Strategy::Dpor, *program, o);
  REQUIRE(r.verdicts[sim::Verdict::Deadlock] > 1);
  // Many deadlocking executions, few distinct cycles; distinct from the
  // use-after-frees.
  CHECK(deadlocks.size() < r.verdicts[sim::Verdict::Deadlock]);
  CHECK(all.size() > deadlocks.size());
  for (const std::string& d : deadlocks) CHECK(d.rfind("deadlock|", 0) == 0);
}

TEST_CASE("progress estimate: cut into work units, the units' weighted mean grows to 1", "[explorer][search]") {
  const model::Scenario s = load("devfs-revalidate-uaf.json");
  auto program = model::make_program(s, s.rules);
  explorer::TreeEstimate estimate;
  std::vector<double> seen;
  testing::Search o;
  o.max_steps = 500;
  o.hooks.stop_on_failure = false;
  o.split = 16;
  o.hooks.estimate = &estimate;
  o.hooks.progress = [&](std::uint64_t, std::uint64_t) { seen.push_back(estimate.fraction); };
  REQUIRE(dcsim::testing::split_search(explorer::Strategy::SourceDpor, *program, o)->size() > 1);
  const explorer::ExploreResult r = dcsim::testing::explore_with(explorer::Strategy::SourceDpor, *program, o);
  REQUIRE(r.complete);
  REQUIRE_FALSE(seen.empty());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i] > 0);
    CHECK(seen[i] <= 1.0 + 1e-9);
  }
  CHECK(estimate.fraction == Approx(1.0));
  CHECK(seen[seen.size() / 2] < 0.999);
}

TEST_CASE("progress estimate: bounded DFS cut into bound levels does not run ahead", "[explorer][search]") {
  const model::Scenario s = load("devfs-revalidate-uaf.json");
  auto program = model::make_program(s, s.rules);
  explorer::TreeEstimate estimate;
  std::vector<std::pair<std::uint64_t, double>> seen;
  testing::Search o;
  o.max_steps = 500;
  o.hooks.stop_on_failure = false;
  o.preemptions = 2;
  o.split = 16;
  o.split_probe = 0;
  o.hooks.estimate = &estimate;
  o.hooks.progress = [&](std::uint64_t executions, std::uint64_t) {
    seen.emplace_back(executions, estimate.fraction);
  };
  const explorer::ExploreResult r = dcsim::testing::explore_with(explorer::Strategy::Bounded, *program, o);
  REQUIRE(r.complete);
  REQUIRE(dcsim::testing::split_search(explorer::Strategy::Bounded, *program, o)->size() > 3);
  // Bound 0's tree is a small part of the search: with an equal share per
  // level the estimate said 100% from the start here.
  std::size_t early = 0;
  for (auto [executions, fraction] : seen)
    if (executions <= r.executions / 2) {
      ++early;
      CHECK(fraction < 0.9);
    }
  CHECK(early > 10);
  CHECK(estimate.fraction == Approx(1.0));
}

TEST_CASE("progress: DPOR tells of its redundant runs too, so a long run of them can be interrupted",
          "[explorer][search]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  auto program = model::make_program(s, s.rules);
  for (explorer::Strategy strategy : {explorer::Strategy::Dpor, explorer::Strategy::SourceDpor}) {
    INFO(explorer::to_string(strategy));
    std::uint64_t calls = 0;
    testing::Search o;
    o.max_steps = 500;
    o.hooks.stop_on_failure = false;
    o.split = 1;
    o.hooks.progress = [&](std::uint64_t, std::uint64_t) { ++calls; };
    const explorer::ExploreResult r = dcsim::testing::explore_with(strategy, *program, o);
    REQUIRE(r.blocked > 0);
    CHECK(calls == r.executions + r.blocked);
  }
}

namespace {
// Replays a schedule and counts its preemptions with PreemptionCount.
class CountingReplay : public sim::Chooser {
 public:
  explicit CountingReplay(explorer::Schedule s) : replay_(std::move(s)) {}
  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override {
    const sim::ThreadId t = replay_.choose(ex, enabled);
    count_.chose(enabled, t);
    return t;
  }
  unsigned preemptions() const { return count_.value(); }

 private:
  explorer::ReplayChooser replay_;
  explorer::PreemptionCount count_;
};
}  // namespace

TEST_CASE("preemptions: one cost, and every strategy counts its failure's as its replay does",
          "[explorer][search]") {
  // Switching away from a thread that could go on costs one; blocking,
  // finishing and staying cost nothing.
  CHECK(explorer::preemption_cost(0, true, 1) == 1u);
  CHECK(explorer::preemption_cost(0, false, 1) == 0u);
  CHECK(explorer::preemption_cost(0, true, 0) == 0u);
  CHECK(explorer::preemption_cost(sim::kNoThread, false, 2) == 0u);
  const model::Scenario s = load("devfs-ls-rm.json");
  auto program = model::make_program(s, s.rules);
  for (explorer::Strategy st : explorer::kAllStrategies) {
    INFO(explorer::to_string(st));
    testing::Search o;
    o.max_steps = 500;
    o.max_executions = 2000;
    o.seed = 3;
    // Within a bound for the tree searches (found with the fewest preemptions
    // first); dpor stays unbounded (optimal DPOR); samplers have no bound.
    if (st == explorer::Strategy::Dfs || st == explorer::Strategy::Bounded ||
        st == explorer::Strategy::SourceDpor)
      o.preemptions = 2;
    // A use-after-free: the samplers and DPOR reach theirs through preemptions.
    o.hooks.accept = [](const sim::Execution& ex) { return ex.failure().kind == sim::Verdict::UseAfterFree; };
    const explorer::ExploreResult r = testing::explore_with(st, *program, o);
    REQUIRE(r.first_failure);
    sim::ExecutionOptions eo;
    eo.max_steps = o.max_steps;
    sim::Execution ex(*program, eo);
    CountingReplay replay(r.first_failure->schedule);
    ex.run(replay);
    CHECK(ex.failure().kind == sim::Verdict::UseAfterFree);
    CHECK(replay.preemptions() == r.first_failure->preemptions);
  }
}
