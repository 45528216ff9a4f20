// Seed 003 end to end: the bundled devfs scenarios explored under each rule
// value, with the verdicts docs/seeds.md (seed 003) predicts.
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

explorer::Setup with_rules(const model::Scenario& s, const std::string& profile,
                           std::map<std::string, std::string> overrides) {
  explorer::Setup st = explorer::setup_for(s);
  auto r = model::resolve_rules(profile, overrides);
  REQUIRE(r.rules);
  st.profile = profile;
  st.rules = *r.rules;
  return st;
}

}  // namespace

TEST_CASE("devfs race A: ls & rm -f deadlock under linux-2.5.74", "[devfs][raceA]") {
  model::Scenario s = load("devfs-ls-rm.json");
  explorer::Setup st = explorer::setup_for(s);
  // No preemption bound: the default strategy is optimal DPOR over every trace.
  REQUIRE_FALSE(st.preemptions);
  REQUIRE(explorer::resolve_plan(st).strategy == explorer::Strategy::Dpor);
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.result.first_failure);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  CHECK(f.kind == sim::Verdict::Deadlock);

  // The cycle: ls (L) waits for i_sem held by rm (R); rm sleeps on the lookup
  // struct's wait queue, which only ls wakes, and only after it has i_sem.
  REQUIRE(f.cycle.size() == 2);
  const sim::WaitEdge& l = f.cycle[0].waiter == 0 ? f.cycle[0] : f.cycle[1];
  const sim::WaitEdge& r = f.cycle[0].waiter == 0 ? f.cycle[1] : f.cycle[0];
  CHECK(ex.thread_name(l.waiter) == "ls");
  CHECK(l.function == "devfs_lookup");
  CHECK(l.op == "down");
  CHECK(ex.objects().describe(l.object) == "i_sem of /dev");
  CHECK(l.relation == "held by");
  CHECK(l.waits_for == std::vector<sim::ThreadId>{r.waiter});
  CHECK(ex.thread_name(r.waiter) == "rm");
  CHECK(r.function == "devfs_d_revalidate_wait");
  CHECK(r.op == "schedule");
  CHECK(ex.objects().describe(r.object) == "lookup_info.wait_queue");
  CHECK(r.relation == "woken only by");
  CHECK(r.waits_for == std::vector<sim::ThreadId>{l.waiter});

  // The printed schedule, parsed back, replays the same execution step for step.
  const std::string text = explorer::format_schedule(e.result.first_failure->schedule);
  explorer::Replay again = explorer::replay(st, explorer::parse_schedule(text));
  CHECK_FALSE(again.schedule_error);
  CHECK(explorer::trace_table(*again.execution) == explorer::trace_table(ex));
  CHECK(explorer::failure_text(*again.execution) == explorer::failure_text(ex));
  CHECK(again.execution->schedule() == e.result.first_failure->schedule);
}

TEST_CASE("devfs race A: F1 alone removes the deadlock but leaves race B", "[devfs][raceA]") {
  // With the deadlock-only fix the same two commands can still meet the
  // stack lifetime bug: rm does the lookup and ls, walking the path without
  // i_sem, sleeps on rm's lookup struct.
  model::Scenario s = load("devfs-ls-rm.json");
  explorer::Setup st = with_rules(s, "linux-2.5.74", {{"devfs.reacquire_i_sem", "after_wake"}});
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.verdicts[sim::Verdict::Deadlock] == 0);
  CHECK(e.result.verdicts[sim::Verdict::UseAfterFree] > 0);
  CHECK(e.result.verdicts[sim::Verdict::Ok] > 0);
  REQUIRE(e.failure);
  const std::string& m = e.failure->execution->failure().message;
  CHECK(contains(m, "ls touched lookup_info.wait_queue"));
  CHECK(contains(m, "stack of devfs_lookup of rm"));
}

