// Seed 003's "better fix" as a VFS rule (vfs.revalidate_i_sem in E1,
// vfs.revalidate_i_mutex in E2): ->d_revalidate never called under the
// parent's directory lock. The same rule removes the devfs deadlock (race
// A) and the autofs one (race C), and blame names it for both.
#include <catch2/catch.hpp>

#include "tests/scenarios/scenario_helpers.hpp"

#include <map>
#include <string>
#include <vector>

#include "explorer/bisect.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;
using dcsim_test::load;

explorer::Setup variant_setup(const model::Scenario& s, const std::string& name) {
  return explorer::setup_for_variant(s, dcsim_test::variant(s, name));
}

// The blame entry for RULE=VALUE (fails the test when blame did not try it).
explorer::BlameEntry entry(const explorer::Blame& bl, const std::string& rule, const std::string& to) {
  for (const explorer::BlameEntry& e : bl.changes)
    if (e.change.rule == rule && e.change.to == to) return e;
  FAIL("blame did not try " << rule << "=" << to);
  throw;
}

}  // namespace

TEST_CASE("better fix: devfs race A's deadlock is gone when lookup_hash lets go of i_sem", "[better-fix][devfs]") {
  model::Scenario s = load("devfs-ls-rm.json");
  explorer::Setup st = variant_setup(s, "better-fix");
  REQUIRE(st.rules.get("vfs.revalidate_i_sem") == "never");
  REQUIRE_FALSE(st.preemptions);
  explorer::Exploration all = explorer::explore(st, /*stop_on_failure=*/false);
  CHECK(all.result.complete);
  CHECK(all.result.verdicts[sim::Verdict::Deadlock] == 0);
  // The lookup struct on the stack is still reached after devfs_lookup returns.
  CHECK(all.result.verdicts[sim::Verdict::UseAfterFree] > 0);

  explorer::Setup both = variant_setup(s, "better-fix-F2");
  explorer::Exploration ok = explorer::explore(both, false);
  CHECK(ok.result.complete);
  CHECK(ok.result.executions > 10);
  CHECK(ok.result.verdicts[sim::Verdict::Ok] == ok.result.executions);
}

TEST_CASE("better fix: autofs race C's deadlock is gone when __lookup_hash lets go of i_mutex", "[better-fix][autofs]") {
  model::Scenario s = load("autofs-create-deadlock.json");
  explorer::Setup st = variant_setup(s, "revalidate-unlocked");
  REQUIRE(st.profile == "linux-2.6.22");  // the dentry is still hashed in ->lookup
  REQUIRE(st.preemptions == 2u);
  explorer::Exploration e = explorer::explore(st, false);
  CHECK(e.result.complete);
  CHECK(e.result.executions > 10);
  CHECK(e.result.verdicts[sim::Verdict::Ok] == e.result.executions);
}

TEST_CASE("better fix: blame names the VFS rule for the devfs and the autofs deadlock", "[better-fix][blame]") {
  {
    model::Scenario s = load("devfs-ls-rm.json");
    explorer::VerdictCache cache(explorer::setup_for(s), 1);
    auto r = model::resolve_rules("linux-2.5.74", {});
    REQUIRE(r.rules);
    explorer::Blame bl = explorer::blame(cache, *r.rules);
    REQUIRE(bl.base.kind == sim::Verdict::Deadlock);
    explorer::BlameEntry e = entry(bl, "vfs.revalidate_i_sem", "never");
    CHECK(e.effect == explorer::Effect::ChangesFailure);
    CHECK(e.outcome.kind == sim::Verdict::UseAfterFree);
  }
  {
    model::Scenario s = load("autofs-create-deadlock.json");
    explorer::VerdictCache cache(explorer::setup_for(s), 1);
    auto r = model::resolve_rules("linux-2.6.22", {});
    REQUIRE(r.rules);
    explorer::Blame bl = explorer::blame(cache, *r.rules);
    REQUIRE(bl.base.kind == sim::Verdict::Deadlock);
    explorer::BlameEntry e = entry(bl, "vfs.revalidate_i_mutex", "never");
    CHECK(e.effect == explorer::Effect::Fixes);
    CHECK(e.outcome.complete);
  }
}

TEST_CASE("better fix: bisect names the VFS rule for the devfs and the autofs deadlock", "[better-fix][bisect]") {
  auto rules = [](const std::string& profile, std::map<std::string, std::string> overrides) {
    auto r = model::resolve_rules(profile, overrides);
    REQUIRE(r.rules);
    return *r.rules;
  };
  auto culprits = [](const explorer::RuleBisection& b) {
    std::vector<std::string> out;
    for (const auto& c : b.culprits) out.push_back(c.rule + "=" + c.to);
    return out;
  };
  {
    // devfs: the lookup struct refcounted (F2) on both sides, so that only
    // the deadlock is left to bisect.
    model::Scenario s = load("devfs-ls-rm.json");
    explorer::VerdictCache cache(explorer::setup_for(s), 1);
    const auto b = explorer::bisect_rules(
        cache, rules("linux-2.5.74", {{"vfs.revalidate_i_sem", "never"}, {"devfs.lookup_info", "refcounted"}}),
        rules("linux-2.5.74", {{"devfs.lookup_info", "refcounted"}}));
    REQUIRE(b.problem.empty());
    CHECK(culprits(b) == std::vector<std::string>{"vfs.revalidate_i_sem=lookup_hash_only"});
    CHECK(b.culprit_outcome.kind == sim::Verdict::Deadlock);
  }
  {
    model::Scenario s = load("autofs-create-deadlock.json");
    explorer::VerdictCache cache(explorer::setup_for(s), 1);
    const auto b = explorer::bisect_rules(cache, rules("linux-2.6.22", {{"vfs.revalidate_i_mutex", "never"}}),
                                          rules("linux-2.6.22", {}));
    REQUIRE(b.problem.empty());
    CHECK(culprits(b) == std::vector<std::string>{"vfs.revalidate_i_mutex=lookup_hash_only"});
    CHECK(b.culprit_outcome.kind == sim::Verdict::Deadlock);
  }
}
