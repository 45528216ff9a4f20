// bisect and blame on the mntput scenarios of seed 004 (docs/seeds.md: linux-3.18's delayed mntput):
// between each scenario's buggy and fixed rules they name exactly the rule
// of §5.5 that changed, and blame lists the historical fix (9ea459e110df,
// delayed mntput) among the candidates.
#include <catch2/catch.hpp>

#include <string>

#include "bisect_helpers.hpp"
#include "dcsim_process.hpp"
#include "explorer/bisect.hpp"
#include "model/scenario/scenario.hpp"

using namespace dcsim;
using dcsim_test::cache_for;
using dcsim_test::culprit_names;
using dcsim_test::load;
using dcsim_test::rules;

namespace {

const explorer::BlameEntry* entry(const explorer::Blame& bl, const std::string& rule, const std::string& to) {
  for (const explorer::BlameEntry& e : bl.changes)
    if (e.change.rule == rule && e.change.to == to) return &e;
  return nullptr;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("bisect mntput: linux-3.18 vs linux-3.14 names mntput.cleanup=sync for the deep stack",
          "[bisect][mntput]") {
  for (const char* file : {"mntput-deep-stack.json", "mntput-deep-stack-kthread.json"}) {
    INFO(file);
    model::Scenario s = load(file);
    auto cache = cache_for(s);
    auto b = explorer::bisect_rules(cache, rules("linux-3.18"), rules("linux-3.14"));
    REQUIRE(b.problem.empty());
    CHECK(b.differing.size() == 1);
    CHECK(culprit_names(b) == std::vector<std::string>{"mntput.cleanup=sync"});
    CHECK(b.culprit_outcome.kind == sim::Verdict::Bug);
    CHECK(b.good.complete);
  }
}

TEST_CASE("bisect mntput --profiles: the E4 profiles only, linux-3.18 the first that passes",
          "[bisect][mntput][profiles]") {
  model::Scenario s = load("mntput-deep-stack.json");
  const std::vector<const model::Profile*> all = explorer::profiles_for(s);
  REQUIRE(all.size() == 2);
  CHECK(all[0]->name == "linux-3.14");
  CHECK(all[1]->name == "linux-3.18");
  auto cache = cache_for(s);
  auto pb = explorer::bisect_profiles(cache, all);
  REQUIRE(pb.steps.size() == 1);
  CHECK(all[pb.steps[0].index]->name == "linux-3.18");
  CHECK(culprit_names(pb.steps[0].why) == std::vector<std::string>{"mntput.cleanup=sync"});
}

TEST_CASE("bisect mntput: the RFC's wait for the worker is the deadlock's rule", "[bisect][mntput]") {
  model::Scenario s = load("mntput-workqueue-deadlock.json");
  auto cache = cache_for(s);
  auto b = explorer::bisect_rules(cache, rules("linux-3.18"),
                                  rules("linux-3.14", {{"mntput.cleanup", "workqueue_wait"}}));
  REQUIRE(b.problem.empty());
  CHECK(culprit_names(b) == std::vector<std::string>{"mntput.cleanup=workqueue_wait"});
  CHECK(b.culprit_outcome.kind == sim::Verdict::Deadlock);
  // linux-3.14 deadlocks too (on L itself), by the same rule.
  auto old = explorer::bisect_rules(cache, rules("linux-3.18"), rules("linux-3.14"));
  CHECK(culprit_names(old) == std::vector<std::string>{"mntput.cleanup=sync"});
}

TEST_CASE("bisect mntput: deferring MNT_INTERNAL is what breaks kern_unmount", "[bisect][mntput]") {
  model::Scenario s = load("mntput-umount-sync.json");
  auto cache = cache_for(s);
  auto b = explorer::bisect_rules(cache, rules("linux-3.18"),
                                  rules("linux-3.18", {{"mntput.cleanup", "delayed_all"}}));
  REQUIRE(b.problem.empty());
  CHECK(culprit_names(b) == std::vector<std::string>{"mntput.cleanup=delayed_all"});
  CHECK(b.culprit_outcome.kind == sim::Verdict::Expectation);
  // Between the two kernels nothing changes the verdict: both pass.
  auto pb = explorer::bisect_profiles(cache, explorer::profiles_for(s));
  CHECK(pb.steps.empty());
}

// The module-unload scenario's passing side is about 3000 executions, some
// 8 s under AddressSanitizer: those tests run in the normal build only.
#if !defined(__SANITIZE_ADDRESS__)
TEST_CASE("bisect mntput: module unload without flush_filesystem", "[bisect][mntput]") {
  model::Scenario s = load("mntput-module-unload.json");
  auto cache = cache_for(s);
  for (const auto& [profile, flush] : {std::pair{"linux-3.14", "flush"}, std::pair{"linux-3.18", "flush_sync"}}) {
    INFO(profile);
    auto b = explorer::bisect_rules(cache, rules(profile, {{"mntput.flush_filesystem", flush}}), rules(profile));
    REQUIRE(b.problem.empty());
    CHECK(culprit_names(b) == std::vector<std::string>{"mntput.flush_filesystem=none"});
    CHECK(b.culprit_outcome.kind == sim::Verdict::UseAfterFree);
  }
}
#endif

TEST_CASE("blame mntput: delayed mntput is a candidate fix of the deep stack and the deadlock",
          "[blame][mntput]") {
  SECTION("deep stack under linux-3.14: the RFC and 9ea459e110df both fix it") {
    model::Scenario s = load("mntput-deep-stack.json");
    auto cache = cache_for(s);
    auto bl = explorer::blame(cache, rules("linux-3.14"));
    CHECK(bl.base.kind == sim::Verdict::Bug);
    CHECK(bl.consulted == std::vector<std::string>{"mntput.cleanup"});
    for (const char* to : {"delayed", "workqueue_wait"}) {
      const explorer::BlameEntry* e = entry(bl, "mntput.cleanup", to);
      REQUIRE(e);
      CHECK(e->effect == explorer::Effect::Fixes);
    }
  }
  SECTION("wait-for-work deadlock under the RFC: delayed fixes it, sync does not") {
    model::Scenario s = load("mntput-workqueue-deadlock.json");
    auto cache = cache_for(s);
    auto bl = explorer::blame(cache, rules("linux-3.14", {{"mntput.cleanup", "workqueue_wait"}}));
    CHECK(bl.base.kind == sim::Verdict::Deadlock);
    const explorer::BlameEntry* delayed = entry(bl, "mntput.cleanup", "delayed");
    REQUIRE(delayed);
    CHECK(delayed->effect == explorer::Effect::Fixes);
    const explorer::BlameEntry* sync = entry(bl, "mntput.cleanup", "sync");
    REQUIRE(sync);
    CHECK(sync->effect == explorer::Effect::SameFailure);
  }
#if !defined(__SANITIZE_ADDRESS__)
  SECTION("module unload under linux-3.14: flush_filesystem fixes it, no cleanup rule does") {
    model::Scenario s = load("mntput-module-unload.json");
    auto cache = cache_for(s);
    auto bl = explorer::blame(cache, rules("linux-3.14"));
    CHECK(bl.base.kind == sim::Verdict::UseAfterFree);
    const explorer::BlameEntry* flush = entry(bl, "mntput.flush_filesystem", "flush");
    REQUIRE(flush);
    CHECK(flush->effect == explorer::Effect::Fixes);
    for (const explorer::BlameEntry& e : bl.changes)
      if (e.change.rule == "mntput.cleanup") CHECK(e.effect != explorer::Effect::Fixes);
  }
#endif
}

TEST_CASE("cli: bisect --profiles and blame on the mntput deep stack", "[cli][bisect][mntput]") {
  dcsim_test::Run b = dcsim_test::dcsim("bisect scenarios/mntput-deep-stack.json --profiles");
  CHECK(b.status == 1);  // the bad profile's failure is reported
  CHECK(contains(b.out, "the verdict changes 1 time along the chain: linux-3.14 -> linux-3.18 (bug -> ok)"));
  CHECK(contains(b.out, "mntput.cleanup: delayed -> sync"));
  CHECK(contains(b.out, "--profile linux-3.18 --rule mntput.cleanup=sync --schedule "));
  dcsim_test::Run bl = dcsim_test::dcsim("blame scenarios/mntput-deep-stack.json");
  CHECK(bl.status == 1);
  const std::size_t fixes = bl.out.find("fixes (every interleaving passes: a complete search with no preemption bound):");
  REQUIRE(fixes != std::string::npos);
  const std::size_t historical = bl.out.find("mntput.cleanup: sync -> delayed: ok", fixes);
  CHECK(historical != std::string::npos);
  CHECK(contains(bl.out.substr(historical), "9ea459e110df"));
}
