// explore's work units on the command line: --shard (and dcsim merge),
// --checkpoint and --resume. What decides a search's result travels with
// its shard reports and checkpoints, so that they are only ever combined
// with the same search.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "explorer/cli/common.hpp"
#include "explorer/plan/search_plan.hpp"

namespace dcsim::cli {

// The explore command line: the scenario, its rules, and the search asked
// of it, parsed straight into the request that resolve_plan() reads. What
// of it decides the result (not how it is printed, nor --jobs or
// --max-time) is what shard reports and checkpoints record; --lockdep
// included, as each unit then carries its lock-order graph.
struct SearchArgs {
  std::string file;
  RuleOptions rules;
  bool all = false;
  explorer::SearchRequest request;
};

// The search `a` asks of `s`: its rules applied (throws UsageError), then
// resolve_plan().
explorer::SearchPlan plan_of(const SearchArgs& a, const model::Scenario& s);

struct UnitArgs {
  std::optional<std::string> shard;  // "I/N"
  std::optional<std::string> checkpoint, resume;
  std::optional<std::size_t> stop_after_units;  // testing: act as interrupted
  bool json = false;
  bool uses_units() const { return shard || checkpoint || resume || stop_after_units; }
};

// Prints explore's report of a finished exploration; returns the exit code.
using PrintReport = std::function<int(const explorer::Exploration&)>;

// explore with --shard, --checkpoint, --resume: runs this process's units,
// then prints the report (print), a shard report, or, when interrupted, a
// partial report. Returns the exit code: 130 (SIGINT, or
// --stop-after-units) or 143 (SIGTERM) when interrupted.
int explore_units(const SearchArgs& a, const UnitArgs& u, const model::Scenario& s,
                  const explorer::SearchPlan& plan, Progress& progress, const PrintReport& print);

// dcsim merge FILES: the report of the unsharded search from its shards'.
struct MergeInput {
  std::vector<std::string> files;
  // Prints the merged report with the search's own options.
  std::function<int(const SearchArgs&, const model::Scenario&, const explorer::SearchPlan&,
                    const explorer::Exploration&)>
      print;
};
int merge_shards(const MergeInput& in);

}  // namespace dcsim::cli
