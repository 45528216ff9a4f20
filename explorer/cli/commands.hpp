// The dcsim subcommands. Each registers itself on the app and returns the
// action to run once the command line is parsed; the action returns an exit code.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

namespace dcsim::cli {

using Action = std::function<int()>;

Action add_replay(CLI::App& app);
Action add_explore(CLI::App& app);
Action add_merge(CLI::App& app);
Action add_check(CLI::App& app);
Action add_rules(CLI::App& app);
Action add_bisect(CLI::App& app);
Action add_blame(CLI::App& app);

}  // namespace dcsim::cli
