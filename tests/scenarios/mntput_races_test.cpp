// Seed 004 end to end: the bundled mntput scenarios explored (optimal DPOR,
// every trace) under each cleanup rule, with the verdicts docs/seeds.md (seed 004)
// predicts; every failure replays to the same execution and report.
#include <catch2/catch.hpp>

#include "tests/explorer/dcsim_process.hpp"
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
using dcsim_test::variant;


// The first failure of an exploration, which must be of `kind` and replay.
const sim::Execution& first_failure(const explorer::Setup& st, sim::Verdict kind, explorer::Exploration& e) {
  e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  REQUIRE(ex.failure().kind == kind);
  check_replays(st, e);
  return ex;
}

void check_all_ok(const explorer::Setup& st) {
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 1);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

sim::ThreadId thread_named(const sim::Execution& ex, const std::string& name) {
  for (sim::ThreadId t = 0; t < ex.thread_count(); ++t)
    if (ex.thread_name(t) == name) return t;
  FAIL("no thread " << name);
  return sim::kNoThread;
}

}  // namespace

TEST_CASE("mntput deep stack: ->kill_sb on the walker's deep stack under linux-3.14", "[mntput][e4]") {
  for (const char* file : {"mntput-deep-stack.json", "mntput-deep-stack-kthread.json"}) {
    INFO(file);
    model::Scenario s = load(file);
    explorer::Exploration e;
    const sim::Execution& ex = first_failure(explorer::setup_for(s), sim::Verdict::Bug, e);
    const sim::Failure& f = ex.failure();
    // The walker, not the umount, dropped the last reference and ran ->kill_sb.
    const std::string walker = ex.thread_name(0);
    CHECK(ex.thread_name(f.thread) == walker);
    CHECK(f.function == "deactivate_super");
    // 8192 - 6500 (the scenario's depth) - 192 (path_put .. deactivate_super frames).
    CHECK(contains(f.message, "deactivate_super ran with 1500 bytes of stack left in " + walker));
    CHECK(contains(f.message, "->kill_sb of xfs needs 5000"));
    CHECK(ex.objects().describe(f.object) == "super_block xfs (data)");
  }
}

TEST_CASE("mntput deep stack: shallow shutdown under the RFC and linux-3.18", "[mntput][e4]") {
  model::Scenario s = load("mntput-deep-stack.json");
  check_all_ok(explorer::setup_for_variant(s, variant(s, "rfc-workqueue-wait")));
  check_all_ok(explorer::setup_for_variant(s, variant(s, "linux-3.18")));
  model::Scenario k = load("mntput-deep-stack-kthread.json");
  check_all_ok(explorer::setup_for_variant(k, variant(k, "linux-3.18")));
}

TEST_CASE("mntput deep stack under linux-3.18: task_work for a user task, delayed work for a kthread",
          "[mntput][e4]") {
  // The schedule of linux-3.14's failure: the walker drops the last reference.
  struct Want {
    const char* file;
    const char* deferred_by;  // the op that defers the cleanup
    const char* runs_it;      // the thread that runs ->kill_sb
  };
  for (const Want& w : {Want{"mntput-deep-stack.json", "task_work_add", "T"},
                        Want{"mntput-deep-stack-kthread.json", "schedule_delayed_work", "kworker/0"}}) {
    INFO(w.file);
    model::Scenario s = load(w.file);
    explorer::Exploration e;
    first_failure(explorer::setup_for(s), sim::Verdict::Bug, e);
    const explorer::Schedule schedule = e.result.first_failure->schedule;
    explorer::Setup fixed = explorer::setup_for_variant(s, variant(s, "linux-3.18"));
    // The same prefix, then whatever is left, run to the end.
    explorer::Replay r = explorer::replay(fixed, schedule);
    REQUIRE(r.execution->failure().kind == sim::Verdict::Ok);
    const sim::Execution& ex = *r.execution;
    bool deferred = false;
    std::string kill_sb_by;
    for (const sim::TraceEvent& ev : ex.trace()) {
      if (ev.op == w.deferred_by && ex.thread_name(ev.thread) == ex.thread_name(0)) deferred = true;
      if (ev.op == "->kill_sb") kill_sb_by = ex.thread_name(ev.thread);
    }
    CHECK(deferred);
    CHECK(kill_sb_by == w.runs_it);
  }
}

