#include "explorer/strategy.hpp"

#include <algorithm>
#include <chrono>

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
  // Bounded POR is built on source-DPOR (see dpor.cpp): say so.
  if (r.preemption_bound && (s == Strategy::SourceDpor || s == Strategy::Dpor))
    r.strategy = "bounded-source-dpor";
  return r;
}

namespace {
double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Tally::Tally(ExploreResult& r, const ExploreOptions& o) : r_(r), o_(o) {
  if (o_.max_seconds > 0) start_ = now_seconds();
}

bool Tally::exhausted() {
  if (o_.max_executions && r_.executions >= o_.max_executions)
    r_.stopped_by = "max-executions";
  else if (o_.max_total_steps && r_.steps >= o_.max_total_steps)
    r_.stopped_by = "max-total-steps";
  else if (o_.max_seconds > 0 && now_seconds() - start_ >= o_.max_seconds)
    r_.stopped_by = "max-time";
  else
    return false;
  return true;
}

bool wanted(const sim::Execution& ex, const ExploreOptions& o) {
  const sim::Failure& f = ex.failure();
  return f.kind != sim::Verdict::Ok && (!o.failure_kind || f.kind == *o.failure_kind) &&
         (!o.failure_function || f.function == *o.failure_function) && (!o.accept || o.accept(ex));
}

double estimate_fraction(const std::vector<PathNode>& path) {
  double fraction = 0, weight = 1;
  for (const PathNode& n : path) {
    const double w = static_cast<double>(std::max<std::size_t>(n.width, 1));
    fraction += weight * static_cast<double>(std::min(n.done, n.width)) / w;
    weight /= w;
  }
  return fraction + weight;
}

bool Tally::add(const sim::Execution& ex, unsigned preemptions) {
  const sim::Failure& f = ex.failure();
  ++r_.executions;
  r_.steps += ex.step();
  ++r_.verdicts[f.kind];
  auto& example = r_.example[static_cast<std::size_t>(f.kind)];
  if (!example) example = ex.schedule();
  // Only a failure of the kind asked for (bisect --verdict) stops the search.
  const bool failed = wanted(ex, o_);
  if (failed && !r_.first_failure) r_.first_failure = FoundFailure{f, ex.schedule(), preemptions};
  if (o_.progress) o_.progress(r_.executions, r_.verdicts.failures());
  if (!failed || !o_.stop_on_failure) return false;
  r_.stopped_by = "failure";
  return true;
}

}  // namespace dcsim::explorer
