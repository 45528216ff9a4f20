#include "explorer/strategy.hpp"

#include "explorer/dpor.hpp"
#include "explorer/pct.hpp"
#include "explorer/random_walk.hpp"

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

ExploreResult explore_with(Strategy s, const sim::Program& program, const ExploreOptions& options) {
  ExploreResult r;
  switch (s) {
    case Strategy::Dfs:
    case Strategy::Bounded: r = explore_dfs(program, options); break;
    case Strategy::SourceDpor: r = explore_dpor(program, options, DporMode::Source); break;
    case Strategy::Dpor: r = explore_dpor(program, options, DporMode::Optimal); break;
    case Strategy::Pct: r = explore_pct(program, options); break;
    case Strategy::Random: r = explore_random(program, options); break;
  }
  r.strategy = std::string(to_string(s));
  return r;
}

bool Tally::exhausted() {
  if (!o_.max_executions || r_.executions < o_.max_executions) return false;
  r_.stopped_by = "max-executions";
  return true;
}

bool Tally::add(const sim::Execution& ex, unsigned preemptions) {
  const sim::Failure& f = ex.failure();
  ++r_.executions;
  r_.steps += ex.step();
  ++r_.verdicts[f.kind];
  // Only a failure of the kind asked for (bisect --verdict) stops the search.
  const bool failed = f.kind != sim::Verdict::Ok && (!o_.failure_kind || f.kind == *o_.failure_kind) &&
                      (!o_.failure_function || f.function == *o_.failure_function);
  if (failed && !r_.first_failure) r_.first_failure = FoundFailure{f, ex.schedule(), preemptions};
  if (o_.progress) o_.progress(r_.executions, r_.verdicts.failures());
  if (!failed || !o_.stop_on_failure) return false;
  r_.stopped_by = "failure";
  return true;
}

}  // namespace dcsim::explorer
