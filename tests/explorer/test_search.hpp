// A search as the tests build it for programs that are not scenarios: the
// plan field by field (resolve_plan is for a scenario's setup) with the
// run's hooks beside it.
#pragma once
#include <memory>

#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/run_hooks.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/strategy/strategy.hpp"

namespace dcsim::testing {

struct Search : explorer::SearchPlan {
  explorer::RunHooks hooks;
};

// The plan with strategy `s`.
inline explorer::SearchPlan plan_of(explorer::SearchPlan p, explorer::Strategy s) {
  p.strategy = s;
  return p;
}

// Strategy `s` searching `p` under `o` (explorer::explore_with, split_search).
inline explorer::ExploreResult explore_with(explorer::Strategy s, const sim::Program& p, const Search& o) {
  return explorer::explore_with(p, plan_of(o, s), o.hooks);
}
inline std::unique_ptr<explorer::Split> split_search(explorer::Strategy s, const sim::Program& p,
                                                     const Search& o) {
  return explorer::split_search(p, plan_of(o, s), o.hooks);
}

}  // namespace dcsim::testing
