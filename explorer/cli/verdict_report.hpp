// What bisect and blame print alike: rule assignments named after a profile
// or a reference plus changes, each exploration's verdict, a rule change
// with its documentation, and the failing schedule with its report.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "explorer/bisect.hpp"
#include "explorer/report.hpp"

namespace dcsim::cli {

// How hard blame and bisect try to refute a candidate fix (--refute-*).
struct RefuteArgs {
  bool refute = true;
  explorer::RefuteBudget b;
  std::uint64_t runs = explorer::RefuteBudget{}.pct_runs;  // each sampler's
  std::optional<explorer::RefuteBudget> budget() const {
    if (!refute) return std::nullopt;
    explorer::RefuteBudget out = b;
    out.pct_runs = out.random_runs = runs;
    return out;
  }
};
void add_refute_options(CLI::App& cmd, RefuteArgs& args);

// A named rule assignment: "linux-2.5.74", or "devfs.reacquire_i_sem=before_wake"
// (on the rules of `on`, else the scenario's), or both comma-separated:
// "linux-2.6.0-test1,devfs.lookup_info=stack". "" is the scenario's rules.
struct Assignment {
  std::string spec;     // as given ("" = the scenario's rules)
  std::string profile;  // the profile it starts from
  model::RuleSet rules;
};
// Throws UsageError naming the unknown profile, rule or value.
Assignment parse_assignment(const model::Scenario& s, const std::string& spec, const Assignment* on = nullptr);
bool names_profile(const std::string& spec);

// "fails" for bisect: any failure, or only one kind (--verdict).
std::optional<sim::Verdict> parse_failure_kind(const std::optional<std::string>& kind);
std::vector<std::string> failure_kind_names();

// `rules` as the profile it equals, else "REF + rule=value ...".
std::string name_assignment(const model::RuleSet& rules, const model::RuleSet& ref,
                            const std::string& ref_name);

std::string outcome_text(const explorer::Outcome& o);
explorer::Json outcome_json(const explorer::Outcome& o);

// Each refutation step's verdict and, when refuted, the replayable schedule.
std::string refutation_text(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                            const std::string& profile, const explorer::Refutation& r, std::size_t indent);
explorer::Json refutation_json(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                               const std::string& profile, const std::optional<explorer::Refutation>& r,
                               const explorer::Outcome& found);

// The rule's documentation and both values' kernel versions; `note` ends the first line.
std::string change_text(const explorer::RuleChange& c, std::size_t indent, const std::string& note = "");
explorer::Json change_json(const explorer::RuleChange& c);

// Every exploration asked for, in order, with its verdict and completeness.
std::string explorations_text(const explorer::VerdictCache& cache, const model::RuleSet& ref,
                              const std::string& ref_name);
explorer::Json explorations_json(const explorer::VerdictCache& cache, const model::RuleSet& ref,
                                 const std::string& ref_name);

// The failure an outcome found, replayed: schedule, replay command, report.
std::string failure_text(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                         const std::string& profile, const explorer::Outcome& o);
explorer::Json failure_json(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                            const std::string& profile, const explorer::Outcome& o);

}  // namespace dcsim::cli
