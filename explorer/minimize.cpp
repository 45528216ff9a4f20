#include "explorer/minimize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <vector>

#include "explorer/dfs/dfs.hpp"
#include "model/scenario/program.hpp"

namespace dcsim::explorer {

std::string failure_identity(const sim::Execution& ex) {
  const sim::Failure& f = ex.failure();
  auto object = [&](sim::ObjectId o) { return o == sim::kNoObject ? std::string("-") : ex.objects().describe(o); };
  // Messages may say when something happened ("hashed by T2 at step 29"):
  // when is not part of how it fails.
  static const std::regex step_number("step [0-9]+");
  std::string out = fmt::format("{}|{}", sim::to_string(f.kind),
                                std::regex_replace(f.message, step_number, "step N"));
  if (f.kind != sim::Verdict::Deadlock)
    return out + fmt::format("|{}|{}", f.function, object(f.object));
  // A cycle found from another thread is the same cycle: sort the edges.
  std::vector<std::string> edges;
  const bool cycle = !f.cycle.empty();
  for (const sim::WaitEdge& e : cycle ? f.cycle : f.blocked)
    if (cycle || !ex.is_daemon(e.waiter))
      edges.push_back(fmt::format("{} {} {} {}", ex.thread_name(e.waiter), e.function, e.op, object(e.object)));
  std::sort(edges.begin(), edges.end());
  for (const std::string& e : edges) out += "|" + e;
  return out;
}

Minimized minimize(const sim::Program& program, const FoundFailure& original,
                   const MinimizeOptions& options) {
  Minimized m;
  m.failure = original;
  m.steps = original.schedule.size();
  {
    sim::ExecutionOptions eo;
    eo.max_steps = options.max_steps;
    eo.stacks = options.stacks;
    sim::Execution ex(program, eo);
    ReplayChooser chooser(original.schedule);
    ex.run(chooser);
    m.identity = failure_identity(ex);
  }
  ExploreOptions o;
  o.max_steps = options.max_steps;
  o.max_seconds = options.max_seconds;
  o.stacks = options.stacks;
  o.stop_on_failure = true;
  o.accept = [&](const sim::Execution& ex) { return failure_identity(ex) == m.identity; };
  auto search = [&](unsigned bound, std::uint64_t max_steps) {
    o.preemptions = bound;
    o.max_steps = max_steps;
    o.max_executions = options.max_executions > m.executions ? options.max_executions - m.executions : 1;
    ExploreResult r = explore_dfs(program, o);
    m.executions += r.executions + r.reexecuted;
    return r;
  };

  // Fewest preemptions: the bounds below the one found were all explored.
  const ExploreResult first = search(original.preemptions, options.max_steps);
  if (first.first_failure) {
    m.failure = *first.first_failure;
    m.steps = m.failure.schedule.size();
    m.fewest_preemptions = true;
  } else if (original.preemptions == 0) {
    m.fewest_preemptions = true;
  } else {
    m.stopped_by = first.stopped_by;
    return m;
  }
  // Fewest steps at that bound: shorten until nothing shorter fails so.
  while (m.steps > 1) {
    const ExploreResult r = search(m.failure.preemptions, m.steps - 1);
    if (!r.first_failure) {
      if (r.complete) m.fewest_steps = true;
      else m.stopped_by = r.stopped_by;
      break;
    }
    m.failure = *r.first_failure;
    m.steps = m.failure.schedule.size();
  }
  if (m.steps <= 1) m.fewest_steps = true;
  return m;
}

Minimization minimize(const Setup& setup, const FoundFailure& original, MinimizeOptions options) {
  auto program = model::make_program(*setup.scenario, setup.rules);
  options.max_steps = setup.max_steps;
  Minimization out{minimize(*program, original, options), {}};
  out.replay = replay(setup, out.result.failure.schedule);
  return out;
}

}  // namespace dcsim::explorer
