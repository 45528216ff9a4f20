#include "explorer/cli/visual_options.hpp"

#include <fmt/format.h>

#include <fstream>

#include "explorer/cli/common.hpp"
#include "explorer/visual/perfetto.hpp"
#include "explorer/visual/replay_events.hpp"

namespace dcsim::cli {

namespace {
void write_file(const std::string& option, const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw UsageError(fmt::format("{} {}: cannot write the file", option, path));
}
}  // namespace

void VisualArgs::add_to(CLI::App& app) {
  app.add_option("--perfetto", perfetto,
                 "Write the (failing) execution as Chrome trace-event JSON to FILE, for ui.perfetto.dev "
                 "or chrome://tracing (docs/visualizing.md)");
}

void VisualArgs::write(const explorer::Setup& setup, const explorer::Schedule& schedule,
                       const std::string& replay_command) const {
  if (!any()) return;
  explorer::Replay r = explorer::visual::replay_with_events(setup, schedule);
  const sim::Execution& ex = *r.execution;
  const explorer::visual::Context ctx = explorer::visual::context_of(setup, replay_command);
  if (perfetto) write_file("--perfetto", *perfetto, explorer::visual::perfetto_json(ex, ctx));
}

}  // namespace dcsim::cli
