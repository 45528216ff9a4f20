// Stateless depth-first search over every interleaving: each execution runs
// from a fresh world, replaying a prefix of choices and then branching.
// Optionally preemption-bounded (CHESS, Musuvathi & Qadeer, PLDI 2007):
// switching away from a thread that could have continued costs one
// preemption; blocking and finishing switch for free. The bound is raised
// iteratively from 0 to K, so a failure is found with the fewest
// preemptions first.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "explorer/result/explore_result.hpp"
#include "explorer/run.hpp"
#include "explorer/schedule.hpp"
#include "explorer/strategy/strategy.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer {

ExploreResult explore_dfs(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks = {});

class Split;
// Its work units (strategy/split.hpp).
std::unique_ptr<Split> split_dfs(const sim::Program& program, const SearchPlan& plan);

// dfs, and bounded (dfs with a preemption bound, 2 unless set): dfs_strategy.cpp.
const SearchStrategy& dfs_strategy();
const SearchStrategy& bounded_dfs_strategy();

}  // namespace dcsim::explorer
