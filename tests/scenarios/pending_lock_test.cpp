// Seed 001's consistency of DCACHE_AUTOFS_PENDING as an invariant
// (pending_lock) and a rule (autofs4.pending_lock): the historical locking
// (set and cleared under d_lock, tested under fs_lock or none) is caught,
// the fix (everything under sbi->fs_lock) holds within the bound.
#include <catch2/catch.hpp>

#include "tests/scenarios/scenario_helpers.hpp"

#include <string>

#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;
using dcsim_test::check_replays;
using dcsim_test::contains;
using dcsim_test::load;

}  // namespace

TEST_CASE("pending_lock: 2.6.27 sets the flag under d_lock and tests it under fs_lock", "[autofs][pending-lock]") {
  model::Scenario s = load("autofs-pending-lock.json");
  explorer::Setup st = explorer::setup_for(s);
  REQUIRE(st.profile == "linux-2.6.27");
  REQUIRE(st.rules.check_pending_lock);
  REQUIRE(st.rules.get("autofs4.pending_lock") == "d_lock");
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Failure& f = e.failure->execution->failure();
  CHECK(f.kind == sim::Verdict::Bug);
  CHECK(contains(f.message, "pending_lock violated"));
  CHECK(contains(f.message, "under sbi->fs_lock"));
  CHECK(contains(f.message, "under dentry->d_lock"));
  check_replays(st, e);
}

TEST_CASE("pending_lock: under one lock (fs_lock) every interleaving keeps it", "[autofs][pending-lock]") {
  model::Scenario s = load("autofs-pending-lock.json");
  explorer::Setup st = explorer::setup_for_variant(s, dcsim_test::variant(s, "fs_lock"));
  REQUIRE(st.preemptions == 2u);
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 10);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

TEST_CASE("pending_lock: off by default, so the bundled autofs races keep their verdicts", "[autofs][pending-lock]") {
  model::Scenario s = load("autofs-create-deadlock.json");
  CHECK_FALSE(explorer::setup_for(s).rules.check_pending_lock);
  model::Scenario p = load("autofs-pending-lock.json");
  // The invariant switched off, the same threads pass under 2.6.27.
  explorer::Setup st = explorer::setup_for(p);
  st.rules.check_pending_lock = false;
  st.preemptions = 1;
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}
