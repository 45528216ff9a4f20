// The strategies on the bundled devfs scenarios: DPOR finds every failure
// kind DFS finds within its bounds; PCT and random walks are seeded and
// repeatable, and PCT finds the devfs deadlock.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "explorer/session.hpp"
#include "tests/scenarios/scenario_helpers.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;

model::Scenario load(const std::string& name) {
  return model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name);
}

std::set<sim::Verdict> failure_kinds(const explorer::VerdictCounts& v) {
  std::set<sim::Verdict> out;
  for (sim::Verdict k : sim::kAllVerdicts)
    if (k != sim::Verdict::Ok && v[k]) out.insert(k);
  return out;
}

explorer::ExploreResult explore(explorer::Setup st, explorer::Strategy s, bool stop = false,
                                const explorer::SearchRequest& request = {}) {
  st.strategy = s;
  return explorer::explore(st, stop, request).result;
}

}  // namespace

TEST_CASE("dpor finds every failure kind dfs finds on the bundled scenarios", "[explorer][dpor][devfs]") {
  const std::string file = GENERATE("devfs-ls-rm.json", "devfs-revalidate-uaf.json");
  const model::Scenario s = load(file);
  for (const explorer::Setup& st : dcsim_test::setups_of(s)) {
    INFO(file << " variant '" << st.variant << "'");
    // DFS within 2 preemptions (every interleaving is out of its reach);
    // DPOR and source-DPOR over every trace.
    explorer::Setup bounded = st;
    bounded.preemptions = 2;
    const explorer::ExploreResult dfs = explore(bounded, explorer::Strategy::Dfs);
    const explorer::ExploreResult dpor = explore(st, explorer::Strategy::Dpor);
    const explorer::ExploreResult source = explore(st, explorer::Strategy::SourceDpor);
    REQUIRE(dfs.complete);
    REQUIRE(dpor.complete);
    REQUIRE(source.complete);
    for (sim::Verdict k : failure_kinds(dfs.verdicts)) {
      INFO("dfs found " << sim::to_string(k));
      CHECK(dpor.verdicts[k] > 0);
      CHECK(source.verdicts[k] > 0);
    }
    // Unbounded, DPOR may find more than bounded DFS, never less; and it
    // needs fewer executions than DFS needs even with a preemption bound.
    CHECK(dpor.executions <= source.executions);
    CHECK(dpor.executions < dfs.executions);
  }
}

TEST_CASE("dpor explores the bundled scenarios completely with fewer executions", "[explorer][dpor][devfs]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  const explorer::Setup st = explorer::setup_for(s);
  REQUIRE_FALSE(st.preemptions);  // the scenario asks for every interleaving
  // Every trace with DPOR takes fewer executions than DFS needs for just
  // the interleavings with at most 2 preemptions.
  explorer::Setup bounded = st;
  bounded.preemptions = 2;
  const explorer::ExploreResult dfs = explore(bounded, explorer::Strategy::Dfs);
  const explorer::ExploreResult dpor = explore(st, explorer::Strategy::Dpor);
  CHECK(dpor.complete);
  CHECK(dpor.executions < dfs.executions);
  CHECK(dpor.verdicts[sim::Verdict::Deadlock] > 0);
  CHECK(dfs.verdicts[sim::Verdict::Deadlock] > 0);
}

TEST_CASE("pct with a fixed seed finds the devfs deadlock and bounds its probability", "[explorer][pct][devfs]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  explorer::Setup st = explorer::setup_for(s);
  st.seed = 2;
  st.max_executions = 500;
  explorer::SearchRequest depth;
  depth.pct_depth = 2;
  const explorer::ExploreResult a = explore(st, explorer::Strategy::Pct, true, depth);
  REQUIRE(a.first_failure);
  CHECK(a.first_failure->failure.kind == sim::Verdict::Deadlock);
  CHECK(a.seed == 2u);
  REQUIRE(a.probability_bound);
  CHECK(*a.probability_bound > 0.0);
  CHECK(*a.probability_bound < 1.0);
  // The seed repeats the run exactly.
  const explorer::ExploreResult b = explore(st, explorer::Strategy::Pct, true, depth);
  CHECK(b.executions == a.executions);
  CHECK(b.first_failure->schedule == a.first_failure->schedule);
}

TEST_CASE("random walks are repeatable from their seed", "[explorer][random]") {
  const model::Scenario s = load("devfs-ls-rm.json");
  explorer::Setup st = explorer::setup_for(s);
  st.max_executions = 50;
  st.seed = 11;
  const explorer::ExploreResult a = explore(st, explorer::Strategy::Random);
  const explorer::ExploreResult b = explore(st, explorer::Strategy::Random);
  CHECK(a.seed == 11u);
  CHECK(a.executions == 50);
  CHECK(a.stopped_by == "max-executions");
  CHECK(a.steps == b.steps);
  CHECK(a.verdicts.n == b.verdicts.n);
  st.seed = 12;
  const explorer::ExploreResult c = explore(st, explorer::Strategy::Random);
  CHECK(c.executions == 50);
}

TEST_CASE("the default search finds every failure kind dfs finds on the mntput and protocol scenarios",
          "[explorer][dpor][scenarios]") {
  // The scenarios that came with seed 004 and the protocol programs, each
  // as written and with its variants: DFS within 2 preemptions (at most the
  // scenario's own bound) and 20000 executions; the default strategy (DPOR,
  // or bounded POR with the scenario's bound) over everything it covers.
#if defined(__SANITIZE_ADDRESS__)
  const std::string file = GENERATE("mntput-workqueue-deadlock.json", "proto-abba.json", "proto-lost-update.json");
#else
  const std::string file = GENERATE(
      "mntput-deep-stack.json", "mntput-deep-stack-kthread.json", "mntput-module-unload.json",
      "mntput-umount-sync.json", "mntput-workqueue-deadlock.json", "proto-abba.json",
      "proto-autofs-race-c.json", "proto-devfs-race-a.json", "proto-lost-update.json", "proto-peterson.json",
      "proto-philosophers.json", "proto-philosophers-ordered.json", "proto-race-e.json",
      "proto-rwlock-reader-passes-writer.json", "proto-rwsem-writer-blocks-reader.json");
#endif
  const model::Scenario s = load(file);
  for (const explorer::Setup& st : dcsim_test::setups_of(s)) {
    INFO(file << " variant '" << st.variant << "'");
    explorer::Setup bounded = st;
    bounded.preemptions = std::min(st.preemptions.value_or(2), 2u);
    bounded.max_executions = 20000;
    const explorer::ExploreResult dfs = explore(bounded, explorer::Strategy::Dfs);
    explorer::Setup whole = st;
    whole.strategy.reset();
    const explorer::ExploreResult found = explorer::explore(whole, false).result;
    REQUIRE(found.complete);
    for (sim::Verdict k : failure_kinds(dfs.verdicts)) {
      INFO("dfs found " << sim::to_string(k));
      CHECK(found.verdicts[k] > 0);
    }
  }
}
