#include "explorer/strategy/strategy.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "explorer/bounded_por/bounded_por.hpp"
#include "explorer/dfs/dfs.hpp"
#include "explorer/dpor/dpor.hpp"
#include "explorer/pct/pct.hpp"
#include "explorer/random/random_walk.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/units/run_units.hpp"

namespace dcsim::explorer {

std::string_view to_string(Strategy s) {
  switch (s) {
    case Strategy::Dfs: return "dfs";
    case Strategy::Bounded: return "bounded";
    case Strategy::SourceDpor: return "source-dpor";
    case Strategy::Dpor: return "dpor";
    case Strategy::Pct: return "pct";
    case Strategy::Random: return "random";
  }
  return "?";
}

std::optional<Strategy> strategy_from_string(std::string_view s) {
  for (Strategy k : kAllStrategies)
    if (to_string(k) == s) return k;
  return std::nullopt;
}

// The registry: the one place that maps a strategy's name to its code.
const SearchStrategy& search_strategy(Strategy s, std::optional<unsigned> preemptions) {
  switch (s) {
    case Strategy::Dfs: return dfs_strategy();
    case Strategy::Bounded: return bounded_dfs_strategy();
    case Strategy::SourceDpor: return preemptions ? bounded_por_strategy() : source_dpor_strategy();
    case Strategy::Dpor: return preemptions ? bounded_por_strategy() : dpor_strategy();
    case Strategy::Pct: return pct_strategy();
    case Strategy::Random: return random_strategy();
  }
  return dpor_strategy();
}

namespace {
// Split 1 asks for the search whole, and a small tree is not worth
// cutting: one unit. When the probe has already run the search whole, its
// result is the unit's.
class WholeSearch : public Split {
 public:
  WholeSearch(const SearchStrategy& s, const sim::Program& program, std::optional<ExploreResult> known = std::nullopt)
      : s_(s), program_(program), known_(std::move(known)) {}
  std::size_t size() const override { return 1; }
  ExploreResult run(std::size_t, const SearchPlan& plan, const RunHooks& hooks,
                    sim::StackPool& stacks) const override {
    if (known_) return *known_;
    RunHooks own = hooks;
    own.stacks = &stacks;
    return s_.explore(program_, plan, own);
  }

 private:
  const SearchStrategy& s_;
  const sim::Program& program_;
  std::optional<ExploreResult> known_;
};

// The search run whole up to SearchPlan::split_probe executions: its
// result if it ended there (as the search run whole would have).
std::optional<ExploreResult> probe(const SearchStrategy& s, const sim::Program& program,
                                   const SearchPlan& plan, const RunHooks& hooks) {
  if (!plan.split_probe) return std::nullopt;
  RunHooks quiet = hooks;
  quiet.progress = {};
  quiet.estimate = nullptr;
  const bool budget = plan.max_executions && *plan.max_executions <= plan.split_probe;
  SearchPlan probed = plan;
  probed.max_executions = budget ? *plan.max_executions : plan.split_probe;
  ExploreResult r = s.explore(program, probed, quiet);
  if (r.complete || budget || r.stopped_by != "max-executions") return r;  // it ended here
  return std::nullopt;
}
}  // namespace

std::unique_ptr<Split> split_search(const sim::Program& program, const SearchPlan& plan,
                                    const RunHooks& hooks) {
  const SearchStrategy& s = search_strategy(plan.strategy, plan.preemptions);
  // A time budget is the search's as a whole, whatever the threads: one unit.
  if (plan.split <= 1 || plan.max_seconds > 0) return std::make_unique<WholeSearch>(s, program);
  // Sampling has no tree to probe: its runs are cut into ranges.
  if (s.samples()) return s.split(program, plan, hooks);
  if (std::optional<ExploreResult> r = probe(s, program, plan, hooks))
    return std::make_unique<WholeSearch>(s, program, std::move(r));
  return s.split(program, plan, hooks);
}

ExploreResult explore_with(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks) {
  const std::unique_ptr<Split> split = split_search(program, plan, hooks);
  UnitPlan units;
  units.jobs = plan.jobs;
  ExploreResult r = merge_units(*split, plan, hooks, run_units(*split, plan, hooks, units).results);
  r.strategy = search_strategy(plan.strategy, r.preemption_bound).result_name();
  return r;
}

}  // namespace dcsim::explorer
