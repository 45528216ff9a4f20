// Seed 001, Al Viro: "have the daemon mount the sucker elsewhere and let the
// kernel side move the damn thing in place itself ... Then we might get away
// with not unlocking anything at all" (autofs4.mount move-in). The bundled
// autofs races under it, each with the bound it holds within: Race C's
// deadlock is gone, Race D's ENOENT is not (the mount request still joins
// the expire's queue by name), 2.6.27's two-lookup deadlock is gone, and on
// 2.6.26-rc4 the two lookups are ok within 1 preemption only.
#include <catch2/catch.hpp>

#include "tests/scenarios/scenario_helpers.hpp"

#include <string>

#include "explorer/refute.hpp"
#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "explorer/verdict/bound.hpp"
#include "explorer/verdicts.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;
using dcsim_test::check_race_d_enoent;
using dcsim_test::check_replays;
using dcsim_test::contains;
using dcsim_test::load;

explorer::Setup variant(const model::Scenario& s, const std::string& name) {
  return explorer::setup_for_variant(s, dcsim_test::variant(s, name));
}

// Every execution within the variant's own bound is ok, and that bound is `bound`.
void check_ok_within(const explorer::Setup& st, unsigned bound) {
  INFO(st.variant);
  REQUIRE(st.rules.get("autofs4.mount") == "move-in");
  REQUIRE(st.preemptions == bound);
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 1);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  CHECK(explorer::no_failure_text(explorer::bound_of(e.result)) ==
        "ok within " + std::to_string(bound) + " preemption" + (bound == 1 ? "" : "s"));
}

}  // namespace

TEST_CASE("viro move-in: race C's create deadlock is gone, within 2 and 3 preemptions", "[autofs][viro]") {
  model::Scenario s = load("autofs-create-deadlock.json");
  check_ok_within(variant(s, "move-in"), 2);
  check_ok_within(variant(s, "move-in-3"), 3);
  // The same threads without it deadlock at that bound (the scenario as written).
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), true);
  REQUIRE(e.failure);
  CHECK(e.failure->execution->failure().kind == sim::Verdict::Deadlock);
}

TEST_CASE("viro move-in: race D still returns ENOENT, the request joined the expire's queue", "[autofs][viro]") {
  model::Scenario s = load("autofs-expire-enoent.json");
  explorer::Setup st = variant(s, "move-in");
  REQUIRE(st.rules.get("autofs4.mount") == "move-in");
  const std::string found = check_race_d_enoent(st);
  // Nothing was moved in: the only request was the expire's.
  CHECK_FALSE(contains(found, "autofs4_move_in"));
}

TEST_CASE("viro move-in: 2.6.27's two-lookup deadlock is gone within 2 preemptions", "[autofs][viro]") {
  model::Scenario s = load("autofs-expire-enoent-2lookups.json");
  explorer::Setup st = variant(s, "2.6.27-move-in");
  REQUIRE(st.profile == "linux-2.6.27");
  check_ok_within(st, 2);
}

TEST_CASE("viro move-in: 2.6.26-rc4's two lookups are ok within 1 preemption, not 2", "[autofs][viro]") {
  model::Scenario s = load("autofs-expire-enoent-2lookups.json");
  explorer::Setup st = variant(s, "2.6.26-rc4-move-in");
  REQUIRE(st.profile == "linux-2.6.26-rc4");
  check_ok_within(st, 1);
  // A candidate fix within bound 1 that the refutation breaks at bound 2.
  const explorer::Outcome found = explorer::outcome_of(st);
  REQUIRE_FALSE(found.fails);
  const explorer::Refutation r = explorer::refute(st, found, explorer::RefuteBudget{});
  REQUIRE(r.refuted);
  CHECK(r.by()->what == "bound 2");
  CHECK(contains(explorer::refutation_summary(r, found), "refuted at bound 2"));

  explorer::Setup two = variant(s, "2.6.26-rc4-move-in-2");
  REQUIRE(two.preemptions == 2u);
  explorer::Exploration e = explorer::explore(two, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  CHECK(f.kind == sim::Verdict::Expectation);
  // The lookup that waited on the expire keeps the dentry the kernel made
  // positive and hashed for the other lookup's request before it moved the
  // mount onto it: stat succeeds outside the mount.
  CHECK(contains(f.message, "returned 0 with nothing mounted on /auto/foo, expected a mount"));
  const std::string trace = explorer::trace_table(ex);
  CHECK(contains(trace, "reuse dentry /auto/foo, made negative"));
  CHECK(contains(trace, "MISSING, posted by"));
  check_replays(two, e);
}
