#include "explorer/strategy.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "explorer/dpor.hpp"
#include "explorer/pct.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/random_walk.hpp"
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

namespace {
ExploreResult explore_whole(Strategy s, const sim::Program& program, const ExploreOptions& options) {
  switch (s) {
    case Strategy::Dfs:
    case Strategy::Bounded: return explore_dfs(program, options);
    case Strategy::SourceDpor: return explore_dpor(program, options, DporMode::Source);
    case Strategy::Dpor: return explore_dpor(program, options, DporMode::Optimal);
    case Strategy::Pct: return explore_pct(program, options);
    case Strategy::Random: return explore_random(program, options);
  }
  return {};
}

// Split 1 asks for the search whole, and a small tree is not worth
// cutting: one unit. When the probe has already run the search whole, its
// result is the unit's.
class WholeSearch : public Split {
 public:
  WholeSearch(Strategy s, const sim::Program& program, std::optional<ExploreResult> known = std::nullopt)
      : s_(s), program_(program), known_(std::move(known)) {}
  std::size_t size() const override { return 1; }
  ExploreResult run(std::size_t, const ExploreOptions& o, sim::StackPool& stacks) const override {
    if (known_) return *known_;
    ExploreOptions own = o;
    own.stacks = &stacks;
    return explore_whole(s_, program_, own);
  }

 private:
  Strategy s_;
  const sim::Program& program_;
  std::optional<ExploreResult> known_;
};

// The search run whole up to ExploreOptions::split_probe executions: its
// result if it ended there (as the search run whole would have).
std::optional<ExploreResult> probe(Strategy s, const sim::Program& program, const ExploreOptions& options) {
  if (!options.split_probe) return std::nullopt;
  ExploreOptions o = options;
  o.progress = {};
  o.estimate = nullptr;
  const bool budget = options.max_executions && options.max_executions <= options.split_probe;
  o.max_executions = budget ? options.max_executions : options.split_probe;
  ExploreResult r = explore_whole(s, program, o);
  if (r.complete || budget || r.stopped_by != "max-executions") return r;  // it ended here
  return std::nullopt;
}
}  // namespace

std::unique_ptr<Split> split_search(Strategy s, const sim::Program& program, const ExploreOptions& options) {
  // A time budget is the search's as a whole, whatever the threads: one unit.
  if (options.split <= 1 || options.max_seconds > 0) return std::make_unique<WholeSearch>(s, program);
  // Sampling has no tree to probe: its runs are cut into ranges.
  if (s == Strategy::Pct)
    return split_samples(options, [&program](const ExploreOptions& o, SampleRange r) { return explore_pct(program, o, r); });
  if (s == Strategy::Random)
    return split_samples(options, [&program](const ExploreOptions& o, SampleRange r) { return explore_random(program, o, r); });
  if (std::optional<ExploreResult> r = probe(s, program, options))
    return std::make_unique<WholeSearch>(s, program, std::move(r));
  switch (s) {
    case Strategy::Dfs:
    case Strategy::Bounded: return split_dfs(program, options);
    case Strategy::SourceDpor: return split_dpor(program, options, DporMode::Source);
    case Strategy::Dpor: return split_dpor(program, options, DporMode::Optimal);
    case Strategy::Pct:
    case Strategy::Random: break;
  }
  return std::make_unique<WholeSearch>(s, program);
}

ExploreResult explore_with(Strategy s, const sim::Program& program, const ExploreOptions& options) {
  const std::unique_ptr<Split> split = split_search(s, program, options);
  UnitPlan plan;
  plan.jobs = options.jobs;
  ExploreResult r = merge_units(*split, options, run_units(*split, options, plan).results);
  r.strategy = plan_name(s, r.preemption_bound);
  return r;
}

}  // namespace dcsim::explorer
