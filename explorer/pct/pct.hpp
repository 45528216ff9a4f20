// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, ASPLOS 2010): random distinct thread priorities, the highest
// enabled thread runs, and at d-1 random steps the running thread drops below
// every other. A bug of depth d is found in one run with probability at
// least 1/(n*k^(d-1)) for n threads and k steps.
#pragma once
#include "explorer/random/random_walk.hpp"
#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

ExploreResult explore_pct(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks = {},
                          SampleRange range = {});

const SearchStrategy& pct_strategy();

}  // namespace dcsim::explorer
