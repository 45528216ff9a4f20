#include "explorer/strategy/tally.hpp"

#include <algorithm>
#include <chrono>

namespace dcsim::explorer {

namespace {
double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Tally::Tally(ExploreResult& r, const ExploreOptions& o) : r_(r), o_(o) {
  if (o_.max_seconds > 0) start_ = now_seconds();
  if (o_.lockdep && !r_.lock_order) r_.lock_order.emplace();
}

bool Tally::exhausted() {
  if (o_.abandon && o_.abandon())
    r_.stopped_by = "abandoned";
  else if (o_.max_executions && r_.executions >= o_.max_executions)
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

void Tally::blocked() {
  ++r_.blocked;
  if (o_.progress) o_.progress(r_.executions, r_.verdicts.failures());
}

bool Tally::add(const sim::Execution& ex, unsigned preemptions) {
  const sim::Failure& f = ex.failure();
  ++r_.executions;
  r_.steps += ex.step();
  ++r_.verdicts[f.kind];
  if (r_.lock_order) r_.lock_order->add(ex);
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
