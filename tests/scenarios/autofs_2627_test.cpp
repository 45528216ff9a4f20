// The 2.6.27 question of seeds 000/001 settled: autofs4_lookup() of 2.6.27
// waits for an expire before it drops i_mutex, and that wait can join a
// mount request by name; the bundled finding replays the deadlock
// (docs/seeds.md, "The 2.6.27 deadlock").
#include <catch2/catch.hpp>

#include "tests/scenarios/scenario_helpers.hpp"

#include <string>

#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;
using dcsim_test::contains;
using dcsim_test::load;

std::string thread_named(const sim::Execution& ex, sim::ThreadId t) { return std::string(ex.thread_name(t)); }

}  // namespace

TEST_CASE("autofs 2.6.27: a lookup waiting for an expire under i_mutex joins a mount request", "[autofs][finding]") {
  model::Scenario s = load("autofs-2627-lookup-deadlock.json");
  explorer::Setup st = explorer::setup_for(s);
  REQUIRE(st.profile == "linux-2.6.27");
  REQUIRE(st.preemptions == 2u);
  REQUIRE(s.schedule);
  explorer::Replay r = explorer::replay(st, explorer::parse_schedule(*s.schedule));
  REQUIRE_FALSE(r.schedule_error);
  const sim::Execution& ex = *r.execution;
  const sim::Failure& f = ex.failure();
  REQUIRE(f.kind == sim::Verdict::Deadlock);
  // The cycle of the scenario's description: the daemon's mkdir on i_mutex,
  // held by P2, which sleeps on the mount request only the daemon answers.
  REQUIRE(f.cycle.size() == 2);
  CHECK(thread_named(ex, f.cycle[0].waiter) == "Dm");
  CHECK(f.cycle[0].function == "sys_mkdir");
  CHECK(thread_named(ex, f.cycle[1].waiter) == "P2");
  CHECK(f.cycle[1].function == "autofs4_wait");
  const std::string trace = explorer::trace_table(ex);
  // P2 found the expiring dentry inside ->lookup, i.e. with i_mutex held,
  // and its NFY_NONE wait joined P1's MISSING queue, not an expire's.
  CHECK(contains(trace, "autofs4_lookup_expiring"));
  CHECK(contains(trace, "joined autofs_wait_queue \"foo\" (token 2, MISSING, posted by P1)"));
  CHECK(contains(explorer::failure_text(ex), "cycle: Dm -> P2 -> Dm"));
}
