// Protocol programs end to end: every bundled proto-*.json reaches its
// verdict under exploration and its failure replays; the seeds' races
// rewritten as programs reach the built-in model's verdicts; and a program
// whose visible operations coincide with a hand-written sim program's gets
// exactly as many DPOR executions.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/scenarios/scenario_helpers.hpp"
#include "tests/explorer/random_programs.hpp"

#include <string>
#include <vector>

#include "explorer/dpor/dpor.hpp"
#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/program.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/sync.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;
using dcsim_test::check_replays;
using dcsim_test::contains;
using dcsim_test::load;

// Explores a failing scenario to its first failure, which must be of its
// expected kind and replay; returns the execution for further checks.
const sim::Execution& check_fails(const model::Scenario& s, explorer::Setup& st, explorer::Exploration& e) {
  st = explorer::setup_for(s);
  e = explorer::explore(st, true);
  REQUIRE(e.failure);
  CHECK(e.failure->execution->failure().kind == s.expect.verdict);
  check_replays(st, e);
  return *e.failure->execution;
}

void check_all_ok(const model::Scenario& s) {
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), false);
  CHECK(e.result.complete);
  CHECK(e.result.executions >= 1);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

model::Scenario from_text(const std::string& text) { return model::load_scenario_text(text, "inline.json"); }

}  // namespace

TEST_CASE("protocol: ABBA deadlocks on the two mutexes", "[protocol]") {
  const model::Scenario s = load("proto-abba.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  REQUIRE(ex.failure().cycle.size() == 2);
  std::string objects;
  for (const sim::WaitEdge& w : ex.failure().cycle) objects += ex.objects().describe(w.object) + ";";
  CHECK(contains(objects, "mutex a"));
  CHECK(contains(objects, "mutex b"));
}

TEST_CASE("protocol: three dining philosophers deadlock, ordered forks do not", "[protocol]") {
  const model::Scenario s = load("proto-philosophers.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  CHECK(ex.failure().cycle.size() == 3);
  check_all_ok(load("proto-philosophers-ordered.json"));
}

TEST_CASE("protocol: Peterson's lock keeps mutual exclusion, the swapped variant does not", "[protocol]") {
  check_all_ok(load("proto-peterson.json"));
  // Giving the turn away before raising the flag lets both in.
  std::string text = R"({"name": "peterson-broken", "profile": "linux-2.6.27",
    "shared": {"flag": [0, 0], "turn": 0, "in_cs": 0},
    "threads": [
      {"name": "P0", "program": "turn = 1; flag[0] = 1; await (flag[1] == 0 || turn == 0); in_cs = in_cs + 1; assert (in_cs == 1); in_cs = in_cs - 1; flag[0] = 0;"},
      {"name": "P1", "program": "turn = 0; flag[1] = 1; await (flag[0] == 0 || turn == 1); in_cs = in_cs + 1; assert (in_cs == 1); in_cs = in_cs - 1; flag[1] = 0;"}],
    "expect": {"verdict": "bug"}})";
  const model::Scenario s = from_text(text);
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  CHECK(contains(ex.failure().message, "assertion failed"));
  CHECK(contains(ex.failure().message, "assert (in_cs == 1)"));
}

TEST_CASE("protocol: the lost update fails the checker's assertion", "[protocol]") {
  const model::Scenario s = load("proto-lost-update.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  CHECK(ex.thread_name(ex.failure().thread) == "check");
  CHECK(contains(ex.failure().message, "assertion failed in check at /threads/2/program/1, column 1: "
                                       "assert (counter == 2)"));
}

TEST_CASE("protocol: a queued writer blocks a second reader of an rwsem, not of an rwlock", "[protocol]") {
  const model::Scenario s = load("proto-rwsem-writer-blocks-reader.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  bool behind_writer = false;
  for (const sim::WaitEdge& w : ex.failure().blocked)
    if (ex.thread_name(w.waiter) == "R2" && w.relation == "queued behind the writer") behind_writer = true;
  CHECK(behind_writer);
  check_all_ok(load("proto-rwlock-reader-passes-writer.json"));
}

TEST_CASE("protocol: local statements are not visible, shared ones are one step each", "[protocol]") {
  const model::Scenario s = from_text(R"({"name": "steps", "profile": "linux-2.6.27", "shared": {"x": 0},
    "threads": [{"name": "T", "program": "r = 1; local q = r + 2; while (q > 0) { q = q - 1; } x = r + x; if (x == 1) { r = 0; }"}],
    "expect": {"verdict": "ok"}})");
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), false);
  CHECK(e.result.executions == 1);
  CHECK(e.result.steps == 2);  // x = r + x; the if's condition
}

