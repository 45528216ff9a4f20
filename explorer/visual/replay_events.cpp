#include "explorer/visual/replay_events.hpp"

#include "explorer/report.hpp"

namespace dcsim::explorer::visual {

Replay replay_with_events(const SearchPlan& setup, const Schedule& schedule) {
  return replay(setup, schedule, ReplayRecord::Events);
}

Context context_of(const SearchPlan& setup, std::string replay_command) {
  Context c;
  c.scenario = setup.scenario->name;
  c.file = setup.scenario->file;
  c.profile = setup.profile + (setup.variant.empty() ? "" : ", variant " + setup.variant);
  c.rules = describe_rules(setup.rules);
  c.replay = std::move(replay_command);
  return c;
}

}  // namespace dcsim::explorer::visual
