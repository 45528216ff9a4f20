// The E2 model's pieces: profiles in order with their era and autofs rules,
// the era's directory lock, and the scenario checks for autofs fields.
#include <catch2/catch.hpp>

#include <string>

#include "explorer/session.hpp"
#include "model/rules.hpp"
#include "tests/scenarios/scenario_helpers.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;

}  // namespace

TEST_CASE("profiles: oldest first, E2 for the autofs kernels", "[model][rules]") {
  std::vector<std::string> names;
  for (const model::Profile& p : model::all_profiles()) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"linux-2.5.74", "linux-2.6.0-test1", "linux-2.6.22",
                                          "linux-2.6.26-rc4", "linux-2.6.27", "linux-3.14", "linux-3.18",
                                          "linux-4.7-rc6", "linux-4.7"});
  struct Want {
    const char* profile;
    const char* hash;
    const char* reuse;
  };
  for (const Want& w : {Want{"linux-2.6.22", "before_create", "none"},
                        Want{"linux-2.6.26-rc4", "at_create", "rehash_list"},
                        Want{"linux-2.6.27", "at_create", "look_aside"}}) {
    auto r = model::resolve_rules(w.profile, {});
    REQUIRE(r.rules);
    CHECK(r.rules->era() == model::Era::E2);
    CHECK(r.rules->get("autofs4.hash_in_lookup") == w.hash);
    CHECK(r.rules->get("autofs4.unhashed_reuse") == w.reuse);
    CHECK(r.rules->get("autofs4.wait_match") == "name");
  }
  const model::Rule* match = model::find_rule("autofs4.wait_match");
  REQUIRE(match);
  CHECK(match->find("name_and_type")->since.find("not historical") != std::string::npos);
}

TEST_CASE("autofs scenario: daemons are threads after the scenario's, R8 per variant", "[model][autofs]") {
  const std::string text = R"({
    "name": "x", "profile": "linux-2.6.26-rc4", "invariants": {"R8": false},
    "setup": {"mounts": [{"fs": "autofs", "at": "/auto", "map": ["foo"], "daemon_threads": 2}]},
    "threads": [{"name": "E", "ops": [{"op": "expire", "path": "/auto/foo"}]},
                {"name": "P", "ops": [{"op": "stat", "path": "/auto/foo", "mounted": true}]}],
    "expect": {"verdict": "ok"},
    "variants": [{"name": "r8", "invariants": {"R8": true}, "expect": {"verdict": "ok"}},
                 {"name": "same", "expect": {"verdict": "ok"}}]})";
  model::Scenario s = model::load_scenario_text(text, "x.json");
  CHECK(s.thread_names() == std::vector<std::string>{"E", "P", "Dm", "Dm2"});
  CHECK_FALSE(s.rules.check_r8);
  CHECK(s.variants[0].rules.check_r8);
  CHECK_FALSE(s.variants[1].rules.check_r8);
  REQUIRE(s.threads[1].ops[0].mounted);
  CHECK(*s.threads[1].ops[0].mounted);
}

namespace {

// R unlinks the symlink key bar and then stats it (not in the map: ENOENT);
// P lstats it meanwhile, holding a reference for a while.
model::Scenario unlink_scenario(const std::string& profile) {
  return model::load_scenario_text(R"({
    "name": "autofs-unlink", "profile": ")" + profile + R"(",
    "setup": {"mounts": [{"fs": "autofs", "at": "/auto", "map": ["foo"], "symlinks": ["bar"]}]},
    "threads": [{"name": "R", "ops": [{"op": "unlink", "path": "/auto/bar", "expect": 0},
                                       {"op": "stat", "path": "/auto/bar", "expect": "ENOENT"}]},
                {"name": "P", "ops": [{"op": "lstat", "path": "/auto/bar"}]}],
    "expect": {"verdict": "ok"}})", "inline");
}

bool traced(const sim::Execution& ex, const std::string& function, const std::string& result) {
  for (const sim::TraceEvent& e : ex.trace())
    if (e.function == function && e.result.find(result) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("autofs4_dir_unlink: unhashed, still positive, on the era's list", "[model][autofs][unlink]") {
  struct Want {
    const char* profile;
    const char* result;
    const char* later;  // what R's stat finds in the list, if anything
  };
  for (const Want& w : {Want{"linux-2.6.22", "unhashed, still positive", nullptr},
                        Want{"linux-2.6.26-rc4", "on the rehash list", "autofs4_lookup_unhashed"},
                        Want{"linux-2.6.27", "on the expiring list", "autofs4_lookup_expiring"}}) {
    INFO(w.profile);
    model::Scenario s = unlink_scenario(w.profile);
    // P takes its reference first and keeps it across R's unlink and stat:
    // the dentry stays positive (vfs_unlink's d_delete only unhashes a
    // dentry others hold) and R's lookup finds it on the list.
    explorer::Setup st = explorer::setup_for(s);
    explorer::Replay r = explorer::replay(st, explorer::parse_schedule("1x3,0"));
    REQUIRE_FALSE(r.schedule_error);
    const sim::Execution& ex = *r.execution;
    CHECK(traced(ex, "autofs4_dir_unlink", w.result));
    CHECK(traced(ex, "d_delete", "unhashed"));
    if (w.later && std::string(w.profile) == "linux-2.6.27") CHECK(traced(ex, w.later, "found dentry /auto/bar"));
    if (std::string(w.profile) == "linux-2.6.26-rc4") {
      // The rehash list turns P's dentry negative: Al Viro's objection (R8).
      CHECK(ex.failure().kind == sim::Verdict::Bug);
      CHECK(dcsim_test::contains(ex.failure().message,
                                 "R8 violated: autofs4_lookup_unhashed turns dentry /auto/bar negative"));
      CHECK(dcsim_test::contains(ex.failure().message, "P (1 reference)"));
    } else {
      CHECK(ex.failure().kind == sim::Verdict::Ok);
    }
  }
}

TEST_CASE("autofs4_dir_unlink: every interleaving ok under 2.6.22 and 2.6.27, R8 reachable under 2.6.26-rc4",
          "[model][autofs][unlink]") {
  for (const char* profile : {"linux-2.6.22", "linux-2.6.27"}) {
    INFO(profile);
    model::Scenario s = unlink_scenario(profile);
    explorer::Exploration e = explorer::explore(explorer::setup_for(s), false);
    CHECK(e.result.complete);
    CHECK(e.result.executions > 5);
    CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
  }
  model::Scenario s = unlink_scenario("linux-2.6.26-rc4");
  explorer::Setup st = explorer::setup_for(s);
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  CHECK(e.failure->execution->failure().kind == sim::Verdict::Bug);
  dcsim_test::check_replays(st, e);
}
