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

// The scenario as chosen: its rules (profile, variant) and its own bounds,
// which a caller (bisect's rule sets, refute's raised bounds, a test) may
// change. Not what runs: resolve_plan() turns it, with the command line's
// SearchRequest, into the SearchPlan, which applies the defaults; each
// field's meaning is the SearchPlan field of the same name.
struct Setup {
  const model::Scenario* scenario = nullptr;
  std::string profile;  // the profile the rules start from
  model::RuleSet rules;
  std::string variant;  // "" = the scenario as written
  std::optional<std::uint64_t> max_steps;  // unset: kDefaultMaxSteps
  std::optional<std::uint64_t> max_executions;
  std::optional<unsigned> preemptions;  // dfs, bounded, and DPOR (bounded POR); not pct, random
  std::optional<sim::Verdict> failure_kind;
  std::optional<std::string> failure_function;
  // Unset: optimal DPOR; with a preemption bound that is bounded POR on
  // source-DPOR (explorer/bounded_por/).
  std::optional<Strategy> strategy;
  std::uint64_t seed = kDefaultSeed;
  unsigned pct_depth = kDefaultPctDepth;
  std::uint64_t max_total_steps = 0;
  double max_seconds = 0;
  std::size_t split = kDefaultSplit;
  unsigned jobs = 1;
  bool lockdep = false;
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
Exploration explore(const SearchPlan& plan, bool stop_on_failure,
                    const std::function<void(std::uint64_t, std::uint64_t)>& progress = {},
                    TreeEstimate* estimate = nullptr);
// The same, for a setup resolved with no request (bisect, blame, tests).
Exploration explore(const Setup& setup, bool stop_on_failure,
                    const std::function<void(std::uint64_t, std::uint64_t)>& progress = {},
                    TreeEstimate* estimate = nullptr);

// The same search cut into work units, for callers that run the units
// themselves (--shard, --checkpoint: units.hpp).
struct UnitSearch {
  SearchPlan plan;
  std::unique_ptr<sim::Program> program;
  ExploreOptions options;  // search_options(plan) and the run's hooks
  std::unique_ptr<Split> split;
};
UnitSearch unit_search(const SearchPlan& plan, bool stop_on_failure,
                       const std::function<void(std::uint64_t, std::uint64_t)>& progress = {},
                       TreeEstimate* estimate = nullptr);
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
