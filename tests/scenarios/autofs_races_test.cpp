// Seeds 000/001 end to end: the bundled autofs scenarios explored under each
// profile (preemption bound 2, 1 for the two-lookup scenario, as the
// scenarios say), with the verdicts
// docs/seeds.md (seeds 000/001) predicts, and each failing schedule replayed.
#include <catch2/catch.hpp>

#include "tests/scenarios/scenario_helpers.hpp"

#include <string>

#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;
using dcsim_test::check_race_d_enoent;
using dcsim_test::check_replays;
using dcsim_test::contains;
using dcsim_test::load;

explorer::Setup variant(const model::Scenario& s, const std::string& name) {
  for (const model::Variant& v : s.variants)
    if (v.name == name) return explorer::setup_for_variant(s, v);
  FAIL("no variant " << name);
  return {};
}

void check_all_ok(const explorer::Setup& st, unsigned bound = 2) {
  REQUIRE(st.preemptions == bound);
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 10);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

}  // namespace

TEST_CASE("autofs race C: mkdir & mkdir deadlock with the daemon under linux-2.6.22", "[autofs][raceC]") {
  model::Scenario s = load("autofs-create-deadlock.json");
  explorer::Setup st = explorer::setup_for(s);
  REQUIRE(st.profile == "linux-2.6.22");
  REQUIRE(st.preemptions == 2u);
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  REQUIRE(f.kind == sim::Verdict::Deadlock);

  // Dm -> i_mutex held by P2 -> wait queue foo released only by Dm. P1
  // hashed the pending dentry; P2 found it in lookup_hash and sleeps in
  // ->d_revalidate holding i_mutex.
  REQUIRE(f.cycle.size() == 2);
  const sim::WaitEdge& dm = f.cycle[0];
  const sim::WaitEdge& p = f.cycle[1];
  CHECK(ex.thread_name(dm.waiter) == "Dm");
  CHECK(dm.function == "sys_mkdir");
  CHECK(dm.op == "mutex_lock");
  CHECK(ex.objects().describe(dm.object) == "i_mutex of /auto");
  CHECK(dm.relation == "held by");
  CHECK(dm.waits_for == std::vector<sim::ThreadId>{p.waiter});
  CHECK(ex.thread_name(p.waiter) == "P2");
  CHECK(p.op == "schedule");
  CHECK(p.function == "autofs4_wait");
  CHECK(contains(ex.objects().describe(p.object), "wait queue \"foo\""));
  CHECK(contains(ex.objects().describe(p.object), "MISSING"));
  CHECK(p.relation == "woken only by");
  CHECK(p.waits_for == std::vector<sim::ThreadId>{dm.waiter});
  CHECK(contains(explorer::failure_text(ex), "cycle: Dm -> P2 -> Dm"));
  check_replays(st, e);
}

TEST_CASE("autofs race C: no deadlock once hashing waits for the create", "[autofs][raceC]") {
  model::Scenario s = load("autofs-create-deadlock.json");
  SECTION("G1 alone on 2.6.22") { check_all_ok(variant(s, "G1")); }
  SECTION("linux-2.6.26-rc4") { check_all_ok(variant(s, "2.6.26-rc4")); }
  SECTION("linux-2.6.27") { check_all_ok(variant(s, "2.6.27")); }
}

TEST_CASE("autofs race D: stat gets ENOENT from the expire's queue without reuse", "[autofs][raceD]") {
  model::Scenario s = load("autofs-expire-enoent.json");
  for (const explorer::Setup& st : {explorer::setup_for(s), variant(s, "no-reuse")}) {
    INFO(st.profile);
    const std::string found = check_race_d_enoent(st);
    // The queue P joined was the expire's, posted by E: no mount request
    // was ever sent.
    CHECK(contains(found, "P waited on autofs_wait_queue \"foo\""));
    CHECK(contains(found, "(type EXPIRE)"));
    CHECK_FALSE(contains(found, "MISSING"));
  }
}

TEST_CASE("autofs race D: the rehash list saves one lookup, at R8's expense", "[autofs][raceD]") {
  model::Scenario s = load("autofs-expire-enoent.json");
  check_all_ok(variant(s, "2.6.26-rc4"));

  explorer::Setup st = variant(s, "2.6.26-rc4-R8");
  // The violation with the fewest preemptions (0), which bounded DFS meets
  // first: it raises the bound from 0, bounded DPOR does not.
  st.strategy = explorer::Strategy::Bounded;
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.verdicts[sim::Verdict::Expectation] == 0);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  CHECK(f.kind == sim::Verdict::Bug);
  CHECK(contains(f.message, "R8 violated: autofs4_lookup_unhashed turns dentry /auto/foo negative"));
  CHECK(contains(f.message, "E (1 reference)"));
  CHECK(ex.thread_name(f.thread) == "P");
  check_replays(st, e);
}

TEST_CASE("autofs race D: the look-aside lists of 2.6.27 mount for every lookup", "[autofs][raceD]") {
  check_all_ok(variant(load("autofs-expire-enoent.json"), "2.6.27"));
  check_all_ok(variant(load("autofs-expire-enoent-2lookups.json"), "2.6.27"), 1);
}

TEST_CASE("autofs race D: the second concurrent lookup still fails under 2.6.26-rc4", "[autofs][raceD]") {
  model::Scenario s = load("autofs-expire-enoent-2lookups.json");
  explorer::Setup st = explorer::setup_for(s);
  REQUIRE(st.profile == "linux-2.6.26-rc4");
  REQUIRE(st.preemptions == 1u);
  REQUIRE_FALSE(st.rules.check_r8);
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  REQUIRE(f.kind == sim::Verdict::Expectation);
  CHECK(contains(f.message, "returned ENOENT, expected 0"));
  // One lookup reused the expired dentry from the rehash list; the other
  // did not get the mount.
  CHECK(contains(explorer::trace_table(ex), "reuse dentry /auto/foo"));
  check_replays(st, e);

  // 2.6.22 fails the same way as for one lookup: the EXPIRE queue joined.
  explorer::Setup old = variant(s, "2.6.22");
  explorer::Exploration e22 = explorer::explore(old, true);
  REQUIRE(e22.failure);
  CHECK(e22.failure->execution->failure().kind == sim::Verdict::Expectation);
  CHECK(contains(e22.failure->execution->failure().message, "(type EXPIRE)"));
}
