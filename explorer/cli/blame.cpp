// dcsim blame: for a failing scenario, every single-rule change (every other
// value of every rule the model consults), explored: which make every
// interleaving pass (candidate fixes) and which only change the failure.
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/cli/verdict_report.hpp"

namespace dcsim::cli {

namespace {
struct BlameArgs {
  std::string file;
  RuleOptions rules;
  unsigned jobs = 1;
  bool json = false;
  std::optional<std::string> verdict;
};

constexpr explorer::Effect kEffects[] = {explorer::Effect::Fixes, explorer::Effect::ChangesFailure,
                                         explorer::Effect::SameFailure, explorer::Effect::Inconclusive};

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
  }
  return "?";
}
}  // namespace

Action add_blame(CLI::App& app) {
  auto a = std::make_shared<BlameArgs>();
  CLI::App* cmd = app.add_subcommand(
      "blame", "For a failing scenario, try every single-rule change: which fix it, which change the failure");
  cmd->add_option("scenario", a->file, "Scenario JSON file")->required();
  a->rules.add_to(*cmd);
  cmd->add_option("--jobs,-j", a->jobs, "Explore up to N rule changes in parallel threads")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--verdict", a->verdict,
                  "Blame only this kind of failure: a change that leaves none of it is a candidate fix, even if "
                  "another kind remains (default: any failure)")
      ->check(CLI::IsMember(failure_kind_names()));
  cmd->add_flag("--json", a->json, "Print a JSON report instead of text");
  return [a] {
    model::Scenario s = model::load_scenario_file(a->file);
    explorer::Setup setup = a->rules.apply(s);
    setup.failure_kind = parse_failure_kind(a->verdict);
    explorer::VerdictCache cache(setup, a->jobs);
    const explorer::Blame bl = explorer::blame(cache, setup.rules);
    const std::string base_name = setup.variant.empty() ? setup.profile + " (as the scenario says)"
                                                        : "variant " + setup.variant;
    if (a->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "blame";
      j["setup"] = explorer::setup_json(setup);
      j["fails_when"] = a->verdict ? explorer::Json(*a->verdict) : explorer::Json("any");
      j["outcome"] = outcome_json(bl.base);
      j["failure"] = failure_json(cache, setup.rules, setup.profile, bl.base);
      j["consulted"] = bl.consulted;
      j["not_consulted"] = bl.not_consulted;
      explorer::Json changes = explorer::Json::array();
      for (const explorer::BlameEntry& e : bl.changes) {
        explorer::Json c = change_json(e.change);
        c["effect"] = effect_key(e.effect);
        c["outcome"] = outcome_json(e.outcome);
        changes.push_back(c);
      }
      j["changes"] = bl.base.fails ? changes : explorer::Json::array();
      j["explorations"] = explorations_json(cache, setup.rules, "base");
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim blame: {} ({})\nbase: {}: {}\n", s.name, s.file, base_name,
                 explorer::describe_rules(setup.rules));
      if (a->verdict) fmt::print("fails: when a {} is found\n", *a->verdict);
      fmt::print("verdict: {}\n", outcome_text(bl.base));
      if (!bl.base.fails) {
        fmt::print("nothing to blame: no failure within the bounds\n\n{}",
                   explorations_text(cache, setup.rules, "base"));
        return int(kOk);
      }
      fmt::print("rules the model consults: {}\nrules it never consults (cannot matter): {}\n",
                 join(bl.consulted), join(bl.not_consulted));
      for (explorer::Effect effect : kEffects) {
        std::string block;
        for (const explorer::BlameEntry& e : bl.changes)
          if (e.effect == effect)
            block += "\n" + change_text(e.change, 2, ": " + outcome_text(e.outcome));
        if (effect == explorer::Effect::Fixes || !block.empty())
          fmt::print("\n{}{}:{}",
                     effect == explorer::Effect::Fixes
                         ? (a->verdict ? "candidate fixes (no interleaving ends in a " + *a->verdict + ")"
                                       : std::string("candidate fixes (every interleaving passes)"))
                         : "",
                     effect == explorer::Effect::Fixes ? "" : to_string(effect),
                     block.empty() ? " none\n" : block);
      }
      fmt::print("\nthe failure: {}\n{}", failure_text(cache, setup.rules, setup.profile, bl.base),
                 explorations_text(cache, setup.rules, "base"));
    }
    return bl.base.fails ? int(kFailure) : int(kOk);
  };
}

}  // namespace dcsim::cli
