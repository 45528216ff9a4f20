// Verdicts that tell the truth (issue 16): every "ok" names its bound, a
// candidate fix is refuted past its bound before it is called one, blame
// tries pairs when no single change fixes, bisect --profiles explores every
// step of the chain, and --minimize reduces a deep schedule by ddmin.
#include <catch2/catch.hpp>

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bisect_helpers.hpp"
#include "dcsim_process.hpp"
#include "explorer/bisect.hpp"
#include "explorer/refute.hpp"
#include "explorer/session.hpp"
#include "explorer/verdict/bound.hpp"

using namespace dcsim;
using dcsim_test::cache_for;
using dcsim_test::culprit_names;
using dcsim_test::load;
using dcsim_test::rules;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

const explorer::BlameEntry* find(const std::vector<explorer::BlameEntry>& entries, const std::string& name) {
  for (const explorer::BlameEntry& e : entries) {
    std::string n = e.change.rule + "=" + e.change.to;
    if (e.second) n += "+" + e.second->rule + "=" + e.second->to;
    if (n == name) return &e;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("bounds: ok alone only for a complete unbounded search", "[verdicts][bounds]") {
  explorer::ExploreResult r;
  r.strategy = "dpor";
  r.complete = true;
  r.executions = 12;
  CHECK(explorer::no_failure_text(explorer::bound_of(r)) == "ok");
  CHECK(explorer::proves(explorer::bound_of(r)));
  r.preemption_bound = 3;
  r.strategy = "bounded-source-dpor";
  CHECK(explorer::no_failure_text(explorer::bound_of(r)) == "ok within 3 preemptions");
  CHECK_FALSE(explorer::proves(explorer::bound_of(r)));
  r.complete = false;
  r.stopped_by = "max-executions";
  CHECK(explorer::no_failure_text(explorer::bound_of(r)) ==
        "no failure found, search cut short by --max-executions after 12 executions (within 3 preemptions)");
  explorer::ExploreResult s;
  s.strategy = "random";
  s.seed = 7;
  s.executions = 500;
  s.complete = true;  // a sampler's last unit may say so: a sample proves nothing
  CHECK(explorer::no_failure_text(explorer::bound_of(s)) == "ok in 500 sampled runs (random, seed 7)");
  CHECK_FALSE(explorer::proves(explorer::bound_of(s)));
}

TEST_CASE("cli: explore and check print the bound of every ok", "[verdicts][bounds][cli]") {
  auto e = dcsim_test::dcsim("explore scenarios/autofs-expire-enoent.json --variant 2.6.27");
  CHECK(e.status == 0);
  CHECK(contains(e.out, "verdict: ok within 2 preemptions\n"));
  auto j = nlohmann::json::parse(dcsim_test::dcsim("explore scenarios/autofs-expire-enoent.json --variant 2.6.27 --json").out);
  CHECK(j["verdict"]["claim"] == "ok within 2 preemptions");
  CHECK(j["verdict"]["bound"]["proves"] == false);
  auto u = nlohmann::json::parse(dcsim_test::dcsim("explore scenarios/devfs-ls-rm.json --variant 2.6.0-test1 --json").out);
  CHECK(u["verdict"]["claim"] == "ok");
  CHECK(u["verdict"]["bound"]["proves"] == true);
  auto c = dcsim_test::dcsim("check scenarios/autofs-expire-enoent.json");
  CHECK(contains(c.out, "found ok within 2 preemptions "));
}

TEST_CASE("blame nfs-ls-race: viro-proposed is not presented as a fix", "[verdicts][blame][refute]") {
  model::Scenario s = load("nfs-ls-race.json");
  auto cache = cache_for(s);
  explorer::BlameOptions o;
  const explorer::Blame bl = explorer::blame(cache, rules("linux-4.7-rc6"), o);
  REQUIRE(bl.base.fails);
  const explorer::BlameEntry* viro = find(bl.changes, "nfs.atomic_open=viro-proposed");
  REQUIRE(viro);
  REQUIRE(viro->refutation);
  CHECK(viro->refutation->needed);  // its search was bounded: 3 preemptions
  // Refuted, or held within a budget it says: never a proven fix.
  if (viro->effect == explorer::Effect::Fixes) {
    CHECK_FALSE(viro->refutation->refuted);
    CHECK(viro->refutation->holds_within);
    CHECK(viro->refutation->sampled_runs > 0);
  } else {
    CHECK(viro->effect == explorer::Effect::Refuted);
  }
  auto r = dcsim_test::dcsim("blame scenarios/nfs-ls-race.json");
  const auto proven = r.out.find("fixes (every interleaving passes: a complete search with no preemption bound):");
  REQUIRE(proven != std::string::npos);
  const auto next = r.out.find("\n\n", proven);
  CHECK(r.out.substr(proven, next - proven).find("viro-proposed") == std::string::npos);
  CHECK(contains(r.out, "nfs.atomic_open: 4.7-rc6 -> viro-proposed: ok within 3 preemptions"));
}

TEST_CASE("blame devfs-ls-rm: no single change fixes it, the pair F1+F2 does", "[verdicts][blame][pairs]") {
  model::Scenario s = load("devfs-ls-rm.json");
  auto cache = cache_for(s);
  const explorer::Blame bl = explorer::blame(cache, rules("linux-2.5.74"));
  for (const explorer::BlameEntry& e : bl.changes) CHECK(e.effect != explorer::Effect::Fixes);
  REQUIRE(bl.pairs_tried);
  // Pairs over the three E1 rules, one other value of reacquire_i_sem and of
  // vfs.revalidate_i_sem, two of lookup_info: 1*2 + 1*1 + 2*1.
  CHECK(bl.pairs.size() == 5);
  const explorer::BlameEntry* f1f2 = find(bl.pairs, "devfs.reacquire_i_sem=after_wake+devfs.lookup_info=refcounted");
  REQUIRE(f1f2);
  CHECK(f1f2->effect == explorer::Effect::Fixes);
  CHECK(explorer::proves(f1f2->outcome.bound));
  auto r = dcsim_test::dcsim("blame scenarios/devfs-ls-rm.json");
  CHECK(contains(r.out, "no single change fixes it: 5 pairs of changes to two rules tried"));
  CHECK(contains(r.out, "devfs.reacquire_i_sem=after_wake + devfs.lookup_info=refcounted: ok (complete, unbounded"));
}

TEST_CASE("bisect --profiles walks every step: autofs 2.6.22 -> 2.6.26-rc4 is expectation -> bug",
          "[verdicts][bisect][profiles]") {
  model::Scenario s = load("autofs-expire-enoent.json");
  auto cache = cache_for(s);
  auto pb = explorer::bisect_profiles(cache, explorer::profiles_for(s), s.overrides);
  REQUIRE(pb.range.size() == 3);
  CHECK(pb.verdicts.size() == 3);
  REQUIRE(pb.steps.size() >= 1);
  const explorer::ProfileStep& first = pb.steps[0];
  CHECK(pb.range[first.index - 1]->name == "linux-2.6.22");
  CHECK(pb.range[first.index]->name == "linux-2.6.26-rc4");
  CHECK(explorer::verdict_label(pb.verdicts[0]) == "expectation");
  CHECK(explorer::verdict_label(pb.verdicts[1]) == "bug");
  REQUIRE(first.counted);
  CHECK(*first.counted == sim::Verdict::Bug);
  CHECK(first.why.problem.empty());
  CHECK_FALSE(first.why.culprits.empty());
}

TEST_CASE("bisect --profiles keeps the scenario's own rule: mntput-workqueue-deadlock", "[verdicts][bisect][profiles]") {
  model::Scenario s = load("mntput-workqueue-deadlock.json");
  auto cache = cache_for(s);
  auto pb = explorer::bisect_profiles(cache, explorer::profiles_for(s), s.overrides);
  CHECK(pb.kept == std::map<std::string, std::string>{{"mntput.cleanup", "workqueue_wait"}});
  for (const model::RuleSet& r : pb.rules) CHECK(r.get("mntput.cleanup") == "workqueue_wait");
  // Under the RFC's rule both kernels deadlock: no step, so no "delayed -> sync".
  CHECK(pb.steps.empty());
  for (const explorer::Outcome& o : pb.verdicts) CHECK(o.kind == sim::Verdict::Deadlock);
  auto r = dcsim_test::dcsim("bisect scenarios/mntput-workqueue-deadlock.json --profiles");
  CHECK(contains(r.out, "with the scenario's own rules on top of each: mntput.cleanup=workqueue_wait"));
  CHECK_FALSE(contains(r.out, "delayed -> sync"));
}

TEST_CASE("minimize a deep bug: ddmin over context switches, replayable", "[verdicts][minimize]") {
  auto r = dcsim_test::dcsim("explore scenarios/nfs-open-race-4.json --minimize --no-trace --json --max-executions 3000");
  REQUIRE(r.status == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["failure"]["preemptions"] == 36);
  const auto& m = j["minimized"];
  CHECK(m["fewest_preemptions"] == false);  // the DFS could not prove it within its budget
  REQUIRE(m["reduced"].is_object());
  CHECK(m["reduced"]["from_preemptions"] == 36);
  CHECK(m["reduced"]["proven"] == false);
  CHECK(m["preemptions"].get<unsigned>() < 36);
  const std::string replay = m["replay"].get<std::string>();
  REQUIRE(replay.rfind("dcsim ", 0) == 0);
  auto again = dcsim_test::dcsim(replay.substr(6) + " --json");
  auto rj = nlohmann::json::parse(again.out);
  CHECK(rj["failure"]["kind"] == j["failure"]["kind"]);
  CHECK(rj["failure"]["function"] == j["failure"]["function"]);
}

TEST_CASE("refute: ok within 0 preemptions is refuted at bound 1, with a schedule that replays", "[verdicts][refute]") {
  // ABBA run with no preemption never deadlocks: each thread runs to its end.
  model::Scenario s = load("proto-abba.json");
  explorer::Setup st = explorer::setup_for(s);
  st.preemptions = 0;
  const explorer::Outcome found = explorer::outcome_of(st);
  REQUIRE_FALSE(found.fails);
  REQUIRE(found.complete);
  CHECK(explorer::no_failure_text(found.bound) == "ok within 0 preemptions");
  const explorer::Refutation r = explorer::refute(st, found, explorer::RefuteBudget{});
  CHECK(r.needed);
  REQUIRE(r.refuted);
  const explorer::RefuteStep* by = r.by();
  REQUIRE(by);
  CHECK(by->what == "bound 1");
  CHECK(by->outcome.kind == sim::Verdict::Deadlock);
  REQUIRE(by->outcome.failure);
  const explorer::Replay again = explorer::replay(by->plan, by->outcome.failure->schedule);
  CHECK_FALSE(again.schedule_error);
  CHECK(again.execution->failure().kind == sim::Verdict::Deadlock);
  CHECK(contains(explorer::refutation_summary(r, found), "refuted at bound 1"));
}

namespace {
// JSON: an object that says "ok" also says within what: a claim "ok within
// ..." / "ok in ... sampled runs" beside it, or its bound or outcome.
void check_json_oks(const nlohmann::json& j, const std::string& path, int& oks) {
  if (j.is_object()) {
    bool says_ok = false, names_bound = j.contains("bound") || j.contains("outcome");
    for (const auto& [key, v] : j.items()) {
      if (!v.is_string()) continue;
      const std::string s = v.get<std::string>();
      says_ok = says_ok || s == "ok";
      const bool claim = s.rfind("ok within ", 0) == 0 || s.rfind("ok in ", 0) == 0;
      names_bound = names_bound || claim;
      oks += s == "ok" || claim;
    }
    if (says_ok) {
      INFO(path << ": " << j.dump().substr(0, 300));
      CHECK(names_bound);
    }
    for (const auto& [key, v] : j.items()) check_json_oks(v, path + "/" + key, oks);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) check_json_oks(j[i], path + "/" + std::to_string(i), oks);
  }
}
}  // namespace

TEST_CASE("every ok of explore, check, blame and bisect on a bounded scenario names its bound, text and JSON",
          "[verdicts][bounds][cli]") {
  // Race C within 2 preemptions: nothing here is proven, so no "ok" may stand alone.
  std::vector<std::string> commands = {"explore scenarios/autofs-create-deadlock.json --variant G1",
                                       "check scenarios/autofs-create-deadlock.json",
                                       "bisect scenarios/autofs-create-deadlock.json --good linux-2.6.26-rc4"};
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  // Their refutations run thousands of executions more: the normal build only.
  commands.push_back("blame scenarios/autofs-create-deadlock.json");
  commands.push_back("bisect scenarios/autofs-create-deadlock.json --profiles");
#endif
  for (const std::string& args : commands) {
    INFO(args);
    const auto t = dcsim_test::dcsim(args);
    // A claim: "verdict: ok", "found ok", "deadlock -> ok", "linux-2.6.27: ok"
    // (not a count such as "verdicts: ok 454", nor "expected ok").
    int claims = 0;
    for (std::size_t at = t.out.find("ok"); at != std::string::npos; at = t.out.find("ok", at + 2)) {
      const bool word = (at + 2 == t.out.size() || !std::isalnum(static_cast<unsigned char>(t.out[at + 2]))) &&
                        at > 0 && t.out[at - 1] == ' ';
      if (!word) continue;
      const std::string before = t.out.substr(at >= 6 ? at - 6 : 0, at >= 6 ? 6 : at);
      const bool claim = before.size() >= 2 && (before.substr(before.size() - 2) == ": " ||
                                                before.substr(before.size() - 3) == "-> " ||
                                                (before.size() >= 6 && before.substr(before.size() - 6) == "found "));
      const std::string after = t.out.substr(at + 2, 8);
      const bool count = after.size() >= 2 && after[0] == ' ' && std::isdigit(static_cast<unsigned char>(after[1]));
      if (!claim || count) continue;
      ++claims;
      INFO(t.out.substr(t.out.rfind('\n', at) + 1, 160));
      CHECK((after.rfind(" within ", 0) == 0 || after.rfind(" in ", 0) == 0));
    }
    CHECK(claims > 0);
    int oks = 0;
    check_json_oks(nlohmann::json::parse(dcsim_test::dcsim(args + " --json").out), "", oks);
    CHECK(oks > 0);
  }
}
