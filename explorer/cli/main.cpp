// dcsim: the command-line entry point. Subcommands live in their own files.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <map>
#include <string>
#include <string_view>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "model/scenario/scenario.hpp"

namespace {

// Whatever an error quotes of the command line (a name, a value, an
// unexpected argument), at most a couple of hundred characters of each word:
// the readers of files cut what they quote, CLI11 and the option checks do not.
std::string cut_words(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find_first_of(" \n", at);
    if (end == std::string_view::npos) end = text.size();
    out += dcsim::model::cut_for_message(text.substr(at, end - at));
    if (end < text.size()) out += text[end];
    at = end + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dcsim::cli;
  CLI::App app{
      "dcsim: a deterministic simulator of the Linux dentry cache and a race explorer.\n"
      "Exit codes: 0 nothing wrong found / expectations met; 1 a failure was found or an "
      "expectation was not met; 2 bad input or usage; 3 internal error."};
  // Before the subcommands, which copy it.
  app.failure_message(
      [](const CLI::App* a, const CLI::Error& e) { return cut_words(CLI::FailureMessage::simple(a, e)); });
  app.require_subcommand(1);
  app.set_version_flag("--version", "dcsim 0.1.0");
  Action replay = add_replay(app);
  Action explore = add_explore(app);
  Action check = add_check(app);
  Action rules = add_rules(app);
  Action bisect = add_bisect(app);
  Action blame = add_blame(app);
  Action merge = add_merge(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kBadInput;
  }
  const std::string name = app.get_subcommands().front()->get_name();
  const std::map<std::string, const Action*> actions = {{"replay", &replay}, {"explore", &explore}, {"check", &check},
                                                        {"rules", &rules},   {"bisect", &bisect},   {"blame", &blame},
                                                        {"merge", &merge}};
  const Action& action = *actions.at(name);
  try {
    return action();
  } catch (const dcsim::model::ScenarioError& e) {
    fmt::print(stderr, "dcsim: error: {}\n", cut_words(e.what()));
    return kBadInput;
  } catch (const UsageError& e) {
    fmt::print(stderr, "dcsim: error: {}\n", cut_words(e.what()));
    return kBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "dcsim: internal error: {}\n", e.what());
    return kInternal;
  }
}
