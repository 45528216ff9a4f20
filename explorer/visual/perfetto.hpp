// Chrome trace-event JSON of one execution (docs/visualizing.md), the
// format ui.perfetto.dev and chrome://tracing open. Time is the visible
// step number (1 step = 1 µs on their time axis), so the same schedule gives
// the same bytes.
#pragma once
#include <string>

#include "explorer/visual/timeline.hpp"

namespace dcsim::explorer::visual {

// What the outputs print besides the execution.
struct Context {
  std::string scenario;  // its name
  std::string file;
  std::string profile;
  std::string rules;    // "devfs.x=y ..." (describe_rules)
  std::string replay;   // the command that replays it
};

// Process ids of the tracks: threads (one track each, named as in the
// scenario), the locks each thread held, each lock's state, each dentry's.
inline constexpr int kThreadsPid = 1, kHoldsPid = 2, kLocksPid = 3, kDentriesPid = 4;

std::string perfetto_json(const sim::Execution& ex, const Context& ctx);

}  // namespace dcsim::explorer::visual