TEST_CASE("mntput wait-for-work deadlock: the cycle runs through the cleanup work item", "[mntput][e4]") {
  model::Scenario s = load("mntput-workqueue-deadlock.json");
  explorer::Exploration e;
  const sim::Execution& ex = first_failure(explorer::setup_for(s), sim::Verdict::Deadlock, e);
  const sim::Failure& f = ex.failure();
  const sim::ThreadId t = thread_named(ex, "T"), worker = thread_named(ex, "kworker/0");
  REQUIRE(f.cycle.size() == 2);
  CHECK(f.cycle[0].waiter == t);
  CHECK(f.cycle[0].function == "flush_work");
  CHECK(ex.objects().describe(f.cycle[0].object) == "cleanup_mnt work of data");
  CHECK(f.cycle[0].waits_for == std::vector<sim::ThreadId>{worker});
  CHECK(f.cycle[1].waiter == worker);
  CHECK(f.cycle[1].function == "kill_sb");
  CHECK(f.cycle[1].op == "mutex_lock");
  CHECK(ex.objects().describe(f.cycle[1].object) == "L");
  CHECK(f.cycle[1].waits_for == std::vector<sim::ThreadId>{t});
  CHECK(contains(explorer::failure_text(ex), "cycle: T -> kworker/0 -> T"));
}

TEST_CASE("mntput wait-for-work deadlock: linux-3.14 deadlocks on L itself, linux-3.18 never",
          "[mntput][e4]") {
  model::Scenario s = load("mntput-workqueue-deadlock.json");
  explorer::Exploration e;
  const sim::Execution& ex =
      first_failure(explorer::setup_for_variant(s, variant(s, "linux-3.14")), sim::Verdict::Deadlock, e);
  const sim::Failure& f = ex.failure();
  REQUIRE(f.cycle.size() == 1);
  CHECK(ex.thread_name(f.cycle[0].waiter) == "T");
  CHECK(f.cycle[0].function == "kill_sb");
  CHECK(f.cycle[0].waits_for == std::vector<sim::ThreadId>{f.cycle[0].waiter});
  check_all_ok(explorer::setup_for_variant(s, variant(s, "linux-3.18")));
}

TEST_CASE("mntput umount and kern_unmount return with the file system shut down", "[mntput][e4]") {
  model::Scenario s = load("mntput-umount-sync.json");
  check_all_ok(explorer::setup_for(s));
  check_all_ok(explorer::setup_for_variant(s, variant(s, "linux-3.18")));
  check_all_ok(explorer::setup_for_variant(s, variant(s, "rfc-workqueue-wait")));
  SECTION("deferring MNT_INTERNAL too breaks kern_unmount, not umount") {
    explorer::Exploration e;
    const sim::Execution& ex = first_failure(explorer::setup_for_variant(s, variant(s, "delayed-all")),
                                             sim::Verdict::Expectation, e);
    const sim::Failure& f = ex.failure();
    CHECK(ex.thread_name(f.thread) == "K");
    CHECK(contains(f.message, "K: kern_unmount(mqueue) returned with super block mqueue (mqueue) not shut down"));
    CHECK(contains(f.message, "(/threads/2/ops/0/shut_down)"));
    // Every failing execution is K's: umount's task_work still runs before
    // the return to user mode.
    explorer::Exploration all = explorer::explore(explorer::setup_for_variant(s, variant(s, "delayed-all")), false);
    CHECK(all.result.complete);
    CHECK(all.result.verdicts[sim::Verdict::Expectation] == all.result.executions);
  }
}

TEST_CASE("mntput module unload: flush_filesystem leaves no super block, in every interleaving",
          "[mntput][e4]") {
  model::Scenario s = load("mntput-module-unload.json");
#if !defined(__SANITIZE_ADDRESS__)
  // About 3000 executions each: some 8 s apiece under AddressSanitizer.
  check_all_ok(explorer::setup_for(s));
  check_all_ok(explorer::setup_for_variant(s, variant(s, "linux-3.18-flush-sync")));
#endif
  for (const char* name : {"linux-3.14", "linux-3.18"}) {
    INFO(name);
    explorer::Exploration e;
    const sim::Execution& ex =
        first_failure(explorer::setup_for_variant(s, variant(s, name)), sim::Verdict::UseAfterFree, e);
    CHECK(ex.failure().function == "kill_sb");
    CHECK(ex.objects().describe(ex.failure().object) == "text of module mod");
    CHECK(contains(ex.failure().message, "freed at step"));
    CHECK(contains(ex.failure().message, "by R in free_module"));
  }
}

TEST_CASE("mntput module unload: the proposal as stated waits for its own task_work under linux-3.18",
          "[mntput][e4]") {
  model::Scenario s = load("mntput-module-unload.json");
  explorer::Exploration e;
  const sim::Execution& ex =
      first_failure(explorer::setup_for_variant(s, variant(s, "linux-3.18-flush")), sim::Verdict::Deadlock, e);
  const sim::Failure& f = ex.failure();
  REQUIRE(f.cycle.size() == 1);
  CHECK(ex.thread_name(f.cycle[0].waiter) == "R");
  CHECK(f.cycle[0].function == "flush_filesystem");
  CHECK(f.cycle[0].waits_for == std::vector<sim::ThreadId>{f.cycle[0].waiter});
}

