// What the CLI and the tests share: a scenario with a chosen rule set, run
// once under a schedule (replay) or explored, with the failure found replayed
// with a trace for the report.
#pragma once
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/strategy.hpp"
#include "explorer/run.hpp"
#include "explorer/units/run_units.hpp"
#include "explorer/schedule.hpp"
#include "model/rules.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer {

// The scenario as chosen: its rules (profile, variant), its own bounds and
// its expectation, which a caller (bisect's rule sets, blame's verdict, a
// test) may change. Nothing of the search beyond what a scenario file can
// say: budgets, depth, the cut and the threads are a SearchRequest's. Not
// what runs: resolve_plan() turns it, with the request, into the
// SearchPlan, which applies the defaults; each field's meaning is the
// SearchPlan field of the same name.
struct Setup {
  const model::Scenario* scenario = nullptr;
  std::string profile;  // the profile the rules start from
  model::RuleSet rules;
  std::string variant;  // "" = the scenario as written
  // The scenario's bounds (its "bounds" object; --max-steps).
  std::optional<std::uint64_t> max_steps;
  std::optional<std::uint64_t> max_executions;
  std::optional<unsigned> preemptions;  // dfs, bounded, and DPOR (bounded POR); not pct, random
  // Unset: optimal DPOR; with a preemption bound that is bounded POR on
  // source-DPOR (explorer/bounded_por/).
  std::optional<Strategy> strategy;
  std::optional<std::uint64_t> seed;
  // Its expectation: the failures that count.
  std::optional<sim::Verdict> failure_kind;
  std::optional<std::string> failure_function;
};

// The scenario's own settings: its profile, rules and bounds, and the kernel
// function its expectation says the failure is raised in.
Setup setup_for(const model::Scenario& s);
// The same, with a variant's profile, rules and expectation.
Setup setup_for_variant(const model::Scenario& s, const model::Variant& v);

// One execution with a trace, kept alive for the report.
struct Replay {
  std::unique_ptr<sim::Program> program;
  std::unique_ptr<sim::Execution> execution;
  Schedule requested;
  std::optional<std::string> schedule_error;  // the schedule named a thread that could not run
};
// What a replay records besides its trace: the structured event log and the
// lock-order graph are what the visual outputs draw from.
enum class ReplayRecord { Trace, Events };
Replay replay(const SearchPlan& plan, const Schedule& schedule, ReplayRecord record = ReplayRecord::Trace);
// The same, for a setup resolved with no request (bisect, blame, tests).
Replay replay(const Setup& setup, const Schedule& schedule, ReplayRecord record = ReplayRecord::Trace);

struct Exploration {
  ExploreResult result;
  std::optional<Replay> failure;  // the first failure, replayed with its trace
};
// Throws std::runtime_error if the failure does not replay to the same verdict
// (a nondeterministic model: an internal error).
Exploration explore(const SearchPlan& plan, const RunHooks& hooks = {});
// The same, for a setup resolved with a request (bisect, blame, check, tests).
Exploration explore(const Setup& setup, bool stop_on_failure, const SearchRequest& request = {});

// The same search cut into work units, for callers that run the units
// themselves (--shard, --checkpoint: units/search_units.hpp).
struct UnitSearch {
  SearchPlan plan;
  std::unique_ptr<sim::Program> program;
  RunHooks hooks;
  std::unique_ptr<Split> split;
};
UnitSearch unit_search(const SearchPlan& plan, const RunHooks& hooks = {});
// A unit's first failure that replays otherwise: an internal error after a
// search, bad input when the units came from a shard report or a checkpoint.
struct ReplayMismatch : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The exploration from every unit's result (merge_units), its failure
// replayed; throws MissingUnit when a unit the merge needs is not there,
// ReplayMismatch when the failure does not replay as recorded.
Exploration finish(const UnitSearch& search, const UnitResults& results);

}  // namespace dcsim::explorer
