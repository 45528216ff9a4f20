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

Tally::Tally(ExploreResult& r, const SearchPlan& p, const RunHooks& h) : r_(r), p_(p), h_(h) {
  if (p_.max_seconds > 0) start_ = now_seconds();
  if (p_.lockdep && !r_.lock_order) r_.lock_order.emplace();
}

bool Tally::exhausted() {
  if (h_.abandon && h_.abandon())
    r_.stopped_by = "abandoned";
  else if (p_.max_executions && r_.executions >= *p_.max_executions)
    r_.stopped_by = "max-executions";
  else if (p_.max_total_steps && r_.steps >= p_.max_total_steps)
    r_.stopped_by = "max-total-steps";
  else if (p_.max_seconds > 0 && now_seconds() - start_ >= p_.max_seconds)
    r_.stopped_by = "max-time";
  else
    return false;
  return true;
}

bool wanted(const sim::Execution& ex, const SearchPlan& p, const RunHooks& h) {
  const sim::Failure& f = ex.failure();
  return f.kind != sim::Verdict::Ok && (!p.failure_kind || f.kind == *p.failure_kind) &&
         (!p.failure_function || f.function == *p.failure_function) && (!h.accept || h.accept(ex));
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
  if (h_.progress) h_.progress(r_.executions, r_.verdicts.failures());
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
  const bool failed = wanted(ex, p_, h_);
  if (failed && !r_.first_failure) r_.first_failure = FoundFailure{f, ex.schedule(), preemptions};
  if (h_.progress) h_.progress(r_.executions, r_.verdicts.failures());
  if (!failed || !h_.stop_on_failure) return false;
  r_.stopped_by = "failure";
  return true;
}

}  // namespace dcsim::explorer