TEST_CASE("protocol: completions, wait queues and atomics", "[protocol]") {
  SECTION("a completion orders the write before the read") {
    check_all_ok(from_text(R"({"name": "c", "profile": "linux-2.6.27", "shared": {"x": 0}, "locks": {"c": "completion"},
      "threads": [{"name": "T1", "program": "wait_for_completion(c); assert (x == 1);"},
                  {"name": "T2", "program": "x = 1; complete(c);"}], "expect": {"verdict": "ok"}})"));
  }
  SECTION("nobody completes: a deadlock naming the completion") {
    const model::Scenario s = from_text(R"({"name": "c", "profile": "linux-2.6.27", "locks": {"c": "completion"},
      "threads": [{"name": "T1", "program": "wait_for_completion(c);"}], "expect": {"verdict": "deadlock"}})");
    explorer::Setup st;
    explorer::Exploration e;
    const sim::Execution& ex = check_fails(s, st, e);
    CHECK(ex.objects().describe(ex.failure().blocked.at(0).object) == "completion c");
  }
  SECTION("wait_event sleeps until the condition holds, with no lost wake-up") {
    check_all_ok(from_text(R"({"name": "w", "profile": "linux-2.6.27", "shared": {"ready": 0}, "locks": {"q": "waitqueue"},
      "threads": [{"name": "T1", "program": "wait_event(q, ready == 1); assert (ready == 1);"},
                  {"name": "T2", "program": "ready = 1; wake_up(q);"}], "expect": {"verdict": "ok"}})"));
  }
  SECTION("atomic_cmpxchg elects exactly one winner") {
    check_all_ok(from_text(R"({"name": "a", "profile": "linux-2.6.27", "shared": {"x": 0, "won": 0, "done": 0},
      "threads": [{"name": "T1", "program": "r = atomic_cmpxchg(x, 0, 1); if (r == 0) { atomic_inc(won); } atomic_inc(done);"},
                  {"name": "T2", "program": "r = atomic_cmpxchg(x, 0, 2); if (r == 0) { atomic_inc(won); } atomic_inc(done);"},
                  {"name": "check", "program": "await (done == 2); assert (won == 1);"}], "expect": {"verdict": "ok"}})"));
  }
  SECTION("a semaphore of count 2 admits two") {
    check_all_ok(from_text(R"({"name": "s", "profile": "linux-2.6.27", "shared": {"n": 0}, "locks": {"s": "semaphore:2"},
      "threads": [{"name": "T1", "program": "down(s); n = n + 1; assert (n <= 2); n = n - 1; up(s);"},
                  {"name": "T2", "program": "down(s); n = n + 1; assert (n <= 2); n = n - 1; up(s);"},
                  {"name": "T3", "program": "down(s); n = n + 1; assert (n <= 2); n = n - 1; up(s);"}],
      "expect": {"verdict": "ok"}})"));
  }
  SECTION("division by zero and a NULL dentry are bugs") {
    for (const char* prog : {R"(r = 0; x = 1 / r;)", R"(d = d_lookup(dentry(\"/d\"), \"f\"); d_drop(d);)"}) {
      INFO(prog);
      const model::Scenario s = from_text(fmt::format(R"({{"name": "z", "profile": "linux-2.6.27", "shared": {{"x": 0}},
        "setup": {{"dirs": ["/d"]}}, "threads": [{{"name": "T", "program": "{}"}}], "expect": {{"verdict": "bug"}}}})",
                                                      prog));
      explorer::Setup st;
      explorer::Exploration e;
      const sim::Execution& ex = check_fails(s, st, e);
      CHECK(contains(ex.failure().message, "/threads/0/program"));
    }
  }
}

