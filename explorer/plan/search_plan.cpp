#include "explorer/plan/search_plan.hpp"

#include "explorer/session.hpp"
#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

std::string plan_name(Strategy s, std::optional<unsigned> preemptions) {
  return std::string(search_strategy(s, preemptions).result_name());
}

SearchPlan resolve_plan(const Setup& setup, const SearchRequest& r) {
  SearchPlan p;
  p.scenario = setup.scenario;
  p.profile = setup.profile;
  p.rules = setup.rules;
  p.variant = setup.variant;

  p.strategy = r.strategy.value_or(setup.strategy.value_or(Strategy::Dpor));
  p.samples = p.strategy == Strategy::Pct || p.strategy == Strategy::Random;
  p.max_executions = r.max_executions ? r.max_executions : setup.max_executions;
  // The samplers have no notion of a preemption bound.
  if (!p.samples && !r.unbounded) p.preemptions = r.preemptions ? r.preemptions : setup.preemptions;
  if (p.strategy == Strategy::Bounded && !p.preemptions) p.preemptions = kDefaultPreemptionBound;
  if (p.samples) p.sampled_runs = p.max_executions.value_or(kDefaultSamples);
  p.seed = r.seed.value_or(setup.seed.value_or(kDefaultSeed));
  p.pct_depth = r.pct_depth.value_or(kDefaultPctDepth);
  p.name = plan_name(p.strategy, p.preemptions);

  p.max_steps = setup.max_steps.value_or(kDefaultMaxSteps);
  p.max_total_steps = r.max_total_steps.value_or(0);
  p.max_seconds = r.max_seconds.value_or(0);

  p.failure_kind = setup.failure_kind;
  p.failure_function = setup.failure_function;
  if (r.bug_in) p.failure_function = *r.bug_in == "any" ? std::nullopt : r.bug_in;

  p.split = r.split.value_or(kDefaultSplit);
  p.jobs = r.jobs.value_or(1);
  p.lockdep = r.lockdep;
  return p;
}

}  // namespace dcsim::explorer
