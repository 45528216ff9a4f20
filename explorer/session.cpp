#include "explorer/session.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "explorer/plan/search_plan.hpp"
#include "model/scenario/program.hpp"

namespace dcsim::explorer {

Setup setup_for(const model::Scenario& s) {
  Setup st;
  st.scenario = &s;
  st.profile = s.profile;
  st.rules = s.rules;
  st.max_steps = s.bounds.max_steps;
  st.max_executions = s.bounds.max_executions;
  st.preemptions = s.bounds.preemptions;
  st.failure_function = s.expect.function;
  if (s.bounds.strategy) st.strategy = strategy_from_string(*s.bounds.strategy);  // the schema's enum
  st.seed = s.bounds.seed;
  return st;
}

Setup setup_for_variant(const model::Scenario& s, const model::Variant& v) {
  Setup st = setup_for(s);
  st.profile = v.profile;
  st.rules = v.rules;
  st.variant = v.name;
  if (v.preemptions) st.preemptions = *v.preemptions;
  st.failure_function = v.expect.function;
  return st;
}

namespace {
// The model has each file system in one era only; running it under another
// would be meaningless, so callers must have checked (era_mismatch).
void require_era(const SearchPlan& plan) {
  if (auto why = model::era_mismatch(*plan.scenario, plan.rules.era()))
    throw std::logic_error(fmt::format("{}: expected {}", plan.scenario->file, *why));
}
}  // namespace

Replay replay(const Setup& setup, const Schedule& schedule, ReplayRecord record) {
  return replay(resolve_plan(setup), schedule, record);
}

Replay replay(const SearchPlan& plan, const Schedule& schedule, ReplayRecord record) {
  require_era(plan);
  Replay r;
  r.requested = schedule;
  r.program = model::make_program(*plan.scenario, plan.rules);
  sim::ExecutionOptions eo;
  eo.trace = true;
  eo.events = eo.lockdep = record == ReplayRecord::Events;
  eo.max_steps = plan.max_steps;
  r.execution = std::make_unique<sim::Execution>(*r.program, eo);
  ReplayChooser chooser(schedule);
  r.execution->run(chooser);
  r.schedule_error = chooser.error();
  return r;
}

UnitSearch unit_search(const SearchPlan& plan, const RunHooks& hooks) {
  require_era(plan);
  UnitSearch u;
  u.plan = plan;
  u.program = model::make_program(*plan.scenario, plan.rules);
  u.hooks = hooks;
  u.split = split_search(*u.program, u.plan, u.hooks);
  return u;
}

Exploration finish(const UnitSearch& search, const UnitResults& results) {
  Exploration e;
  e.result = merge_units(*search.split, search.plan, search.hooks, results);
  e.result.strategy = plan_name(search.plan.strategy, e.result.preemption_bound);
  if (e.result.first_failure) {
    e.failure = replay(search.plan, e.result.first_failure->schedule);
    const sim::Failure& again = e.failure->execution->failure();
    if (again.kind != e.result.first_failure->failure.kind ||
        again.message != e.result.first_failure->failure.message)
      throw ReplayMismatch(fmt::format(
          "the failure found by exploration did not replay: found \"{}\", replayed \"{}\"",
          e.result.first_failure->failure.message, again.message));
  }
  return e;
}

Exploration explore(const SearchPlan& plan, const RunHooks& hooks) {
  UnitSearch u = unit_search(plan, hooks);
  UnitPlan threads;
  threads.jobs = plan.jobs;
  return finish(u, run_units(*u.split, u.plan, u.hooks, threads).results);
}

Exploration explore(const Setup& setup, bool stop_on_failure, const SearchRequest& request) {
  RunHooks hooks;
  hooks.stop_on_failure = stop_on_failure;
  return explore(resolve_plan(setup, request), hooks);
}

}  // namespace dcsim::explorer