TEST_CASE("mntput: dcsim explore finds each verdict and its schedule replays", "[mntput][e4][cli]") {
  for (const auto& [file, verdict] : {std::pair{"mntput-deep-stack.json", "bug"},
                                      std::pair{"mntput-workqueue-deadlock.json", "deadlock"}}) {
    INFO(file);
    const std::string path = std::string("scenarios/") + file;
    dcsim_test::Run r = dcsim_test::dcsim("explore " + path);
    CHECK(r.status == 1);
    CHECK(contains(r.out, std::string("verdict: ") + verdict));
    const std::string key = "replay with: dcsim replay " + path + " --schedule ";
    const std::size_t at = r.out.find(key);
    REQUIRE(at != std::string::npos);
    const std::string schedule = r.out.substr(at + key.size(), r.out.find('\n', at) - at - key.size());
    dcsim_test::Run again = dcsim_test::dcsim("replay " + path + " --schedule " + schedule);
    CHECK(again.status == 1);
    const auto report = [](const std::string& out) { return out.substr(out.find("verdict: ")); };
    CHECK(report(again.out) == report(r.out));
  }
  dcsim_test::Run ok = dcsim_test::dcsim("explore scenarios/mntput-deep-stack.json --variant linux-3.18");
  CHECK(ok.status == 0);
}

TEST_CASE("mntput kern_mount at run time: flush_filesystem waits for the kern_unmount", "[mntput][e4]") {
  // K mounts and unmounts an internal mount while F flushes its type: the
  // flush either finds no super block or waits for K's kern_unmount.
  const std::string text = R"json({
    "name": "kern-mount-flush", "profile": "linux-3.18",
    "setup": {"fs_types": [{"name": "bpf"}],
              "vfsmounts": [{"name": "bpf_mnt", "fs": "bpf", "internal": true, "mounted": false}]},
    "threads": [
      {"name": "K", "kthread": true, "ops": [{"op": "kern_mount", "mount": "bpf_mnt"},
                                             {"op": "kern_unmount", "mount": "bpf_mnt", "shut_down": true}]},
      {"name": "F", "ops": [{"op": "flush_filesystem", "fs": "bpf"}]}
    ],
    "expect": {"verdict": "ok"}})json";
  model::Scenario s = model::load_scenario_text(text, "kern-mount-flush.json");
  explorer::Setup st = explorer::setup_for(s);
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  // Some executions flush before the mount exists, some wait for the unmount.
  bool waited = false, early = false;
  for (const std::string& schedule : {std::string("1x2"), std::string("0,1")}) {
    explorer::Replay r = explorer::replay(st, explorer::parse_schedule(schedule));
    CHECK_FALSE(r.schedule_error);
    REQUIRE(r.execution->failure().kind == sim::Verdict::Ok);
    for (const sim::TraceEvent& ev : r.execution->trace())
      if (ev.op == "wait_event(fs_supers empty)") (ev.step < 3 ? early : waited) = true;
  }
  CHECK(early);
  CHECK(waited);
  // Deferring MNT_INTERNAL breaks the kern_unmount, as in mntput-umount-sync.
  st.rules.set("mntput.cleanup", "delayed_all");
  explorer::Exploration bad = explorer::explore(st, true);
  REQUIRE(bad.failure);
  CHECK(bad.failure->execution->failure().kind == sim::Verdict::Expectation);
  check_replays(st, bad);
}

TEST_CASE("mntput: DPOR reaches the verdict kinds plain DFS does (work queue and task_work footprints)",
          "[mntput][e4][dpor]") {
  for (const char* file : {"mntput-deep-stack.json", "mntput-deep-stack-kthread.json"}) {
    const model::Scenario s = load(file);
    for (explorer::Setup st : dcsim_test::setups_of(s)) {
      INFO(file << " variant '" << st.variant << "'");
      st.strategy = explorer::Strategy::Dfs;
      const explorer::ExploreResult dfs = explorer::explore(st, false).result;
      st.strategy = explorer::Strategy::Dpor;
      const explorer::ExploreResult dpor = explorer::explore(st, false).result;
      REQUIRE(dfs.complete);
      REQUIRE(dpor.complete);
      for (sim::Verdict k : sim::kAllVerdicts) CHECK((dfs.verdicts[k] > 0) == (dpor.verdicts[k] > 0));
      CHECK(dpor.executions <= dfs.executions);
    }
  }
}
