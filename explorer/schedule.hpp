// The text form of a schedule, short enough to paste back into
// `dcsim replay --schedule`: the thread chosen at each step, run-length
// encoded, e.g. "0x9,1x4,2x6,0" = thread 0 for 9 steps, then 1 for 4, ...
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::explorer {

using Schedule = std::vector<sim::ThreadId>;

std::string format_schedule(const Schedule& s);

// The longest schedule parse_schedule() accepts, in steps: far past any
// step bound, and short enough that the vector of it stays small.
inline constexpr std::size_t kMaxScheduleSteps = 10'000'000;

// Throws std::invalid_argument with a message naming the item (cut short)
// and saying what was expected; numbers never wrap.
Schedule parse_schedule(std::string_view text);

}  // namespace dcsim::explorer
