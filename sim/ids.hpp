// Identifiers of simulated threads and objects: small integers in creation
// order, so that no pointer value ever reaches a decision or the output.
#pragma once
#include <cstdint>
#include <limits>

namespace dcsim::sim {

using ThreadId = std::uint32_t;
using ObjectId = std::uint32_t;

inline constexpr ThreadId kNoThread = std::numeric_limits<ThreadId>::max();
inline constexpr ObjectId kNoObject = std::numeric_limits<ObjectId>::max();

}  // namespace dcsim::sim
