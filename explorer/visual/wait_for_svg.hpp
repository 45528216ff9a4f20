// A deadlock's wait-for graph as inline SVG for the HTML report: the cycle
// on a ring (thread -> what it waits on -> who holds it or must wake it),
// the other blocked threads in a row beneath. Integer coordinates only, so
// the bytes do not depend on the platform's floating-point printing.
#pragma once
#include <string>

#include "sim/execution.hpp"

namespace dcsim::explorer::visual {

// "" when the execution did not deadlock.
std::string wait_for_svg(const sim::Execution& ex);

}  // namespace dcsim::explorer::visual