TEST_CASE("protocol: the step bound applies to while loops", "[protocol]") {
  SECTION("a busy-wait on shared state: every step visible, the bound ends it") {
    const model::Scenario s = from_text(R"({"name": "spin", "profile": "linux-2.6.27", "shared": {"x": 0},
      "threads": [{"name": "T", "program": "while (x == 0) { }"}], "bounds": {"max_steps": 50},
      "expect": {"verdict": "step-bound"}})");
    explorer::Setup st;
    explorer::Exploration e;
    check_fails(s, st, e);
  }
  SECTION("a loop over registers only: no visible step, stopped all the same") {
    const model::Scenario s = from_text(R"({"name": "spin", "profile": "linux-2.6.27",
      "threads": [{"name": "T", "program": "r = 1; while (r == 1) { }"}], "expect": {"verdict": "step-bound"}})");
    explorer::Setup st;
    explorer::Exploration e;
    const sim::Execution& ex = check_fails(s, st, e);
    CHECK(contains(ex.failure().message, "without a visible step"));
  }
}

// ---- the seeds' races as programs, against the built-in model ----

TEST_CASE("protocol twin: seed 002 Race E as programs hits the built-in model's BUG", "[protocol][twin]") {
  const model::Scenario s = load("proto-race-e.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  CHECK(ex.failure().function == "__d_rehash");
  CHECK(contains(ex.failure().message, "BUG_ON(!d_unhashed(entry)) in __d_rehash: dentry /d/f"));

  const model::Scenario builtin = load("nfs-open-race.json");
  explorer::Exploration b = explorer::explore(explorer::setup_for(builtin), true);
  REQUIRE(b.failure);
  CHECK(b.failure->execution->failure().kind == ex.failure().kind);
  CHECK(b.failure->execution->failure().function == ex.failure().function);
}

TEST_CASE("protocol twin: seed 002 with c94c09535c4d's fix is clean, as the built-in linux-4.7", "[protocol][twin]") {
  const model::Scenario s = load("proto-race-e-fixed.json");
  explorer::Setup st = explorer::setup_for(s);
  REQUIRE(st.preemptions == 2u);
#if defined(__SANITIZE_ADDRESS__)
  st.preemptions = 1;  // 258 executions instead of 6360: AddressSanitizer is ~100 times slower
#endif
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 100);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  // The built-in's verdict for the fix, which nfs_races_test explores.
  const model::Scenario builtin = load("nfs-open-race.json");
  bool found = false;
  for (const model::Variant& v : builtin.variants)
    if (v.name == "linux-4.7") {
      found = true;
      CHECK(v.expect.verdict == s.expect.verdict);
    }
  CHECK(found);
}

TEST_CASE("protocol twin: seed 003 Race A and seed 000 Race C deadlock as the built-in model does",
          "[protocol][twin]") {
  for (const auto& [proto, builtin] : {std::pair{"proto-devfs-race-a.json", "devfs-ls-rm.json"},
                                       std::pair{"proto-autofs-race-c.json", "autofs-create-deadlock.json"}}) {
    INFO(proto);
    const model::Scenario s = load(proto);
    explorer::Setup st;
    explorer::Exploration e;
    const sim::Execution& ex = check_fails(s, st, e);
    CHECK(ex.failure().kind == sim::Verdict::Deadlock);
    CHECK(ex.failure().cycle.size() >= 2);
    const model::Scenario b = load(builtin);
    explorer::Exploration be = explorer::explore(explorer::setup_for(b), true);
    REQUIRE(be.failure);
    CHECK(be.failure->execution->failure().kind == ex.failure().kind);
  }
}

// ---- DPOR counts: a program and a built-in scenario with the same visible operations ----

