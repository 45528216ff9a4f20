// --lockdep on explore and check: the lock-order graph of every explored
// execution, merged in unit order, predicts the ABBA deadlock a bounded
// search never reaches; the same report for any --jobs.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "dcsim_process.hpp"
#include "explorer/session.hpp"
#include "explorer/strategy/strategy.hpp"
#include "explorer/verdict/lockdep_report.hpp"
#include "model/scenario/program.hpp"
#include "model/scenario/scenario.hpp"
#include "tests/explorer/test_search.hpp"

using namespace dcsim;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

explorer::ExploreResult search(const model::Scenario& s, unsigned jobs, std::optional<unsigned> preemptions) {
  auto program = model::make_program(s, s.rules);
  testing::Search o;
  o.lockdep = true;
  o.preemptions = preemptions;
  o.hooks.stop_on_failure = false;
  o.split = 8;
  o.split_probe = 0;  // cut even this small search into units
  o.jobs = jobs;
  return dcsim::testing::explore_with(explorer::Strategy::Dpor, *program, o);
}
}  // namespace

TEST_CASE("lockdep: a bounded search that never deadlocks still warns of ABBA", "[lockdep][verdicts]") {
  model::Scenario s = model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/proto-abba.json");
  const explorer::ExploreResult r = search(s, 1, 0);
  CHECK(r.verdicts[sim::Verdict::Deadlock] == 0);  // no preemption: no ABBA
  REQUIRE(r.lock_order);
  const auto potential = r.lock_order->potential_deadlocks();
  REQUIRE(potential.size() == 1);
  CHECK(potential[0].classes.size() == 2);
  CHECK(potential[0].chains.size() == 2);
  CHECK_FALSE(potential[0].reached);
  // With the preemption that reaches it, the cycle is no longer only potential.
  const explorer::ExploreResult full = search(s, 1, std::nullopt);
  CHECK(full.verdicts[sim::Verdict::Deadlock] > 0);
  REQUIRE(full.lock_order);
  CHECK(full.lock_order->potential_deadlocks().empty());
  CHECK(full.lock_order->cycles().size() == 1);
}

TEST_CASE("lockdep: merged in unit order, the same for any --jobs", "[lockdep][verdicts][jobs]") {
  model::Scenario s = model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/proto-philosophers.json");
  const explorer::ExploreResult one = search(s, 1, 1), two = search(s, 2, 1);
  REQUIRE(one.lock_order);
  REQUIRE(two.lock_order);
  CHECK(explorer::lockdep_json(*one.lock_order).dump() == explorer::lockdep_json(*two.lock_order).dump());
  CHECK(one.lock_order->executions() == one.executions);
}

TEST_CASE("cli: explore --lockdep, text and JSON, byte-identical across --jobs", "[lockdep][verdicts][cli]") {
  const std::string args = "explore scenarios/proto-abba.json --preemptions 0 --lockdep";
  auto t = dcsim_test::dcsim(args);
  CHECK(t.status == 0);
  CHECK(contains(t.out, "verdict: ok within 0 preemptions"));
  CHECK(contains(t.out, "WARNING: possible circular locking dependency detected"));
  CHECK(contains(t.out, "no explored execution deadlocked on it"));
  auto a = dcsim_test::dcsim(args + " --json"), b = dcsim_test::dcsim(args + " --json --jobs 2 --split 4");
  CHECK(a.out == b.out);
  auto j = nlohmann::json::parse(a.out);
  REQUIRE(j["lockdep"]["potential_deadlocks"].size() == 1);
  CHECK(j["lockdep"]["potential_deadlocks"][0]["chains"].size() == 2);
}

TEST_CASE("cli: check --lockdep on rwsem readers in ABBA order says why nothing deadlocked",
          "[lockdep][verdicts][cli]") {
  const std::string file = std::string(DCSIM_BINARY_DIR) + "/lockdep-readers-abba.json";
  std::ofstream(file) << R"({
  "name": "readers-abba", "description": "two readers, ABBA order, no writer", "profile": "linux-4.7",
  "locks": {"a": "rwsem", "b": "rwsem"},
  "threads": [
    {"name": "R1", "program": ["down_read(a);", "down_read(b);", "up_read(b);", "up_read(a);"]},
    {"name": "R2", "program": ["down_read(b);", "down_read(a);", "up_read(a);", "up_read(b);"]}
  ],
  "expect": {"verdict": "ok"}
})";
  auto r = dcsim_test::dcsim("check --lockdep " + file);
  CHECK(r.status == 0);
  CHECK(contains(r.out, "found ok "));
  CHECK(contains(r.out, "WARNING: possible circular locking dependency detected"));
  CHECK(contains(r.out, "why: "));
  auto j = nlohmann::json::parse(dcsim_test::dcsim("check --lockdep --json " + file).out);
  REQUIRE(j["scenarios"][0]["lockdep"]["potential_deadlocks"].size() == 1);
  CHECK_FALSE(j["scenarios"][0]["lockdep"]["potential_deadlocks"][0]["why_not_reached"].is_null());
}
