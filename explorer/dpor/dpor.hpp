// Dynamic partial-order reduction (Abdulla, Aronis, Jonsson, Sagonas, POPL
// 2014): source-DPOR with sleep sets (Algorithm 1), and optimal DPOR with
// wakeup trees (Algorithm 2), which runs one execution per Mazurkiewicz
// trace. Dependence is footprint conflict (sim/footprint.hpp), widened by
// containment and made blocking-aware (see dpor.cpp).
#pragma once
#include <memory>

#include "explorer/result/explore_result.hpp"
#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

enum class DporMode { Source, Optimal };

ExploreResult explore_dpor(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                           DporMode mode);

class Split;
// Its work units (strategy/split.hpp, dpor_split.cpp).
std::unique_ptr<Split> split_dpor(const sim::Program& program, const SearchPlan& plan, DporMode mode);

// dpor (optimal) and source-dpor: dpor_strategy.cpp.
const SearchStrategy& dpor_strategy();
const SearchStrategy& source_dpor_strategy();

}  // namespace dcsim::explorer
