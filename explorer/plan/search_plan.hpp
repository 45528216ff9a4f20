// The search as it will run, resolved once (resolve_plan) from a scenario's
// setup (its variant and profile applied: session.hpp's Setup) and what the
// command line asks on top (SearchRequest): the strategy chosen, its
// defaults applied, the effective bounds and the name the report prints.
// The session, the strategies (through search_options()) and the reports
// read this, never the setup or the request, so what is reported is what
// ran. Each option appears in three places: parsed (explorer/cli, into
// SearchRequest), resolved (resolve_plan), used (a SearchPlan field).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "explorer/strategy/strategy.hpp"
#include "model/rules.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::explorer {

struct Setup;

// What the command line asks of a search beyond the scenario's own
// settings; unset: the setup's value (the scenario's, or a caller's), else
// the default. `dcsim explore` parses straight into this (and shard reports
// and checkpoints record it as the search's options).
struct SearchRequest {
  std::optional<unsigned> preemptions;
  bool unbounded = false;  // no preemption bound, even if the scenario sets one
  std::optional<std::uint64_t> max_executions;
  std::optional<std::uint64_t> max_total_steps;
  std::optional<Strategy> strategy;
  std::optional<std::uint64_t> seed;
  std::optional<unsigned> pct_depth;
  std::optional<std::size_t> split;
  std::optional<std::string> bug_in;  // a kernel function, or "any": every failure
  std::optional<double> max_seconds;
  std::optional<unsigned> jobs;
  bool lockdep = false;
};

struct SearchPlan {
  // The scenario as it runs.
  const model::Scenario* scenario = nullptr;
  std::string profile;
  model::RuleSet rules;
  std::string variant;  // "" = the scenario as written

  // The strategy and what it was told.
  Strategy strategy = Strategy::Dpor;
  std::string name;                      // what the report's "strategy" says
  std::optional<unsigned> preemptions;   // effective: bounded's default applied; never for samplers
  bool samples = false;                  // pct, random: a sample of runs, not every trace
  std::uint64_t sampled_runs = 0;        // samplers: how many runs at most
  std::uint64_t seed = kDefaultSeed;     // samplers
  unsigned pct_depth = kDefaultPctDepth;  // pct

  // Bounds and budgets.
  std::uint64_t max_steps = kDefaultMaxSteps;  // per execution
  std::optional<std::uint64_t> max_executions;
  std::uint64_t max_total_steps = 0;  // 0: none
  double max_seconds = 0;             // 0: none

  // Which failures stop the search (ExploreOptions::failure_kind, failure_function).
  std::optional<sim::Verdict> failure_kind;
  std::optional<std::string> failure_function;

  // How it is cut and run: the result depends on split, never on jobs.
  std::size_t split = kDefaultSplit;
  unsigned jobs = 1;
  bool lockdep = false;  // record lock order, report potential deadlocks
};

// The name a search's result carries: bounded POR is built on source-DPOR,
// so DPOR with a preemption bound reports itself as such.
std::string plan_name(Strategy s, std::optional<unsigned> preemptions);

// The one place the setup, the request and the defaults meet.
SearchPlan resolve_plan(const Setup& setup, const SearchRequest& request = {});

// What every strategy is told, from the plan: the one place ExploreOptions
// is filled in from it (the caller adds the run's hooks: progress,
// estimate, stop_on_failure).
ExploreOptions search_options(const SearchPlan& plan);

}  // namespace dcsim::explorer
