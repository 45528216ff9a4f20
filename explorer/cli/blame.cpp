// dcsim blame: for a failing scenario, every single-rule change (every other
// value of every rule the model consults), explored: which make every
// interleaving pass (candidate fixes) and which only change the failure.
#include <fmt/format.h>

#include <functional>
#include <memory>
#include <optional>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/cli/verdict_report.hpp"
#include "explorer/plural.hpp"

namespace dcsim::cli {

namespace {
struct BlameArgs {
  std::string file;
  RuleOptions rules;
  unsigned jobs = 1;
  bool json = false;
  std::optional<std::string> verdict;
  RefuteArgs refute;
  bool pairs = true;
};


std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out.empty() ? "none" : out;
}

std::string effect_key(explorer::Effect e) {
  switch (e) {
    case explorer::Effect::Fixes: return "fixes";
    case explorer::Effect::ChangesFailure: return "changes_failure";
    case explorer::Effect::SameFailure: return "same_failure";
    case explorer::Effect::Inconclusive: return "inconclusive";
    case explorer::Effect::Refuted: return "refuted";
  }
  return "?";
}

bool proven(const explorer::BlameEntry& e) {
  return e.effect == explorer::Effect::Fixes && (!e.refutation || !e.refutation->needed) && explorer::proves(e.outcome.bound);
}

std::string entry_name(const explorer::BlameEntry& e) {
  std::string out = e.change.rule + "=" + e.change.to;
  if (e.second) out += " + " + e.second->rule + "=" + e.second->to;
  return out;
}

std::string budget_text(const explorer::RefuteBudget& b) {
  return fmt::format("the preemption bound raised by up to {} (at most {} each), then {} "
                     "(seed {}, depth {}) and {} (seed {})",
                     b.raise_by, explorer::counted(b.max_executions, "execution"),
                     explorer::counted(b.pct_runs, "pct run"), b.seed, b.pct_depth,
                     explorer::counted(b.random_runs, "random run"), b.seed);
}

// The groups a report lists, in order: a candidate that holds only within a
// bound is never listed with the proven fixes.
struct Group {
  std::string key, heading;
  std::function<bool(const explorer::BlameEntry&)> in;
};
std::vector<Group> groups(const std::optional<std::string>& verdict) {
  const std::string passes = verdict ? "no interleaving ends in a " + *verdict : "every interleaving passes";
  return {
      {"fixes", "fixes (" + passes + ": a complete search with no preemption bound)", proven},
      {"holds_within_bounds",
       "candidate fixes, NOT proven (no failure found, and none when refuted within the budget: each says where "
       "it holds)",
       [](const explorer::BlameEntry& e) { return e.effect == explorer::Effect::Fixes && !proven(e); }},
      {"refuted", std::string(to_string(explorer::Effect::Refuted)),
       [](const explorer::BlameEntry& e) { return e.effect == explorer::Effect::Refuted; }},
      {"changes_failure", std::string(to_string(explorer::Effect::ChangesFailure)),
       [](const explorer::BlameEntry& e) { return e.effect == explorer::Effect::ChangesFailure; }},
      {"same_failure", std::string(to_string(explorer::Effect::SameFailure)),
       [](const explorer::BlameEntry& e) { return e.effect == explorer::Effect::SameFailure; }},
      {"inconclusive", std::string(to_string(explorer::Effect::Inconclusive)),
       [](const explorer::BlameEntry& e) { return e.effect == explorer::Effect::Inconclusive; }},
  };
}

std::string group_of(const explorer::BlameEntry& e) {
  for (const Group& g : groups(std::nullopt))
    if (g.in(e)) return g.key;
  return "?";
}

std::string entries_text(const explorer::VerdictCache& cache, const model::RuleSet& base, const std::string& profile,
                         const std::vector<explorer::BlameEntry>& entries, const std::optional<std::string>& verdict,
                         bool always_fixes) {
  std::string out;
  for (const Group& g : groups(verdict)) {
    std::string block;
    for (const explorer::BlameEntry& e : entries) {
      if (!g.in(e)) continue;
      std::string note = ": " + outcome_text(e.outcome);
      if (e.refutation && e.refutation->needed) note += "; " + explorer::refutation_summary(*e.refutation, e.outcome);
      if (e.second) {
        block += fmt::format("\n  {}{}\n", entry_name(e), note);
        block += change_text(e.change, 4) + change_text(*e.second, 4);
      } else {
        block += "\n" + change_text(e.change, 2, note);
      }
      if (e.refutation && e.refutation->needed) {
        model::RuleSet rules = base;
        rules.set(e.change.rule, e.change.to);
        if (e.second) rules.set(e.second->rule, e.second->to);
        block += refutation_text(cache, rules, profile, *e.refutation, 4);
      }
    }
    if (!block.empty() || (always_fixes && g.key == "fixes")) out += "\n" + g.heading + ":" + (block.empty() ? " none\n" : block);
  }
  return out;
}

explorer::Json entries_json(const explorer::VerdictCache& cache, const model::RuleSet& base, const std::string& profile,
                            const std::vector<explorer::BlameEntry>& entries) {
  explorer::Json out = explorer::Json::array();
  for (const explorer::BlameEntry& e : entries) {
    explorer::Json c = change_json(e.change);
    if (e.second) c["and"] = change_json(*e.second);
    c["effect"] = effect_key(e.effect);
    c["group"] = group_of(e);
    c["outcome"] = outcome_json(e.outcome);
    model::RuleSet rules = base;
    rules.set(e.change.rule, e.change.to);
    if (e.second) rules.set(e.second->rule, e.second->to);
    c["refutation"] = refutation_json(cache, rules, profile, e.refutation, e.outcome);
    out.push_back(c);
  }
  return out;
}
}  // namespace

