#include "explorer/session.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "explorer/plan/search_plan.hpp"
#include "model/scenario/program.hpp"

namespace dcsim::explorer {

Strategy strategy_of(const Setup& setup) { return resolve_plan(setup).strategy; }

Setup setup_for(const model::Scenario& s) {
  Setup st;
  st.scenario = &s;
  st.profile = s.profile;
  st.rules = s.rules;
  st.max_steps = s.bounds.max_steps.value_or(10000);
  st.max_executions = s.bounds.max_executions;
  st.preemptions = s.bounds.preemptions;
  st.failure_function = s.expect.function;
  if (s.bounds.strategy) st.strategy = strategy_from_string(*s.bounds.strategy);  // the schema's enum
  if (s.bounds.seed) st.seed = *s.bounds.seed;
  return st;
}

Setup setup_for_variant(const model::Scenario& s, const model::Variant& v) {
  Setup st = setup_for(s);
  st.profile = v.profile;
  st.rules = v.rules;
  st.variant = v.name;
  st.failure_function = v.expect.function;
  return st;
}

namespace {
// The model has each file system in one era only; running it under another
// would be meaningless, so callers must have checked (era_mismatch).
void require_era(const Setup& setup) {
  if (auto why = model::era_mismatch(*setup.scenario, setup.rules.era()))
    throw std::logic_error(fmt::format("{}: expected {}", setup.scenario->file, *why));
}
}  // namespace

Replay replay(const Setup& setup, const Schedule& schedule, ReplayRecord record) {
  require_era(setup);
  Replay r;
  r.requested = schedule;
  r.program = model::make_program(*setup.scenario, setup.rules);
  sim::ExecutionOptions eo;
  eo.trace = true;
  eo.events = eo.lockdep = record == ReplayRecord::Events;
  eo.max_steps = setup.max_steps;
  r.execution = std::make_unique<sim::Execution>(*r.program, eo);
  ReplayChooser chooser(schedule);
  r.execution->run(chooser);
  r.schedule_error = chooser.error();
  return r;
}

UnitSearch unit_search(const Setup& setup, bool stop_on_failure,
                       const std::function<void(std::uint64_t, std::uint64_t)>& progress,
                       TreeEstimate* estimate) {
  require_era(setup);
  UnitSearch u;
  u.program = model::make_program(*setup.scenario, setup.rules);
  ExploreOptions& o = u.options;
  o.max_steps = setup.max_steps;
  o.max_executions = setup.max_executions.value_or(0);
  const SearchPlan plan = resolve_plan(setup);
  o.preemptions = plan.preemptions;
  u.strategy = plan.strategy;
  o.lockdep = plan.lockdep;
  o.seed = setup.seed;
  o.pct_depth = setup.pct_depth;
  o.stop_on_failure = stop_on_failure;
  o.failure_kind = setup.failure_kind;
  o.failure_function = setup.failure_function;
  o.progress = progress;
  o.estimate = estimate;
  o.max_total_steps = setup.max_total_steps;
  o.max_seconds = setup.max_seconds;
  o.split = setup.split;
  o.jobs = setup.jobs;
  u.split = split_search(u.strategy, *u.program, o);
  return u;
}

Exploration finish(const Setup& setup, const UnitSearch& search, const UnitResults& results) {
  Exploration e;
  e.result = merge_units(*search.split, search.options, results);
  e.result.strategy = plan_name(search.strategy, e.result.preemption_bound);
  if (e.result.first_failure) {
    e.failure = replay(setup, e.result.first_failure->schedule);
    const sim::Failure& again = e.failure->execution->failure();
    if (again.kind != e.result.first_failure->failure.kind ||
        again.message != e.result.first_failure->failure.message)
      throw ReplayMismatch(fmt::format(
          "the failure found by exploration did not replay: found \"{}\", replayed \"{}\"",
          e.result.first_failure->failure.message, again.message));
  }
  return e;
}

Exploration explore(const Setup& setup, bool stop_on_failure,
                    const std::function<void(std::uint64_t, std::uint64_t)>& progress,
                    TreeEstimate* estimate) {
  UnitSearch u = unit_search(setup, stop_on_failure, progress, estimate);
  UnitPlan plan;
  plan.jobs = setup.jobs;
  return finish(setup, u, run_units(*u.split, u.options, plan).results);
}

}  // namespace dcsim::explorer
