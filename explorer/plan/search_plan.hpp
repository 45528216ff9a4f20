// The search as it will run, resolved once from a scenario's setup (its
// variant, profile and the command line already applied): the strategy
// chosen, its defaults applied, the effective bounds and the name the report
// prints. Strategies and reports read this, never the raw setup, so what is
// reported is what ran.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

struct Setup;

struct SearchPlan {
  Strategy strategy = Strategy::Dpor;
  std::string name;                      // what the report's "strategy" says
  std::optional<unsigned> preemptions;   // effective: bounded's default applied; never for samplers
  bool samples = false;                  // pct, random: a sample of runs, not every trace
  std::uint64_t sampled_runs = 0;        // samplers: how many runs at most
  std::uint64_t seed = 1;                // samplers
  std::optional<unsigned> pct_depth;     // pct only
  bool lockdep = false;                  // record lock order, report potential deadlocks
};

// The name a search's result carries: bounded POR is built on source-DPOR,
// so DPOR with a preemption bound reports itself as such.
std::string plan_name(Strategy s, std::optional<unsigned> preemptions);

SearchPlan resolve_plan(const Setup& setup);

}  // namespace dcsim::explorer