// stat("/d/f") of a missing name in a set-up directory under 2.5.74, and the
// same path walk written as a program: do_lookup's __d_lookup of each
// component (d_lookup has the same footprint), then real_lookup under i_sem:
// d_lookup again, d_alloc and simple_lookup's d_add on a miss, up, and the
// final dput (dput of the pinned /d is no step in either).
TEST_CASE("protocol twin: E1 stat as a program gets the built-in's DPOR executions", "[protocol][twin][dpor]") {
  const std::string walk = R"("p = d_lookup(dentry(\"/\"), \"d\");", "d = d_lookup(p, \"f\");", "if (d == null) {",
    "  down(i_sem(\"/d\"));", "  d = d_lookup(p, \"f\");", "  if (d == null) {", "    d = d_alloc(p, \"f\");",
    "    d_add(d, null);", "  }", "  up(i_sem(\"/d\"));", "}", "dput(p);", "dput(d);")";
  for (int n : {2, 3}) {
    INFO(n << " threads");
    std::string builtin_threads, program_threads;
    for (int i = 0; i < n; ++i) {
      builtin_threads += fmt::format(R"({}{{"name": "T{}", "ops": [{{"op": "stat", "path": "/d/f", "expect": "ENOENT"}}]}})",
                                     i ? ", " : "", i);
      program_threads += fmt::format(R"({}{{"name": "T{}", "program": [{}]}})", i ? ", " : "", i, walk);
    }
    constexpr const char* frame = R"({{"name": "twin", "profile": "linux-2.5.74", "setup": {{"dirs": ["/d"]}},
      "threads": [{}], "expect": {{"verdict": "ok"}}}})";
    const model::Scenario b = from_text(fmt::format(fmt::runtime(frame), builtin_threads));
    const model::Scenario p = from_text(fmt::format(fmt::runtime(frame), program_threads));
    for (auto strategy : {explorer::Strategy::Dpor, explorer::Strategy::SourceDpor}) {
      explorer::Setup sb = explorer::setup_for(b), sp = explorer::setup_for(p);
      sb.strategy = sp.strategy = strategy;
      const explorer::Exploration eb = explorer::explore(sb, false);
      const explorer::Exploration ep = explorer::explore(sp, false);
      CHECK(eb.result.complete);
      CHECK(ep.result.complete);
      CHECK(eb.result.executions > 1);
      CHECK(ep.result.executions == eb.result.executions);
      CHECK(ep.result.steps == eb.result.steps);
      CHECK(ep.result.verdicts[sim::Verdict::Ok] == ep.result.executions);
      CHECK(eb.result.verdicts[sim::Verdict::Ok] == eb.result.executions);
    }
  }
}

// ---- DPOR counts: a program and its hand-written sim twin ----

namespace {

using dcsim_test::Op;
using dcsim_test::Step;

// A random program (tests/explorer/random_programs.hpp) without its waits
// and wakes, which the protocol language spells differently: a wait becomes
// a read, a wake a write, of the same variable.
dcsim_test::Spec twin_spec(std::uint64_t seed) {
  dcsim_test::Spec s = dcsim_test::generate(seed, 8);
  for (auto& thread : s.threads)
    for (Step& st : thread) {
      if (st.op == Op::Wait) st.op = Op::Read;
      if (st.op == Op::Wake) st.op = Op::Write;
    }
  return s;
}

// The program's text for one thread: the same visible operations, with the
// same footprints, as dcsim_test::RandomProgram runs.
std::string program_text(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& s : steps) {
    const char* v = s.var ? "y" : "x";
    switch (s.op) {
      case Op::Read: out += fmt::format("r = {}; ", v); break;
      case Op::Write: out += fmt::format("{} = {}; ", v, s.value); break;
      case Op::Locked: out += fmt::format("down(sem); {} = {} + 1; up(sem); ", v, v); break;
      case Op::Assert: out += fmt::format("assert ({} != {}); ", v, s.value + 1); break;
      case Op::Wait:
      case Op::Wake: break;  // none left (twin_spec)
    }
  }
  return out;
}

}  // namespace

