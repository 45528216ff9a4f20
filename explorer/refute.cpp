#include "explorer/refute.hpp"

#include <fmt/format.h>

#include "explorer/verdict/bound.hpp"
#include "explorer/plural.hpp"

namespace dcsim::explorer {

Refutation refute(const Setup& candidate, const Outcome& found, const RefuteBudget& budget) {
  Refutation r;
  if (found.fails || proves(found.bound)) return r;
  r.needed = true;
  auto run = [&](std::string what, const Setup& s, const SearchRequest& q) {
    const SearchPlan plan = resolve_plan(s, q);
    r.steps.push_back({std::move(what), plan, outcome_of(plan)});
    if (r.steps.back().outcome.fails) r.refuted = true;
    return &r.steps.back().outcome;
  };
  if (!found.bound.sampled) {
    if (found.bound.complete) r.holds_within = found.bound.preemptions;
    // An unbounded search cut short: bounded ones reach shallow bugs first.
    const unsigned first = found.bound.preemptions ? *found.bound.preemptions + 1 : 1;
    for (unsigned k = first; k < first + budget.raise_by; ++k) {
      Setup s = candidate;
      s.strategy.reset();  // bounded POR on source-DPOR
      s.preemptions = k;
      s.max_executions = budget.max_executions;
      const Outcome* o = run(fmt::format("bound {}", k), s, {});
      if (r.refuted) return r;
      if (!o->bound.complete) {
        r.raising_stopped = fmt::format("bound {} cut short by --max-executions {}", k, budget.max_executions);
        break;
      }
      r.holds_within = k;
    }
  }
  for (Strategy sampler : {Strategy::Pct, Strategy::Random}) {
    Setup s = candidate;
    s.strategy = sampler;
    s.preemptions.reset();
    s.max_executions = sampler == Strategy::Pct ? budget.pct_runs : budget.random_runs;
    SearchRequest q;
    q.seed = budget.seed;
    q.pct_depth = budget.pct_depth;
    const Outcome* o = run(std::string(to_string(sampler)), s, q);
    if (r.refuted) return r;
    r.sampled_runs += o->executions;
  }
  return r;
}

std::string refutation_summary(const Refutation& r, const Outcome& found) {
  if (!r.needed) return found.fails ? "fails" : "proven: complete search with no preemption bound";
  if (const RefuteStep* by = r.by()) {
    const std::string at = by->what.rfind("bound ", 0) == 0
                               ? "at " + by->what
                               : fmt::format("by {} (seed {})", by->what, by->plan.seed);
    return fmt::format("refuted {}: {} after {} execution{}", at, sim::to_string(by->outcome.kind),
                       by->outcome.executions, by->outcome.executions == 1 ? "" : "s");
  }
  std::string out = r.holds_within ? fmt::format("holds within bound {}", *r.holds_within)
                                   : std::string("holds at no complete bound");
  if (!r.raising_stopped.empty()) out += fmt::format(" ({})", r.raising_stopped);
  std::string samples;
  for (const RefuteStep& s : r.steps)
    if (s.what == "pct" || s.what == "random")
      samples += fmt::format("{}{} {} run{} (seed {}{})", samples.empty() ? "" : ", ", s.outcome.executions, s.what,
                             s.outcome.executions == 1 ? "" : "s",
                             s.plan.seed, s.what == "pct" ? fmt::format(", depth {}", s.plan.pct_depth) : "");
  return fmt::format("{}, {}: {}; not proven", out, counted(r.sampled_runs, "sampled run"), samples);
}

}  // namespace dcsim::explorer
