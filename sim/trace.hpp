// The event trace of one execution: what each step did, in kernel terms.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::sim {

struct TraceEvent {
  std::uint64_t step = 0;  // the visible step this event belongs to (1-based)
  bool visible = true;     // false: local work done after the step's visible op
  ThreadId thread = kNoThread;
  std::string function;  // innermost modelled kernel function
  std::string op;
  ObjectId object = kNoObject;
  std::string result;
};

using Trace = std::vector<TraceEvent>;

}  // namespace dcsim::sim
