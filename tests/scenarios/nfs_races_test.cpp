// Seed 002 end to end: the bundled NFS scenarios explored under each rule
// value, with the verdicts KERNEL.md §4.4-4.6 predicts. Bound: the
// scenarios' 3 preemptions, explored completely where the verdict is ok.
#include <catch2/catch.hpp>

#include <string>

#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;

model::Scenario load(const std::string& name) {
  return model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name);
}

const model::Variant& variant(const model::Scenario& s, const std::string& name) {
  for (const model::Variant& v : s.variants)
    if (v.name == name) return v;
  FAIL("no variant " << name);
  throw;
}

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// The failure's schedule, printed and parsed back, replays to the same
// execution and report.
void check_replays(const explorer::Setup& st, const explorer::Exploration& e) {
  const sim::Execution& ex = *e.failure->execution;
  const std::string text = explorer::format_schedule(e.result.first_failure->schedule);
  explorer::Replay again = explorer::replay(st, explorer::parse_schedule(text));
  CHECK_FALSE(again.schedule_error);
  CHECK(explorer::failure_text(*again.execution) == explorer::failure_text(ex));
  CHECK(explorer::trace_table(*again.execution) == explorer::trace_table(ex));
}

// The two threads a double-hash BUG names: the one that hashed the dentry
// before (from the message) and the one that hashes it again (the failing one).
void check_two_hashers(const sim::Execution& ex, const std::string& function) {
  const sim::Failure& f = ex.failure();
  CHECK(f.kind == sim::Verdict::Bug);
  CHECK(f.function == function);
  CHECK(ex.objects().describe(f.object).rfind("dentry /d/f", 0) == 0);
  CHECK(contains(f.message, "BUG_ON(!d_unhashed("));
  CHECK(contains(f.message, ") in " + function + ": dentry /d/f"));
  const std::string again = ex.thread_name(f.thread);
  CHECK(contains(f.message, "; " + again + " hashes it again"));
  bool other = false;
  for (sim::ThreadId t = 0; t < ex.thread_count(); ++t)
    if (t != f.thread && contains(f.message, "(by " + ex.thread_name(t) + " at step")) other = true;
  CHECK(other);
}

}  // namespace

TEST_CASE("nfs race E: three opens of a missing file hit BUG in __d_rehash under 4.7-rc6",
          "[nfs][raceE]") {
  model::Scenario s = load("nfs-open-race.json");
  explorer::Setup st = explorer::setup_for(s);
  REQUIRE(st.preemptions == 3u);
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  check_two_hashers(*e.failure->execution, "__d_rehash");
  check_replays(st, e);
}

TEST_CASE("nfs race E: the proposed patch and the fix are clean for three opens", "[nfs][raceE]") {
  model::Scenario s = load("nfs-open-race.json");
  for (const char* name : {"viro-proposed", "linux-4.7"}) {
    INFO(name);
    explorer::Exploration e = explorer::explore(explorer::setup_for_variant(s, variant(s, name)), false);
    CHECK(e.result.complete);
    CHECK(e.result.executions > 1000);
    CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  }
}

TEST_CASE("nfs ls race: an O_DIRECTORY open takes a dropped shared dentry for its own",
          "[nfs][ls]") {
  model::Scenario s = load("nfs-ls-race.json");
  explorer::Setup st = explorer::setup_for(s);
  // Exploration finds the double hash, with the opendir as one of the hashers
  // (its nfs_lookup -> d_splice_alias lands between cat's d_drop and d_add).
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  check_two_hashers(ex, "__d_rehash");
  CHECK(contains(ex.failure().message, "opendir"));
  check_replays(st, e);

  // The bundled schedule: the opendir's d_unhashed() test runs after cat's
  // d_drop and its d_splice_alias after cat's d_add.
  REQUIRE(s.schedule);
  explorer::Replay r = explorer::replay(st, explorer::parse_schedule(*s.schedule));
  CHECK_FALSE(r.schedule_error);
  check_two_hashers(*r.execution, "d_splice_alias");
  CHECK(r.execution->thread_name(r.execution->failure().thread) == "opendir");
  CHECK(contains(r.execution->failure().message, "(by cat at step"));
}

TEST_CASE("nfs ls race: every interleaving ok under linux-4.7", "[nfs][ls]") {
  model::Scenario s = load("nfs-ls-race.json");
  explorer::Exploration e =
      explorer::explore(explorer::setup_for_variant(s, variant(s, "linux-4.7")), false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 1000);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

TEST_CASE("nfs: Oleg's objection holds only if the in-lookup -> hashed transition is split",
          "[nfs][split]") {
  model::Scenario s = load("nfs-ls-race.json");
  explorer::Setup st = explorer::setup_for_variant(s, variant(s, "linux-4.7-split"));
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  // d_alloc_parallel() handed out a dentry its owner had not finished ...
  bool unfinished = false;
  for (const sim::TraceEvent& ev : ex.trace())
    if (ev.function == "d_alloc_parallel" && contains(ev.result, "still in-lookup")) unfinished = true;
  CHECK(unfinished);
  // ... and a second thread then acted as its owner.
  CHECK(ex.failure().kind == sim::Verdict::Bug);
  CHECK(contains(ex.failure().message, "is already hashed"));
  check_replays(st, e);
}
