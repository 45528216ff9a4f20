// --lockdep: what the lock-order graph of every explored execution predicts
// beyond the bound: each cycle no execution deadlocked on, as lockdep
// prints it, with the two (or more) acquisition chains.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "sim/lockdep.hpp"

namespace dcsim::explorer {

// "lockdep: 3 lock-order edges over 12 executions; 1 potential deadlock no
// explored execution reached" and each report; "" for no graph.
std::string lockdep_text(const sim::LockOrderGraph& g);
// {"executions", "edges", "cycles", "potential_deadlocks": [{"classes",
// "chains": [{thread, held_lock, held_function, held_read, lock, function,
// read}], "why_not_reached", "report"}]}.
nlohmann::ordered_json lockdep_json(const sim::LockOrderGraph& g);

}  // namespace dcsim::explorer
