// The Program that sim runs for a scenario: a fresh kernel world per
// execution (the initial tree, mounts and their daemons) and one simulated
// thread per scenario thread, issuing its syscalls in order and checking
// each result against the scenario's expectation.
#pragma once
#include <memory>

#include "model/rules.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/execution.hpp"

namespace dcsim::model {

std::unique_ptr<sim::Program> make_program(const Scenario& scenario, const RuleSet& rules);

}  // namespace dcsim::model
