// The one definition of a preemption (CHESS, Musuvathi & Qadeer, PLDI 2007)
// that every strategy, bound and report counts with.
#pragma once
#include "sim/execution.hpp"

namespace dcsim::explorer {

// Running `next` costs one preemption when it switches away from the thread
// that ran the step before while that thread could have gone on; blocking
// and finishing switch for free.
inline unsigned preemption_cost(sim::ThreadId previous, bool previous_enabled, sim::ThreadId next) {
  return previous_enabled && next != previous ? 1u : 0u;
}

}  // namespace dcsim::explorer
