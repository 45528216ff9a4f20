#include "explorer/plan/search_plan.hpp"

#include "explorer/session.hpp"

namespace dcsim::explorer {

std::string plan_name(Strategy s, std::optional<unsigned> preemptions) {
  return std::string(search_strategy(s, preemptions).result_name());
}

SearchPlan resolve_plan(const Setup& setup) {
  SearchPlan p;
  p.strategy = setup.strategy.value_or(Strategy::Dpor);
  p.samples = p.strategy == Strategy::Pct || p.strategy == Strategy::Random;
  // The samplers have no notion of a preemption bound.
  if (!p.samples) p.preemptions = setup.preemptions;
  if (p.strategy == Strategy::Bounded && !p.preemptions) p.preemptions = kDefaultPreemptionBound;
  if (p.samples) {
    p.sampled_runs = setup.max_executions.value_or(kDefaultSamples);
    p.seed = setup.seed;
    if (p.strategy == Strategy::Pct) p.pct_depth = setup.pct_depth;
  }
  p.name = plan_name(p.strategy, p.preemptions);
  p.lockdep = setup.lockdep;
  return p;
}

}  // namespace dcsim::explorer
