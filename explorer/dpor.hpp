// Dynamic partial-order reduction (Abdulla, Aronis, Jonsson, Sagonas, POPL
// 2014): source-DPOR with sleep sets (Algorithm 1), and optimal DPOR with
// wakeup trees (Algorithm 2), which runs one execution per Mazurkiewicz
// trace. Dependence is footprint conflict (sim/footprint.hpp), widened by
// containment and made blocking-aware (see dpor.cpp).
#pragma once
#include "explorer/dfs.hpp"

namespace dcsim::explorer {

enum class DporMode { Source, Optimal };

ExploreResult explore_dpor(const sim::Program& program, const ExploreOptions& options,
                           DporMode mode);

}  // namespace dcsim::explorer
