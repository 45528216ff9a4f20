// dcsim rules: every rule with its documentation and the kernel version of
// each value, and the profiles.
#include <fmt/format.h>

#include <memory>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/report.hpp"
#include "model/rules.hpp"

namespace dcsim::cli {

namespace {
struct RulesArgs {
  std::optional<std::string> profile;
  bool json = false;
};

}  // namespace

Action add_rules(CLI::App& app) {
  auto args = std::make_shared<RulesArgs>();
  CLI::App* cmd = app.add_subcommand("rules", "List the model's locking rules and the kernel profiles");
  cmd->add_option("--profile", args->profile, "Show the values this profile gives each rule");
  cmd->add_flag("--json", args->json, "Print JSON");
  return [args] {
    const model::Profile* prof = nullptr;
    if (args->profile) {
      prof = model::find_profile(*args->profile);
      if (!prof) throw UsageError(model::resolve_rules(*args->profile, {}).error);
    }
    if (args->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "rules";
      explorer::Json rules = explorer::Json::array();
      for (const model::Rule& r : model::all_rules()) {
        explorer::Json values = explorer::Json::array();
        for (const model::RuleValue& v : r.values)
          values.push_back({{"name", v.name}, {"doc", v.doc}, {"since", v.since}});
        explorer::Json jr = {{"name", r.name}, {"doc", r.doc}, {"values", values}};
        if (prof) jr["value"] = model::RuleSet(prof->era, prof->values).get(r.name);
        rules.push_back(jr);
      }
      j["rules"] = rules;
      explorer::Json profiles = explorer::Json::array();
      for (const model::Profile& p : model::all_profiles())
        if (!prof || prof == &p)
          profiles.push_back({{"name", p.name}, {"era", std::string(model::to_string(p.era))},
                              {"doc", p.doc}, {"values", p.values}});
      j["profiles"] = profiles;
      fmt::print("{}\n", j.dump(2));
      return int(kOk);
    }
    if (prof) fmt::print("profile {} ({})\n{}\n", prof->name, model::to_string(prof->era), wrap(prof->doc, 2));
    fmt::print("rules:\n");
    for (const model::Rule& r : model::all_rules()) {
      fmt::print("\n{}\n{}", r.name, wrap(r.doc, 2));
      const std::string current = prof ? model::RuleSet(prof->era, prof->values).get(r.name) : "";
      for (const model::RuleValue& v : r.values) {
        std::string in;
        for (const model::Profile& p : model::all_profiles()) {
          auto it = p.values.find(r.name);
          if (it != p.values.end() && it->second == v.name) in += (in.empty() ? "" : ", ") + p.name;
        }
        fmt::print("  {} {}\n{}{}", v.name == current ? "*" : "-", v.name, wrap(v.doc, 6),
                   wrap("since: " + v.since + (in.empty() ? "" : "; profiles: " + in), 6));
      }
    }
    if (!prof) {
      fmt::print("\nprofiles (oldest first):\n");
      for (const model::Profile& p : model::all_profiles()) {
        std::string values;
        for (const auto& [k, v] : p.values) values += fmt::format(" {}={}", k, v);
        fmt::print("  {:<20} {}\n{}{}", p.name, model::to_string(p.era), wrap(p.doc, 4), wrap(values, 4));
      }
    }
    return int(kOk);
  };
}

}  // namespace dcsim::cli