TEST_CASE("devfs race A: every execution ok with F1 and a fixed lookup struct", "[devfs][raceA]") {
  // Every Mazurkiewicz trace (optimal DPOR, no bound), explored completely.
  model::Scenario s = load("devfs-ls-rm.json");
  for (const char* lifetime : {"refcounted", "no_touch_after_wake"}) {
    INFO("devfs.lookup_info=" << lifetime);
    explorer::Setup st = with_rules(s, "linux-2.5.74", {{"devfs.reacquire_i_sem", "after_wake"},
                                                        {"devfs.lookup_info", lifetime}});
    explorer::Exploration e = explorer::explore(st, false);
    CHECK(e.result.complete);
    CHECK(e.result.executions > 100);
    CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  }
  // The profile that ships F1 with F2.
  explorer::Exploration e = explorer::explore(with_rules(s, "linux-2.6.0-test1", {}), false);
  CHECK(e.result.complete);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

TEST_CASE("devfs race B: a woken revalidator touches devfs_lookup's dead frame", "[devfs][raceB]") {
  model::Scenario s = load("devfs-revalidate-uaf.json");
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  CHECK(f.kind == sim::Verdict::UseAfterFree);
  CHECK(ex.thread_name(f.thread) == "stat");
  CHECK(f.function == "devfs_d_revalidate_wait");
  CHECK(ex.objects().describe(f.object) == "lookup_info.wait_queue");
  CHECK(contains(f.message, "remove_wait_queue"));
  CHECK(contains(f.message, "stack of devfs_lookup of ls"));
  // The free happened before the access, by the lookup's own return.
  const sim::ObjectId dead = ex.objects().dead_ancestor(f.object);
  REQUIRE(dead != sim::kNoObject);
  CHECK(ex.objects().at(dead).freed_step < f.step);
  CHECK(ex.thread_name(ex.objects().at(dead).owner) == "ls");
}

TEST_CASE("devfs race B: no use-after-free under either lifetime fix", "[devfs][raceB]") {
  model::Scenario s = load("devfs-revalidate-uaf.json");
  for (const char* lifetime : {"refcounted", "no_touch_after_wake"}) {
    INFO("devfs.lookup_info=" << lifetime);
    explorer::Exploration e =
        explorer::explore(with_rules(s, "linux-2.5.74", {{"devfs.lookup_info", lifetime}}), false);
    CHECK(e.result.complete);
    CHECK(e.result.executions > 100);
    CHECK(e.result.verdicts[sim::Verdict::UseAfterFree] == 0);
    CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  }
}

TEST_CASE("devfs: a name devfsd registers is found by the waiting lookup", "[devfs]") {
  // devfsd's module load registers "foo" while ls waits: ls and stat see it.
  model::Scenario s = model::load_scenario_text(R"({
    "name": "devfs-modload", "profile": "linux-2.6.0-test1",
    "setup": {"mounts": [{"fs": "devfs", "at": "/dev", "registers_on_lookup": ["foo"]}]},
    "threads": [{"name": "ls", "ops": [{"op": "lstat", "path": "/dev/foo", "expect": 0}]},
                {"name": "cat", "ops": [{"op": "open", "path": "/dev/foo", "expect": 0}]}],
    "bounds": {"preemptions": 1},
    "expect": {"verdict": "ok"}})", "inline");
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), false);
  CHECK(e.result.complete);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

namespace {
const char* kNoDevfsd = R"({
    "name": "devfs-no-devfsd", "profile": "PROFILE",
    "setup": {"mounts": [{"fs": "devfs", "at": "/dev", "devfsd": false, "entries": ["null"]}]},
    "threads": [{"name": "ls", "ops": [{"op": "lstat", "path": "/dev/foo", "expect": "ENOENT"},
                                        {"op": "stat", "path": "/dev/null", "expect": 0}]},
                {"name": "rm", "ops": [{"op": "unlink", "path": "/dev/foo", "expect": "ENOENT"},
                                        {"op": "unlink", "path": "/dev/null", "expect": "EPERM"}]}],
    "bounds": {"preemptions": 2},
    "expect": {"verdict": "ok"}})";

model::Scenario no_devfsd(const std::string& profile) {
  std::string text = kNoDevfsd;
  text.replace(text.find("PROFILE"), 7, profile);
  return model::load_scenario_text(text, "inline");
}
}  // namespace

TEST_CASE("devfs: without devfsd, lookups and unlinks return the kernel's errors", "[devfs]") {
  model::Scenario s = no_devfsd("linux-2.6.0-test1");
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 10);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

TEST_CASE("devfs: in 2.5.74 the race A window opens for an existing entry too", "[devfs][raceA]") {
  // devfs_lookup() of a name devfs knows still hashes the dentry with
  // devfs_wait_dops and drops i_sem around wait_for_devfsd_finished(), so an
  // unlink() of /dev/null can sleep on it holding i_sem: no devfsd needed.
  model::Scenario s = no_devfsd("linux-2.5.74");
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), true);
  REQUIRE(e.failure);
  const sim::Failure& f = e.failure->execution->failure();
  CHECK(f.kind == sim::Verdict::Deadlock);
  REQUIRE(f.cycle.size() == 2);
  const sim::Execution& ex = *e.failure->execution;
  bool waits_on_null = false;
  for (const sim::TraceEvent& ev : ex.trace())
    if (ev.op == "add_wait_queue; read_unlock" && ex.thread_name(ev.thread) == "rm") waits_on_null = true;
  CHECK(waits_on_null);
}

TEST_CASE("devfs: exploration and its report are deterministic", "[devfs][determinism]") {
  model::Scenario s = load("devfs-ls-rm.json");
  auto report = [&] {
    explorer::Setup st = with_rules(s, "linux-2.5.74", {{"devfs.reacquire_i_sem", "after_wake"}});
    explorer::Exploration e = explorer::explore(st, false);
    explorer::Json j;
    j["result"] = explorer::result_json(e.result);
    j["trace"] = explorer::trace_json(*e.failure->execution);
    j["failure"] = explorer::failure_json(*e.failure->execution);
    return j.dump();
  };
  CHECK(report() == report());
}
