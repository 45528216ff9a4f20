#include "explorer/cli/visual_options.hpp"

#include <fmt/format.h>

#include <fstream>

#include "explorer/cli/common.hpp"
#include "explorer/visual/dot.hpp"
#include "explorer/visual/html.hpp"
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
  app.add_option("--html", html,
                 "Write the (failing) execution as a self-contained HTML report to FILE: swimlanes per thread, "
                 "the failure, a deadlock's wait-for cycle (docs/visualizing.md)");
  app.add_option("--dot", dot,
                 "Write the wait-for graph of the (failing) execution's deadlock in Graphviz DOT to FILE");
  app.add_option("--lock-order-dot", lock_order_dot,
                 "Write the lock-order graph (lockdep's, over lock classes) of that execution in Graphviz DOT to FILE");
}

void VisualArgs::write(const explorer::SearchPlan& setup, const explorer::Schedule& schedule,
                       const std::string& replay_command) const {
  if (!any()) return;
  explorer::Replay r = explorer::visual::replay_with_events(setup, schedule);
  const sim::Execution& ex = *r.execution;
  const explorer::visual::Context ctx = explorer::visual::context_of(setup, replay_command);
  if (perfetto) write_file("--perfetto", *perfetto, explorer::visual::perfetto_json(ex, ctx));
  if (html) write_file("--html", *html, explorer::visual::html_report(ex, ctx));
  const std::string title = ctx.scenario + " (" + ctx.file + ")";
  if (dot) write_file("--dot", *dot, explorer::visual::wait_for_dot(ex, title));
  if (lock_order_dot) {
    sim::LockOrderGraph g;
    g.add(ex);
    write_file("--lock-order-dot", *lock_order_dot, explorer::visual::lock_order_dot(g, title));
  }
}

}  // namespace dcsim::cli
