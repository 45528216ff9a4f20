#include "explorer/visual/replay_events.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "explorer/report.hpp"
#include "model/scenario/program.hpp"

namespace dcsim::explorer::visual {

Replay replay_with_events(const Setup& setup, const Schedule& schedule) {
  if (auto why = model::era_mismatch(*setup.scenario, setup.rules.era()))
    throw std::logic_error(fmt::format("{}: expected {}", setup.scenario->file, *why));
  Replay r;
  r.requested = schedule;
  r.program = model::make_program(*setup.scenario, setup.rules);
  sim::ExecutionOptions eo;
  eo.trace = true;
  eo.events = true;
  eo.lockdep = true;  // for the lock-order graph
  eo.max_steps = setup.max_steps;
  r.execution = std::make_unique<sim::Execution>(*r.program, eo);
  ReplayChooser chooser(schedule);
  r.execution->run(chooser);
  r.schedule_error = chooser.error();
  return r;
}

Context context_of(const Setup& setup, std::string replay_command) {
  Context c;
  c.scenario = setup.scenario->name;
  c.file = setup.scenario->file;
  c.profile = setup.profile + (setup.variant.empty() ? "" : ", variant " + setup.variant);
  c.rules = describe_rules(setup.rules);
  c.replay = std::move(replay_command);
  return c;
}

}  // namespace dcsim::explorer::visual
