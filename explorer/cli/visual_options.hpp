// --perfetto, --html, --dot: the visual outputs of `replay` and `explore`
// (docs/visualizing.md), written from a replay of the schedule shown.
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "explorer/session.hpp"

namespace dcsim::cli {

struct VisualArgs {
  std::optional<std::string> perfetto, html, dot, lock_order_dot;

  void add_to(CLI::App& app);
  bool any() const { return perfetto || html || dot || lock_order_dot; }
  // Replays `schedule` with the event log and writes each file asked for;
  // a file that cannot be written is a UsageError.
  void write(const explorer::SearchPlan& setup, const explorer::Schedule& schedule,
             const std::string& replay_command) const;
};

}  // namespace dcsim::cli