TEST_CASE("protocol twin: a program and its sim twin get the same DPOR executions", "[protocol][twin][dpor]") {
  std::size_t interleaved = 0;  // programs with more than one trace
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const dcsim_test::Spec spec = twin_spec(seed);
    std::string threads;
    for (std::size_t t = 0; t < spec.threads.size(); ++t)
      threads += fmt::format("{}{{\"name\": \"t{}\", \"program\": \"{}\"}}", t ? ", " : "", t,
                             program_text(spec.threads[t]));
    const model::Scenario s = from_text(fmt::format(
        R"({{"name": "twin", "profile": "linux-2.6.27", "shared": {{"x": 0, "y": 0}}, "locks": {{"sem": "semaphore"}},
            "threads": [{}], "expect": {{"verdict": "ok"}}}})",
        threads));
    auto program = model::make_program(s, s.rules);
    const dcsim_test::RandomProgram twin(spec);
    testing::Search o;
    o.hooks.stop_on_failure = false;
    o.max_steps = 1000;
    for (auto mode : {explorer::DporMode::Optimal, explorer::DporMode::Source}) {
      INFO("seed " << seed << (mode == explorer::DporMode::Optimal ? " optimal" : " source") << ": "
                   << threads);
      const explorer::ExploreResult a = explorer::explore_dpor(*program, o, o.hooks, mode);
      const explorer::ExploreResult b = explorer::explore_dpor(twin, o, o.hooks, mode);
      CHECK(a.complete);
      CHECK(a.executions == b.executions);
      CHECK(a.steps == b.steps);
      for (sim::Verdict v : sim::kAllVerdicts) CHECK(a.verdicts[v] == b.verdicts[v]);
      interleaved += mode == explorer::DporMode::Optimal && a.executions > 1;
    }
  }
  CHECK(interleaved >= 20);
}

// await and wait_event make a thread's enabledness depend on shared
// variables, which the generated programs above do not exercise: on every
// bundled program without a preemption bound, DPOR must reach exactly the
// verdicts exhaustive DFS reaches. (proto-autofs-race-c has 137,274 DFS
// executions: left out. proto-devfs-race-a has 5,952: left out under ASan.)
TEST_CASE("protocol: DPOR reaches DFS's verdicts on the bundled programs", "[protocol][dpor]") {
  for (const char* file : {"proto-abba.json", "proto-philosophers.json", "proto-philosophers-ordered.json",
                           "proto-peterson.json", "proto-lost-update.json", "proto-rwsem-writer-blocks-reader.json",
                           "proto-rwlock-reader-passes-writer.json", "proto-mntput-workqueue.json",
                           "proto-mntput-workqueue-delayed.json",
#if !defined(__SANITIZE_ADDRESS__)
                           "proto-devfs-race-a.json",
#endif
                       }) {
    INFO(file);
    const model::Scenario s = load(file);
    explorer::Setup st = explorer::setup_for(s);
    REQUIRE_FALSE(st.preemptions);
    st.strategy = explorer::Strategy::Dfs;
    const explorer::Exploration dfs = explorer::explore(st, false);
    st.strategy = explorer::Strategy::Dpor;
    const explorer::Exploration dpor = explorer::explore(st, false);
    CHECK(dfs.result.complete);
    CHECK(dpor.result.complete);
    CHECK(dpor.result.executions <= dfs.result.executions);
    for (sim::Verdict v : sim::kAllVerdicts)
      CHECK((dfs.result.verdicts[v] > 0) == (dpor.result.verdicts[v] > 0));
  }
}

// ---- seeds 001 and 004 as programs, against their built-in twins ----

namespace {

// The built-in scenario explored as written (variant "") or as one of its
// variants, with the default strategy: its first failure, or none.
explorer::Exploration explore_builtin(const char* file, const std::string& variant, bool stop_on_failure) {
  const model::Scenario b = load(file);
  if (variant.empty()) return explorer::explore(explorer::setup_for(b), stop_on_failure);
  for (const model::Variant& v : b.variants)
    if (v.name == variant) return explorer::explore(explorer::setup_for_variant(b, v), stop_on_failure);
  FAIL("no variant " << variant << " in " << file);
  return {};
}

}  // namespace

