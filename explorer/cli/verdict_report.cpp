#include "explorer/cli/verdict_report.hpp"

#include <fmt/format.h>

#include "explorer/cli/common.hpp"
#include "explorer/plural.hpp"

namespace dcsim::cli {

namespace {
std::string replay_command(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                           const std::string& profile, const explorer::Outcome& o);

struct SpecItems {
  std::optional<std::string> profile;
  std::vector<std::string> rules;
};

SpecItems split_spec(const std::string& spec) {
  SpecItems items;
  std::size_t start = 0;
  while (!spec.empty() && start <= spec.size()) {
    std::size_t comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string item = spec.substr(start, comma - start);
    if (item.find('=') != std::string::npos)
      items.rules.push_back(item);
    else if (items.profile || item.empty())
      throw UsageError(fmt::format("\"{}\": expected a profile and/or NAME=VALUE rules, comma-separated, "
                                   "e.g. linux-2.6.0-test1,devfs.lookup_info=stack",
                                   spec));
    else
      items.profile = item;
    start = comma + 1;
  }
  return items;
}
}  // namespace

void add_refute_options(CLI::App& cmd, RefuteArgs& a) {
  cmd.add_flag("!--no-refute", a.refute,
               "Take each search's word: do not try to refute a candidate fix past its bound");
  cmd.add_option("--refute-bounds", a.b.raise_by,
                 "Refuting a candidate: raise the preemption bound by up to this many (default 2)")
      ->check(CLI::Range(0u, 16u));
  cmd.add_option("--refute-executions", a.b.max_executions,
                 "Refuting a candidate: at most this many executions per raised bound (default 5000)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--refute-runs", a.runs,
                 "Refuting a candidate: this many PCT runs and as many random walks (default 300)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--refute-seed", a.b.seed, "Refuting a candidate: the samplers' seed (default 1)");
}

bool names_profile(const std::string& spec) { return split_spec(spec).profile.has_value(); }

Assignment parse_assignment(const model::Scenario& s, const std::string& spec, const Assignment* on) {
  SpecItems items = split_spec(spec);
  RuleOptions o;
  o.profile = items.profile;
  o.rules = items.rules;
  if (on && !items.profile && !items.rules.empty()) {
    // Rules alone go on top of the other side's rules.
    o.profile = on->profile;
    std::vector<std::string> rules;
    for (const auto& [k, v] : on->rules.values()) rules.push_back(k + "=" + v);
    o.rules.insert(o.rules.begin(), rules.begin(), rules.end());
  }
  explorer::Setup st = o.apply(s);
  return {spec, st.profile, st.rules};
}

std::vector<std::string> failure_kind_names() {
  std::vector<std::string> out;
  for (sim::Verdict v : sim::kAllVerdicts)
    if (v != sim::Verdict::Ok && v != sim::Verdict::Internal) out.emplace_back(sim::to_string(v));
  return out;
}

std::optional<sim::Verdict> parse_failure_kind(const std::optional<std::string>& kind) {
  if (!kind) return std::nullopt;
  return sim::verdict_from_string(*kind);  // CLI11 has checked the name
}

std::string name_assignment(const model::RuleSet& rules, const model::RuleSet& ref,
                            const std::string& ref_name) {
  const std::string key = explorer::assignment_key(rules);
  if (key == explorer::assignment_key(ref)) return ref_name;
  for (const model::Profile& p : model::all_profiles())
    if (key == explorer::assignment_key(explorer::profile_rules(p))) return p.name;
  std::string out = ref_name;
  for (const explorer::RuleChange& c : explorer::rule_diff(ref, rules))
    out += fmt::format(" + {}={}", c.rule, c.to);
  return out;
}

std::string outcome_text(const explorer::Outcome& o) {
  const std::string n = fmt::format("{} execution{}", o.executions, o.executions == 1 ? "" : "s");
  if (o.fails) return fmt::format("{} (found after {})", sim::to_string(o.kind), n);
  if (o.bound.sampled || !o.bound.complete) return explorer::no_failure_text(o.bound);
  return fmt::format("{} ({}: {})", explorer::no_failure_text(o.bound), explorer::bound_text(o.bound), n);
}

explorer::Json outcome_json(const explorer::Outcome& o) {
  explorer::Json j;
  j["verdict"] = sim::to_string(o.kind);
  j["fails"] = o.fails;
  j["complete"] = o.complete;
  j["stopped_by"] = o.stopped_by.empty() ? explorer::Json(nullptr) : explorer::Json(o.stopped_by);
  j["executions"] = o.executions;
  j["bound"] = explorer::bound_json(o.bound);
  j["claim"] = o.fails ? std::string(sim::to_string(o.kind)) : explorer::no_failure_text(o.bound);
  return j;
}

std::string refutation_text(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                            const std::string& profile, const explorer::Refutation& r, std::size_t indent) {
  const std::string pad(indent, ' ');
  std::string out;
  for (const explorer::RefuteStep& s : r.steps)
    out += fmt::format("{}refute, {}: {}\n", pad, s.what, outcome_text(s.outcome));
  if (const explorer::RefuteStep* by = r.by())
    out += fmt::format("{}schedule: {}\n{}replay with: {}\n", pad, explorer::format_schedule(by->outcome.failure->schedule),
                       pad, replay_command(cache, rules, profile, by->outcome));
  return out;
}

explorer::Json refutation_json(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                               const std::string& profile, const std::optional<explorer::Refutation>& r,
                               const explorer::Outcome& found) {
  if (!r) return nullptr;
  explorer::Json j;
  j["needed"] = r->needed;
  j["refuted"] = r->refuted;
  j["holds_within"] = r->holds_within ? explorer::Json(*r->holds_within) : explorer::Json(nullptr);
  j["sampled_runs"] = r->sampled_runs;
  j["summary"] = explorer::refutation_summary(*r, found);
  explorer::Json steps = explorer::Json::array();
  for (const explorer::RefuteStep& s : r->steps) {
    explorer::Json st = {{"what", s.what}, {"seed", s.plan.seed}};
    st["outcome"] = outcome_json(s.outcome);
    if (s.outcome.failure) {
      st["schedule"] = explorer::format_schedule(s.outcome.failure->schedule);
      st["replay"] = replay_command(cache, rules, profile, s.outcome);
    }
    steps.push_back(st);
  }
  j["steps"] = steps;
  return j;
}

std::string change_text(const explorer::RuleChange& c, std::size_t indent, const std::string& note) {
  const model::Rule* r = model::find_rule(c.rule);
  std::string out = fmt::format("{}{}: {} -> {}{}\n", std::string(indent, ' '), c.rule, c.from, c.to, note);
  out += wrap(r->doc, indent + 2);
  for (const auto& [label, value] : {std::pair{"from", &c.from}, std::pair{"to", &c.to}}) {
    const model::RuleValue* v = r->find(*value);
    out += wrap(fmt::format("{} {}: {} (since: {})", label, v->name, v->doc, v->since), indent + 2);
  }
  return out;
}

explorer::Json change_json(const explorer::RuleChange& c) {
  const model::Rule* r = model::find_rule(c.rule);
  auto value = [&](const std::string& name) {
    const model::RuleValue* v = r->find(name);
    return explorer::Json{{"value", v->name}, {"doc", v->doc}, {"since", v->since}};
  };
  return {{"rule", c.rule}, {"doc", r->doc}, {"from", value(c.from)}, {"to", value(c.to)}};
}

std::string explorations_text(const explorer::VerdictCache& cache, const model::RuleSet& ref,
                              const std::string& ref_name) {
  std::size_t complete = 0;
  for (const explorer::Evaluation& e : cache.log()) complete += e.outcome.complete ? 1 : 0;
  std::string out = fmt::format("explorations: {} ({} complete, {} stopped early)\n", cache.log().size(),
                                complete, cache.log().size() - complete);
  std::size_t i = 0;
  for (const explorer::Evaluation& e : cache.log())
    out += fmt::format("  {:>2}. {}: {}\n", ++i, name_assignment(e.rules, ref, ref_name), outcome_text(e.outcome));
  return out;
}

explorer::Json explorations_json(const explorer::VerdictCache& cache, const model::RuleSet& ref,
                                 const std::string& ref_name) {
  explorer::Json list = explorer::Json::array();
  for (const explorer::Evaluation& e : cache.log()) {
    explorer::Json j = {{"rules", name_assignment(e.rules, ref, ref_name)}};
    j.update(outcome_json(e.outcome));
    list.push_back(j);
  }
  return list;
}

namespace {
std::string replay_command(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                           const std::string& profile, const explorer::Outcome& o) {
  const model::Profile* p = model::find_profile(profile);
  std::string out = fmt::format("dcsim replay {} --profile {}", shell_quote(cache.setup_with(rules).scenario->file),
                                shell_quote(profile));
  for (const explorer::RuleChange& c : explorer::rule_diff(explorer::profile_rules(*p), rules))
    out += " --rule " + shell_quote(c.rule + "=" + c.to);
  return out + " --schedule " + explorer::format_schedule(o.failure->schedule);
}
}  // namespace

std::string failure_text(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                         const std::string& profile, const explorer::Outcome& o) {
  if (!o.failure) return "";
  explorer::Replay r = explorer::replay(cache.setup_with(rules), o.failure->schedule);
  const sim::Execution& ex = *r.execution;
  return fmt::format("{} after {}, {}\nthreads: {}\nschedule: {}\nreplay with: {}\n\n{}",
                     sim::to_string(ex.failure().kind), explorer::counted(ex.step(), "step"),
                     explorer::counted(o.failure->preemptions, "preemption"), explorer::thread_legend(ex),
                     explorer::format_schedule(o.failure->schedule), replay_command(cache, rules, profile, o),
                     explorer::failure_text(ex));
}

explorer::Json failure_json(const explorer::VerdictCache& cache, const model::RuleSet& rules,
                            const std::string& profile, const explorer::Outcome& o) {
  if (!o.failure) return nullptr;
  explorer::Replay r = explorer::replay(cache.setup_with(rules), o.failure->schedule);
  explorer::Json f = explorer::failure_json(*r.execution);
  f["schedule"] = explorer::format_schedule(o.failure->schedule);
  f["preemptions"] = o.failure->preemptions;
  f["replay"] = replay_command(cache, rules, profile, o);
  f["threads"] = explorer::threads_json(*r.execution);
  return f;
}

}  // namespace dcsim::cli
