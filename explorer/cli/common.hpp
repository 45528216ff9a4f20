// What every scenario command shares: loading the scenario, choosing its
// rules from the command line, exit codes, progress on stderr.
#pragma once
#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::cli {

// Exit statuses, the same for every command: 0 nothing wrong found / expectations met; 1 a failure was found
// or an expectation was not met; 2 bad input or usage; 3 internal error.
enum Exit : int { kOk = 0, kFailure = 1, kBadInput = 2, kInternal = 3 };

// Bad command-line input (exit 2), as opposed to a bad scenario file.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RuleOptions {
  std::optional<std::string> profile;
  std::vector<std::string> rules;  // "name=value"
  std::optional<std::string> variant;
  std::optional<std::uint64_t> max_steps;

  void add_to(CLI::App& app);
  // The scenario's setup with these choices applied; throws UsageError.
  explorer::Setup apply(const model::Scenario& s) const;
  // The same choices as command-line words, for a pasteable replay command.
  std::string as_arguments() const;
};

// Progress lines on stderr: on a terminal, or when asked for.
class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  std::function<void(std::uint64_t, std::uint64_t)> callback();
  double seconds() const;
  bool enabled() const { return enabled_; }
  // Filled in by the search (dfs, dpor); the line then estimates the rest.
  explorer::TreeEstimate estimate;

 private:
  bool enabled_;
  double start_;
  double last_ = 0;
  bool printed_ = false;
};

std::string shell_quote(const std::string& s);
// `text` word-wrapped to `width` columns, each line indented.
std::string wrap(const std::string& text, std::size_t indent, std::size_t width = 96);

}  // namespace dcsim::cli
