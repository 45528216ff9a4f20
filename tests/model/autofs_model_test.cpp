// The E2 model's pieces: profiles in order with their era and autofs rules,
// the era's directory lock, and the scenario checks for autofs fields.
#include <catch2/catch.hpp>

#include <string>

#include "model/rules.hpp"
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
