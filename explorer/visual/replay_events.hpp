// The replay the visual outputs are drawn from: the same execution as
// `replay` prints, run again with the structured event log on.
#pragma once
#include "explorer/session.hpp"
#include "explorer/visual/perfetto.hpp"

namespace dcsim::explorer::visual {

// Throws std::logic_error when the setup's era does not fit its scenario
// (callers have checked, as for replay()).
Replay replay_with_events(const SearchPlan& setup, const Schedule& schedule);

// The context every output prints: the scenario, its rules, `replay`.
Context context_of(const SearchPlan& setup, std::string replay_command);

}  // namespace dcsim::explorer::visual