Action add_blame(CLI::App& app) {
  auto a = std::make_shared<BlameArgs>();
  CLI::App* cmd = app.add_subcommand(
      "blame", "For a failing scenario, try every single-rule change (then pairs, if none fixes it): which fix it, "
               "which change the failure; every candidate fix is first refuted past its bound");
  cmd->add_option("scenario", a->file, "Scenario JSON file")->required();
  a->rules.add_to(*cmd);
  cmd->add_option("--jobs,-j", a->jobs, "Explore up to N rule changes in parallel threads")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--verdict", a->verdict,
                  "Blame only this kind of failure: a change that leaves none of it is a candidate fix, even if "
                  "another kind remains (default: any failure)")
      ->check(CLI::IsMember(failure_kind_names()));
  add_refute_options(*cmd, a->refute);
  cmd->add_flag("!--no-pairs", a->pairs, "Do not try pairs of rule changes when no single change fixes the failure");
  cmd->add_flag("--json", a->json, "Print a JSON report instead of text");
  return [a] {
    model::Scenario s = model::load_scenario_file(a->file);
    explorer::Setup setup = a->rules.apply(s);
    setup.failure_kind = parse_failure_kind(a->verdict);
    explorer::VerdictCache cache(setup, a->jobs);
    explorer::BlameOptions options;
    options.refute = a->refute.budget();
    options.pairs = a->pairs;
    const explorer::Blame bl = explorer::blame(cache, setup.rules, options);
    const std::string base_name = setup.variant.empty() ? setup.profile + " (as the scenario says)"
                                                        : "variant " + setup.variant;
    if (a->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "blame";
      j["setup"] = explorer::setup_json(explorer::resolve_plan(setup));
      j["fails_when"] = a->verdict ? explorer::Json(*a->verdict) : explorer::Json("any");
      j["outcome"] = outcome_json(bl.base);
      j["failure"] = failure_json(cache, setup.rules, setup.profile, bl.base);
      j["consulted"] = bl.consulted;
      j["not_consulted"] = bl.not_consulted;
      j["refute_budget"] = options.refute ? explorer::Json(budget_text(*options.refute)) : explorer::Json(nullptr);
      j["changes"] = bl.base.fails ? entries_json(cache, setup.rules, setup.profile, bl.changes) : explorer::Json::array();
      j["pairs_tried"] = bl.pairs.size();
      j["pairs"] = entries_json(cache, setup.rules, setup.profile, bl.pairs);
      j["explorations"] = explorations_json(cache, setup.rules, "base");
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim blame: {} ({})\nbase: {}: {}\n", s.name, s.file, base_name,
                 explorer::describe_rules(setup.rules));
      if (a->verdict) fmt::print("fails: when a {} is found\n", *a->verdict);
      fmt::print("verdict: {}\n", outcome_text(bl.base));
      if (!bl.base.fails) {
        fmt::print("nothing to blame: {}\n\n{}", explorer::no_failure_text(bl.base.bound),
                   explorations_text(cache, setup.rules, "base"));
        return int(kOk);
      }
      fmt::print("rules the model consults: {}\nrules it never consults (cannot matter): {}\n",
                 join(bl.consulted), join(bl.not_consulted));
      fmt::print("a change with no failure is refuted before it is called a fix: {}\n",
                 options.refute ? budget_text(*options.refute) : std::string("no (--no-refute)"));
      fmt::print("{}", entries_text(cache, setup.rules, setup.profile, bl.changes, a->verdict, true));
      if (bl.pairs_tried) {
        fmt::print("\nno single change fixes it: {} pair{} of changes to two rules tried\n", bl.pairs.size(),
                   bl.pairs.size() == 1 ? "" : "s");
        fmt::print("{}", entries_text(cache, setup.rules, setup.profile, bl.pairs, a->verdict, true));
      }
      fmt::print("\nthe failure: {}\n{}", failure_text(cache, setup.rules, setup.profile, bl.base),
                 explorations_text(cache, setup.rules, "base"));
    }
    return bl.base.fails ? int(kFailure) : int(kOk);
  };
}

}  // namespace dcsim::cli
