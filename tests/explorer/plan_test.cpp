// The search plan: resolve_plan is where a scenario's setup, the command
// line's request and the defaults meet; the strategies read the plan (and
// the run's hooks) and nothing else.
#include <catch2/catch.hpp>

#include "explorer/plan/search_plan.hpp"
#include "explorer/result/result_json.hpp"
#include "explorer/session.hpp"
#include "model/protocol/builtins.hpp"
#include "model/scenario/scenario.hpp"
#include "tests/scenarios/scenario_helpers.hpp"

using namespace dcsim;
namespace ex = dcsim::explorer;

TEST_CASE("plan: the scenario's bounds, overridden by the request, then the defaults", "[plan]") {
  const model::Scenario s = dcsim_test::load("autofs-2627-lookup-deadlock.json");  // bounds.preemptions 2
  const ex::Setup st = ex::setup_for(s);
  const ex::SearchPlan plain = ex::resolve_plan(st);
  CHECK(plain.strategy == ex::Strategy::Dpor);
  CHECK(plain.preemptions == 2u);
  CHECK(plain.name == "bounded-source-dpor");
  CHECK(plain.max_steps == s.bounds.max_steps.value_or(ex::kDefaultMaxSteps));
  CHECK(plain.scenario == &s);
  CHECK(plain.profile == st.profile);

  ex::SearchRequest r;
  r.unbounded = true;
  const ex::SearchPlan unbounded = ex::resolve_plan(st, r);
  CHECK_FALSE(unbounded.preemptions);
  CHECK(unbounded.name == "dpor");

  ex::SearchRequest d;
  d.preemptions = 1;
  d.strategy = ex::Strategy::Dfs;
  d.bug_in = "any";
  ex::Setup with_function = st;
  with_function.failure_function = "d_splice_alias";
  const ex::SearchPlan dfs = ex::resolve_plan(with_function, d);
  CHECK(dfs.preemptions == 1u);
  CHECK(dfs.name == "dfs");
  CHECK_FALSE(dfs.failure_function);  // --bug-in any: every failure
  CHECK(ex::resolve_plan(with_function).failure_function == std::string("d_splice_alias"));
}

TEST_CASE("plan: bounded gets its default bound; samplers get runs, never a bound", "[plan]") {
  const model::Scenario s = dcsim_test::load("devfs-ls-rm.json");
  ex::SearchRequest r;
  r.strategy = ex::Strategy::Bounded;
  const ex::SearchPlan bounded = ex::resolve_plan(ex::setup_for(s), r);
  CHECK(bounded.preemptions == ex::kDefaultPreemptionBound);
  CHECK_FALSE(bounded.samples);

  r.strategy = ex::Strategy::Pct;
  r.preemptions = 3;  // no meaning for a sampler
  r.seed = 9;
  r.pct_depth = 2;
  const ex::SearchPlan pct = ex::resolve_plan(ex::setup_for(s), r);
  CHECK(pct.samples);
  CHECK_FALSE(pct.preemptions);
  CHECK(pct.sampled_runs == ex::kDefaultSamples);
  CHECK(pct.seed == 9u);
  CHECK(pct.pct_depth == 2u);

  r.max_executions = 40;
  CHECK(ex::resolve_plan(ex::setup_for(s), r).sampled_runs == 40u);
}

TEST_CASE("plan: the strategies run what the plan says, the run's hooks beside it", "[plan]") {
  const model::Scenario s = dcsim_test::load("devfs-ls-rm.json");
  ex::SearchRequest r;
  r.strategy = ex::Strategy::Random;
  r.seed = 4;
  r.max_executions = 7;
  r.max_total_steps = 1000000;
  r.split = 3;
  r.jobs = 2;
  r.lockdep = true;
  const ex::SearchPlan p = ex::resolve_plan(ex::setup_for(s), r);
  CHECK_FALSE(p.preemptions);
  CHECK(p.max_total_steps == 1000000u);
  CHECK(p.split == 3u);
  CHECK(p.jobs == 2u);
  // The search reads the plan alone: its budget, seed, name and --lockdep;
  // the hooks say only how this caller watches it.
  std::uint64_t calls = 0;
  ex::RunHooks hooks;
  hooks.stop_on_failure = false;
  hooks.progress = [&](std::uint64_t, std::uint64_t) { ++calls; };
  const ex::Exploration e = ex::explore(p, hooks);
  CHECK(e.result.executions == 7u);
  CHECK(e.result.stopped_by == "max-executions");
  CHECK(e.result.seed == 4u);
  CHECK(e.result.strategy == "random");
  CHECK(e.result.lock_order);
  CHECK(calls == 7u);
  // A Setup carries no search knob: a request does, and the same request
  // through explore(setup, ...) is the same search.
  const ex::Exploration again = ex::explore(ex::setup_for(s), false, r);
  CHECK(ex::result_json(again.result) == ex::result_json(e.result));
}

TEST_CASE("eras: each era declares its own protocol builtins", "[plan][protocol]") {
  using model::Era;
  namespace protocol = model::protocol;
  const auto eras_of = [](const char* name) { return protocol::find_builtin(name)->eras; };
  CHECK(eras_of("i_sem") == protocol::era_bit(Era::E1));
  CHECK(eras_of("i_mutex") == (protocol::era_bit(Era::E2) | protocol::era_bit(Era::E4)));
  CHECK(eras_of("i_rwsem") == protocol::era_bit(Era::E3));
  CHECK(eras_of("d_alloc_parallel") == protocol::era_bit(Era::E3));
  CHECK(eras_of("d_splice_alias") == protocol::era_bit(Era::E3));
  CHECK(eras_of("d_alloc") == protocol::kAllEras);
}
