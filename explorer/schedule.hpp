// The text form of a schedule, short enough to paste back into
// `dcsim replay --schedule`: the thread chosen at each step, run-length
// encoded, e.g. "0x9,1x4,2x6,0" = thread 0 for 9 steps, then 1 for 4, ...
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::explorer {

using Schedule = std::vector<sim::ThreadId>;

std::string format_schedule(const Schedule& s);

// Throws std::invalid_argument with a message saying what was expected.
Schedule parse_schedule(std::string_view text);

}  // namespace dcsim::explorer
