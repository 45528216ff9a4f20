// The search as it will run, resolved once (resolve_plan) from a scenario's
// setup (its variant and profile applied: session.hpp's Setup) and what the
// command line asks on top (SearchRequest): the strategy chosen, its
// defaults applied, the effective bounds and the name the report prints.
// The session, the strategies and the reports read this, never the setup or
// the request, so what is reported is what ran; what a run adds that is not
// the search's (progress, an abandon hook, the stack pool: RunHooks,
// strategy/run_hooks.hpp) is passed beside it. Each option appears in three
// places: parsed (explorer/cli, into SearchRequest), resolved
// (resolve_plan), used (a SearchPlan field).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/rules.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer {

struct Setup;

// What the command line and the scenario's bounds.strategy name; each is
// implemented behind the SearchStrategy interface (strategy/strategy.hpp).
enum class Strategy { Dfs, Bounded, SourceDpor, Dpor, Pct, Random };

inline constexpr Strategy kAllStrategies[] = {Strategy::Dfs,  Strategy::Bounded, Strategy::SourceDpor,
                                              Strategy::Dpor, Strategy::Pct,     Strategy::Random};

std::string_view to_string(Strategy s);
std::optional<Strategy> strategy_from_string(std::string_view s);

// The defaults of a search, declared once: resolve_plan applies them, and a
// plan built field by field (tests, the bench) starts from them.
inline constexpr std::uint64_t kDefaultMaxSteps = 10000;  // per execution
inline constexpr std::uint64_t kDefaultSeed = 1;          // random and pct
inline constexpr unsigned kDefaultPctDepth = 3;           // pct's bug depth d
inline constexpr std::size_t kDefaultSplit = 64;          // work units
// Random walks and PCT sample; without --max-executions they stop here.
inline constexpr std::uint64_t kDefaultSamples = 1000;
// `bounded` without a bound from the scenario or --preemptions.
inline constexpr unsigned kDefaultPreemptionBound = 2;

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

  // Bounds and budgets, checked before each execution. A work unit is a
  // search of its own: its plan is the search's with what the units
  // before it left of max_executions and max_total_steps (run_units.cpp).
  std::uint64_t max_steps = kDefaultMaxSteps;  // per execution
  std::optional<std::uint64_t> max_executions;
  std::uint64_t max_total_steps = 0;  // visible steps over all executions; 0: none
  // Wall-clock seconds, 0: none: the one bound that makes the result depend
  // on time (the report then says stopped_by max-time).
  double max_seconds = 0;

  // Only failures of this kind stop the search and become first_failure
  // (bisect --verdict); other failures are counted and passed over.
  std::optional<sim::Verdict> failure_kind;
  // Likewise, only failures raised in this kernel function (the failure's
  // `function`, e.g. d_splice_alias): a scenario's expect.function.
  std::optional<std::string> failure_function;

  // How it is cut and run (strategy/split.hpp): the top of the tree is cut
  // into at least `split` work units (1: the search runs whole), explored
  // by `jobs` OS threads. The result depends on split, never on jobs.
  std::size_t split = kDefaultSplit;
  // A search that ends within this many executions is not cut (0: always
  // cut): the cut's own cost (a run per unit at least, DPOR's redundant
  // runs, bounded POR's full expansion of the top) would outweigh it.
  std::uint64_t split_probe = 1000;
  unsigned jobs = 1;
  bool lockdep = false;  // record each execution's lock order, report potential deadlocks
};

// The name a search's result carries: bounded POR is built on source-DPOR,
// so DPOR with a preemption bound reports itself as such.
std::string plan_name(Strategy s, std::optional<unsigned> preemptions);

// The one place the setup, the request and the defaults meet.
SearchPlan resolve_plan(const Setup& setup, const SearchRequest& request = {});

}  // namespace dcsim::explorer
