// dcsim bisect: which rules make a scenario fail. Between two rule
// assignments, delta debugging over the rules they disagree on; over the
// kernel profiles, every profile explored and the same rule ddmin at each
// step where the verdict changes. The passing side is refuted past its
// bound before it is called good.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include <memory>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/cli/verdict_report.hpp"
#include "explorer/plural.hpp"

namespace dcsim::cli {

namespace {
struct BisectArgs {
  std::string file;
  std::optional<std::string> good, bad;
  bool profiles = false;
  std::optional<std::string> from, to;
  std::optional<std::string> verdict;
  unsigned jobs = 1;
  bool json = false;
  bool scenario_rules = true;
  RefuteArgs refute;
};

struct Named {
  std::string name;  // how reports name it
  std::string profile;
  model::RuleSet rules;
};

std::string fails_means(const std::optional<std::string>& verdict) {
  return verdict ? "a " + *verdict + " is found" : "any failure is found";
}

std::string bisection_text(const explorer::VerdictCache& cache, const explorer::RuleBisection& b,
                           const Named& good, const Named& bad) {
  std::string out = fmt::format("good: {}: {}\nbad:  {}: {}\n", good.name, outcome_text(b.good), bad.name,
                                outcome_text(b.bad));
  std::string diff;
  for (const explorer::RuleChange& c : b.differing)
    diff += fmt::format("{}{} ({} -> {})", diff.empty() ? "" : ", ", c.rule, c.from, c.to);
  out += fmt::format("rules that differ: {}\n", diff.empty() ? "none" : diff);
  if (!b.problem.empty()) return out + fmt::format("\ncannot bisect: {}\n", b.problem);
  out += fmt::format("\nculprit{}: {} of {} rule{}, {} (ddmin: {} test{}, bound {})\n", b.culprits.size() == 1 ? "" : "s",
                     b.culprits.size(), b.differing.size(), b.differing.size() == 1 ? "" : "s",
                     b.ddmin.one_minimal ? "1-minimal: undoing any one of them makes the scenario pass"
                                         : "NOT shown 1-minimal",
                     b.ddmin.evaluations, b.ddmin.evaluations == 1 ? "" : "s",
                     explorer::ddmin_bound(b.differing.size()));
  if (!b.ddmin.monotone)
    out += "note: the verdicts were not monotone (a set of changes failed while a larger one passed); "
           "other, unrelated failing sets may exist\n";
  for (const explorer::RuleChange& c : b.culprits) out += "\n" + change_text(c, 2);
  out += fmt::format("\nfailure on {}: {}", name_assignment(b.culprit_rules, good.rules, good.name),
                     failure_text(cache, b.culprit_rules, good.profile, b.culprit_outcome));
  return out;
}

explorer::Json named_json(const Named& n, const explorer::Outcome& o) {
  explorer::Json j = {{"name", n.name}, {"profile", n.profile}};
  explorer::Json rules = explorer::Json::object();
  for (const model::Rule& r : model::all_rules()) rules[r.name] = n.rules.get(r.name);
  j["rules"] = rules;
  j["outcome"] = outcome_json(o);
  return j;
}

explorer::Json bisection_json(const explorer::VerdictCache& cache, const explorer::RuleBisection& b,
                              const Named& good, const Named& bad) {
  explorer::Json j;
  j["good"] = named_json(good, b.good);
  j["bad"] = named_json(bad, b.bad);
  explorer::Json diff = explorer::Json::array();
  for (const explorer::RuleChange& c : b.differing) diff.push_back({{"rule", c.rule}, {"good", c.from}, {"bad", c.to}});
  j["differing"] = diff;
  j["problem"] = b.problem.empty() ? explorer::Json(nullptr) : explorer::Json(b.problem);
  explorer::Json culprits = explorer::Json::array();
  for (const explorer::RuleChange& c : b.culprits) culprits.push_back(change_json(c));
  j["culprits"] = culprits;
  if (b.problem.empty()) {
    j["one_minimal"] = b.ddmin.one_minimal;
    j["monotone"] = b.ddmin.monotone;
    j["ddmin_tests"] = b.ddmin.evaluations;
    j["ddmin_bound"] = explorer::ddmin_bound(b.differing.size());
    j["failure"] = failure_json(cache, b.culprit_rules, good.profile, b.culprit_outcome);
  }
  return j;
}

const model::Profile& profile_arg(const std::string& option, const std::string& name) {
  const model::Profile* p = model::find_profile(name);
  if (!p) throw UsageError(fmt::format("{}: {}", option, model::resolve_rules(name, {}).error));
  return *p;
}

std::vector<const model::Profile*> profile_range(const BisectArgs& a, const model::Scenario& s) {
  const std::vector<const model::Profile*> all = explorer::profiles_for(s);
  std::string names;
  for (const model::Profile* p : all) names += (names.empty() ? "" : ", ") + p->name;
  auto index_of = [&](const char* option, const std::string& name) {
    const model::Profile* p = &profile_arg(option, name);
    auto it = std::find(all.begin(), all.end(), p);
    if (it == all.end())
      throw UsageError(fmt::format("{} {}: {} runs only under the profiles of its era: {}", option, name,
                                   s.file, names));
    return static_cast<std::size_t>(it - all.begin());
  };
  std::size_t from = 0, to = all.size() - 1;
  if (a.from) from = index_of("--from", *a.from);
  if (a.to) to = index_of("--to", *a.to);
  if (from > to)
    throw UsageError(fmt::format("--from {} --to {}: expected the older profile first (oldest first: {})",
                                 *a.from, *a.to, names));
  return {all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(to) + 1};
}

int run_rules(const BisectArgs& a, const model::Scenario& s, explorer::VerdictCache& cache) {
  // A side given as rules alone starts from the other side if that names a profile.
  const std::string gs = a.good.value_or(""), bs = a.bad.value_or("");
  Assignment g, b;
  if (!names_profile(gs) && names_profile(bs)) {
    b = parse_assignment(s, bs);
    g = parse_assignment(s, gs, &b);
  } else {
    g = parse_assignment(s, gs);
    b = parse_assignment(s, bs, names_profile(gs) ? &g : nullptr);
  }
  const Named good{a.good ? *a.good : "the scenario's rules", g.profile, g.rules};
  const Named bad{a.bad && names_profile(bs) ? *a.bad : name_assignment(b.rules, g.rules, good.name), b.profile,
                  b.rules};
  const explorer::RuleBisection r = explorer::bisect_rules(cache, good.rules, bad.rules);
  std::optional<explorer::Refutation> held;
  if (r.problem.empty() && a.refute.budget())
    held = explorer::refute(cache.setup_with(good.rules), r.good, *a.refute.budget());
  if (a.json) {
    explorer::Json j;
    j["dcsim_report"] = 1;
    j["command"] = "bisect";
    j["mode"] = "rules";
    j["setup"] = explorer::setup_json(explorer::resolve_plan(cache.setup_with(good.rules)));
    j["fails_when"] = a.verdict ? explorer::Json(*a.verdict) : explorer::Json("any");
    j["bisection"] = bisection_json(cache, r, good, bad);
    j["bisection"]["good_refutation"] = refutation_json(cache, good.rules, good.profile, held, r.good);
    j["explorations"] = explorations_json(cache, good.rules, good.name);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("dcsim bisect: {} ({})\nfails: when {}\n", s.name, s.file, fails_means(a.verdict));
    if (held && held->needed)
      fmt::print("{} passes: {}\n{}", good.name, explorer::refutation_summary(*held, r.good),
                 refutation_text(cache, good.rules, good.profile, *held, 2));
    fmt::print("{}\n{}", bisection_text(cache, r, good, bad), explorations_text(cache, good.rules, good.name));
  }
  return r.problem.empty() ? int(kFailure) : int(kBadInput);
}

std::string kept_text(const std::map<std::string, std::string>& kept) {
  std::string out;
  for (const auto& [rule, value] : kept) out += fmt::format("{}{}={}", out.empty() ? "" : " ", rule, value);
  return out;
}

// A verdict as a report states it: the failure's kind, or an ok with the
// bound it holds within (verdict_label is the bare kind bisect compares).
std::string claim_of(const explorer::Outcome& o) {
  return o.fails ? explorer::verdict_label(o) : explorer::no_failure_text(o.bound);
}

std::string step_name(const explorer::ProfileBisection& pb, const explorer::ProfileStep& st) {
  return fmt::format("{} -> {} ({} -> {})", pb.range[st.index - 1]->name, pb.range[st.index]->name,
                     claim_of(pb.verdicts[st.index - 1]), claim_of(pb.verdicts[st.index]));
}

// The two sides of a step as bisect_rules saw them: the failing one is bad.
std::pair<Named, Named> step_sides(const explorer::ProfileBisection& pb, const explorer::ProfileStep& st) {
  const std::size_t i = st.index;
  Named before{pb.range[i - 1]->name, pb.range[i - 1]->name, pb.rules[i - 1]};
  Named after{pb.range[i]->name, pb.range[i]->name, pb.rules[i]};
  const bool after_is_bad =
      st.counted ? *st.counted == pb.verdicts[i].kind : pb.verdicts[i].fails;
  return after_is_bad ? std::pair{before, after} : std::pair{after, before};
}

int run_profiles(const BisectArgs& a, const model::Scenario& s, explorer::VerdictCache& cache) {
  const std::map<std::string, std::string> keep = a.scenario_rules ? s.overrides : std::map<std::string, std::string>{};
  const explorer::ProfileBisection pb = explorer::bisect_profiles(cache, profile_range(a, s), keep, a.refute.budget());
  const model::Profile& newest = *pb.range.back();
  const model::RuleSet ref = pb.rules.back();
  const bool newest_fails = pb.verdicts.back().fails;
  std::string summary;
  if (pb.steps.empty())
    summary = fmt::format("every profile from {} to {}: {}", pb.range.front()->name, newest.name,
                          claim_of(pb.verdicts.back()));
  else {
    summary = fmt::format("the verdict changes {} time{} along the chain:", pb.steps.size(), pb.steps.size() == 1 ? "" : "s");
    for (const explorer::ProfileStep& st : pb.steps) summary += " " + step_name(pb, st) + ";";
    summary.pop_back();
  }
  auto cache_of = [&](const explorer::ProfileStep& st) -> const explorer::VerdictCache& {
    return st.cache ? *st.cache : cache;
  };
  if (a.json) {
    explorer::Json j;
    j["dcsim_report"] = 1;
    j["command"] = "bisect";
    j["mode"] = "profiles";
    j["setup"] = explorer::setup_json(explorer::resolve_plan(cache.setup_with(ref)));
    j["fails_when"] = a.verdict ? explorer::Json(*a.verdict) : explorer::Json("any");
    explorer::Json range = explorer::Json::array(), walked = explorer::Json::array(), steps = explorer::Json::array();
    for (std::size_t i = 0; i < pb.range.size(); ++i) {
      range.push_back(pb.range[i]->name);
      explorer::Json w = {{"profile", pb.range[i]->name}, {"fails", pb.verdicts[i].fails}};
      w["outcome"] = outcome_json(pb.verdicts[i]);
      walked.push_back(w);
    }
    for (const explorer::ProfileStep& st : pb.steps) {
      const auto [good, bad] = step_sides(pb, st);
      explorer::Json js = {{"from", pb.range[st.index - 1]->name},
                           {"to", pb.range[st.index]->name},
                           {"from_verdict", explorer::verdict_label(pb.verdicts[st.index - 1])},
                           {"to_verdict", explorer::verdict_label(pb.verdicts[st.index])},
                           {"from_claim", claim_of(pb.verdicts[st.index - 1])},
                           {"to_claim", claim_of(pb.verdicts[st.index])},
                           {"counted", st.counted ? explorer::Json(sim::to_string(*st.counted)) : explorer::Json("any")}};
      js["bisection"] = bisection_json(cache_of(st), st.why, good, bad);
      js["refutation"] = refutation_json(cache, good.rules, good.profile, st.refutation,
                                         pb.verdicts[st.index - 1].fails ? pb.verdicts[st.index] : pb.verdicts[st.index - 1]);
      steps.push_back(js);
    }
    j["profiles"] = {{"range", range},
                     {"kept_rules", keep},
                     {"walked", walked},
                     {"steps", steps},
                     {"first_change", pb.steps.empty() ? explorer::Json(nullptr) : explorer::Json(pb.range[pb.steps.front().index]->name)},
                     {"newest_fails", newest_fails},
                     {"summary", summary}};
    j["explorations"] = explorations_json(cache, ref, newest.name);
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("dcsim bisect --profiles: {} ({})\nfails: when {}\n", s.name, s.file, fails_means(a.verdict));
    std::string names;
    for (const model::Profile* p : pb.range) names += (names.empty() ? "" : ", ") + p->name;
    fmt::print("profiles (oldest first, each explored): {}\n", names);
    if (!keep.empty())
      fmt::print("with the scenario's own rules on top of each: {} (--no-scenario-rules drops them)\n", kept_text(keep));
    for (std::size_t i = 0; i < pb.range.size(); ++i)
      fmt::print("  {}: {}\n", pb.range[i]->name, outcome_text(pb.verdicts[i]));
    fmt::print("{}\n", summary);
    for (const explorer::ProfileStep& st : pb.steps) {
      const auto [good, bad] = step_sides(pb, st);
      fmt::print("\nstep {}{}:\n", step_name(pb, st),
                 st.counted ? fmt::format(", counting only a {}", sim::to_string(*st.counted)) : "");
      if (st.refutation && st.refutation->needed) {
        const explorer::Outcome& passing = pb.verdicts[st.index - 1].fails ? pb.verdicts[st.index] : pb.verdicts[st.index - 1];
        fmt::print("{} passes: {}\n{}", good.name, explorer::refutation_summary(*st.refutation, passing),
                   refutation_text(cache, good.rules, good.profile, *st.refutation, 2));
      }
      fmt::print("{}", bisection_text(cache_of(st), st.why, good, bad));
    }
    fmt::print("\n{}", explorations_text(cache, ref, newest.name));
  }
  return newest_fails || !pb.steps.empty() ? int(kFailure) : int(kOk);
}
}  // namespace

Action add_bisect(CLI::App& app) {
  auto a = std::make_shared<BisectArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bisect", "Find the rules that make a scenario fail: ddmin between two rule assignments, or at each "
                "step of the kernel profiles where the verdict changes");
  cmd->add_option("scenario", a->file, "Scenario JSON file")->required();
  auto* good = cmd->add_option("--good", a->good,
                               "Passing rules: a profile and/or NAME=VALUE overrides, comma-separated "
                               "(default: the scenario's rules)");
  auto* bad = cmd->add_option("--bad", a->bad, "Failing rules, in the same form (default: the scenario's rules). Rules alone, on one side, go "
                              "on top of the other side's profile");
  auto* profiles = cmd->add_flag("--profiles", a->profiles,
                                 "Explore every kernel profile (oldest to newest) and, at each step where "
                                 "the verdict changes, ddmin the rules between the two neighbours");
  profiles->excludes(good)->excludes(bad);
  cmd->add_option("--from", a->from, "With --profiles: the oldest profile of the range")->needs(profiles);
  cmd->add_option("--to", a->to, "With --profiles: the newest profile of the range")->needs(profiles);
  cmd->add_flag("!--no-scenario-rules", a->scenario_rules,
                "With --profiles: the bare profiles, without the scenario's own rule overrides on top of each")
      ->needs(profiles);
  add_refute_options(*cmd, a->refute);
  cmd->add_option("--verdict", a->verdict, "Count only this kind of failure as failing (default: any failure)")
      ->check(CLI::IsMember(failure_kind_names()));
  cmd->add_option("--jobs,-j", a->jobs, "Explore up to N rule assignments in parallel threads")
      ->check(CLI::Range(1u, 256u));
  cmd->add_flag("--json", a->json, "Print a JSON report instead of text");
  return [a] {
    if (!a->profiles && !a->good && !a->bad)
      throw UsageError("bisect: expected --good and/or --bad (rules to compare), or --profiles");
    model::Scenario s = model::load_scenario_file(a->file);
    explorer::Setup base = explorer::setup_for(s);
    base.failure_kind = parse_failure_kind(a->verdict);
    explorer::VerdictCache cache(base, a->jobs);
    const int rc = a->profiles ? run_profiles(*a, s, cache) : run_rules(*a, s, cache);
    if (cache.explorations_run() != cache.log().size())
      fmt::print(stderr, "dcsim bisect: {} run, {} of them ahead of need (--jobs {})\n",
                 explorer::counted(cache.explorations_run(), "exploration"), cache.explorations_run() - cache.log().size(), a->jobs);
    return rc;
  };
}

}  // namespace dcsim::cli