// The built-in stat carries `"expect": 0`, so the built-in model's ENOENT is
// the verdict `expectation`; the program's P asserts that stat returned 0, so
// the same ENOENT is the verdict `bug` from an assert. That is the
// correspondence: built-in expectation <=> program bug raised by P's assert.
TEST_CASE("protocol twin: seed 001 Race D gives ENOENT from the EXPIRE queue, as the built-in model",
          "[protocol][twin]") {
  const model::Scenario s = load("proto-autofs-race-d.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  CHECK(ex.failure().kind == sim::Verdict::Bug);
  CHECK(ex.thread_name(ex.failure().thread) == "P");
  CHECK(contains(ex.failure().message, "assert (d != null)"));

  const explorer::Exploration b = explore_builtin("autofs-expire-enoent.json", "", true);
  REQUIRE(b.failure);
  CHECK(b.failure->execution->failure().kind == sim::Verdict::Expectation);
  CHECK(contains(b.failure->execution->failure().message, "ENOENT"));
  CHECK(b.failure->execution->thread_name(b.failure->execution->failure().thread) == "P");
}

TEST_CASE("protocol twin: seed 001 with 2.6.27's look-aside lists is clean, as the built-in 2.6.27",
          "[protocol][twin]") {
  const model::Scenario s = load("proto-autofs-race-d-fixed.json");
  check_all_ok(s);
  const model::Scenario builtin = load("autofs-expire-enoent.json");
  bool found = false;
  for (const model::Variant& v : builtin.variants)
    if (v.name == "2.6.27") {
      found = true;
      CHECK(v.expect.verdict == s.expect.verdict);
    }
  CHECK(found);
  const explorer::Exploration b = explore_builtin("autofs-expire-enoent.json", "2.6.27", false);
  CHECK(b.result.complete);
  CHECK(b.result.executions > 1);
  CHECK(b.result.verdicts[sim::Verdict::Ok] == b.result.executions);
  // The buggy program explored to the end also has clean executions (P
  // arriving after the expire gets its own MISSING request), so the fix is
  // not a program that cannot fail at all.
  explorer::Exploration all = explorer::explore(explorer::setup_for(load("proto-autofs-race-d.json")), false);
  CHECK(all.result.complete);
  CHECK(all.result.verdicts[sim::Verdict::Ok] > 0);
  CHECK(all.result.verdicts[sim::Verdict::Bug] > 0);
}

TEST_CASE("protocol twin: seed 004's wait for the cleanup work deadlocks, as the built-in workqueue_wait",
          "[protocol][twin]") {
  const model::Scenario s = load("proto-mntput-workqueue.json");
  explorer::Setup st;
  explorer::Exploration e;
  const sim::Execution& ex = check_fails(s, st, e);
  REQUIRE(ex.failure().cycle.size() == 2);
  std::string cycle;
  for (const sim::WaitEdge& w : ex.failure().cycle)
    cycle += ex.thread_name(w.waiter) + " on " + ex.objects().describe(w.object) + ";";
  CHECK(contains(cycle, "T on completion finished"));
  CHECK(contains(cycle, "kworker on mutex L"));

  const explorer::Exploration b = explore_builtin("mntput-workqueue-deadlock.json", "", true);
  REQUIRE(b.failure);
  CHECK(b.failure->execution->failure().kind == ex.failure().kind);

  // linux-3.18: the cleanup as task_work after L is released.
  const model::Scenario d = load("proto-mntput-workqueue-delayed.json");
  check_all_ok(d);
  const explorer::Exploration bd = explore_builtin("mntput-workqueue-deadlock.json", "linux-3.18", false);
  CHECK(bd.result.complete);
  CHECK(bd.result.verdicts[sim::Verdict::Ok] == bd.result.executions);
  CHECK(d.expect.verdict == sim::Verdict::Ok);
}
