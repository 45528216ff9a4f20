#include "explorer/verdicts.hpp"

#include <algorithm>
#include <exception>
#include <thread>

namespace dcsim::explorer {

std::string assignment_key(const model::RuleSet& rules) {
  std::string key(model::to_string(rules.era()));
  for (const model::Rule& r : model::all_rules()) {
    // values() and not get(): reading through get() would count as the model consulting it.
    auto it = rules.values().find(r.name);
    key += ";" + r.name + "=" + (it != rules.values().end() ? it->second : r.values.front().name);
  }
  return key;
}

Outcome outcome_of(const Setup& setup) { return outcome_of(resolve_plan(setup)); }

Outcome outcome_of(const SearchPlan& plan) {
  Exploration e = explore(plan);  // stops at the first failure
  Outcome o;
  o.complete = e.result.complete;
  o.stopped_by = e.result.stopped_by;
  o.executions = e.result.executions;
  o.failure = e.result.first_failure;
  o.fails = o.failure.has_value();
  if (o.failure) o.kind = o.failure->failure.kind;
  o.bound = bound_of(e.result);
  return o;
}

VerdictCache::VerdictCache(Setup base, unsigned jobs) : base_(std::move(base)), jobs_(jobs ? jobs : 1) {}

Setup VerdictCache::setup_with(const model::RuleSet& rules) const {
  Setup s = base_;
  s.rules = rules;
  return s;
}

VerdictCache VerdictCache::counting(sim::Verdict kind) const {
  Setup s = base_;
  s.failure_kind = kind;
  return VerdictCache(s, jobs_);
}

const Outcome& VerdictCache::evaluate(const model::RuleSet& rules) {
  const std::string key = assignment_key(rules);
  auto it = known_.find(key);
  if (it == known_.end()) it = known_.emplace(key, outcome_of(setup_with(rules))).first;
  if (!logged_.count(key)) {
    logged_[key] = log_.size();
    log_.push_back({rules, it->second});
  }
  return it->second;
}

void VerdictCache::prefetch(const std::vector<model::RuleSet>& rules, bool until_failure) {
  if (jobs_ < 2) return;  // evaluate() will run them one by one, only as far as asked
  std::vector<std::string> keys;
  std::vector<Setup> todo;
  for (const model::RuleSet& r : rules) {
    std::string key = assignment_key(r);
    if (known_.count(key) || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(std::move(key));
    todo.push_back(setup_with(r));
  }
  for (std::size_t start = 0; start < todo.size(); start += jobs_) {
    const std::size_t end = std::min(todo.size(), start + jobs_);
    std::vector<Outcome> out(end - start);
    std::vector<std::exception_ptr> errors(end - start);
    std::vector<std::thread> threads;
    for (std::size_t i = start; i < end; ++i)
      threads.emplace_back([&, i] {
        try {
          out[i - start] = outcome_of(todo[i]);
        } catch (...) {
          errors[i - start] = std::current_exception();
        }
      });
    for (std::thread& t : threads) t.join();
    bool failed = false;
    for (std::size_t i = start; i < end; ++i) {
      if (errors[i - start]) std::rethrow_exception(errors[i - start]);
      failed = failed || out[i - start].fails;
      known_.emplace(keys[i], std::move(out[i - start]));
    }
    if (failed && until_failure) return;
  }
}

}  // namespace dcsim::explorer
