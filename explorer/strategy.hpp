// The one entry point the CLI, the tests and the bench use to search a
// program: a strategy name and the shared options, bounds and result.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/dfs.hpp"

namespace dcsim::explorer {

enum class Strategy { Dfs, Bounded, SourceDpor, Dpor, Pct, Random };

inline constexpr Strategy kAllStrategies[] = {Strategy::Dfs, Strategy::Bounded,
                                              Strategy::SourceDpor, Strategy::Dpor,
                                              Strategy::Pct, Strategy::Random};

std::string_view to_string(Strategy s);
std::optional<Strategy> strategy_from_string(std::string_view s);
// Random walks and PCT sample; without --max-executions they stop here.
inline constexpr std::uint64_t kDefaultSamples = 1000;
// `bounded` without a bound from the scenario or --preemptions.
inline constexpr unsigned kDefaultPreemptionBound = 2;

// The search, cut into options.split work units explored by options.jobs
// threads (split.hpp, units.hpp); the result does not depend on jobs.
ExploreResult explore_with(Strategy s, const sim::Program& program, const ExploreOptions& options);

class Split;
// The work units of a search (split.hpp). Split 1, a time budget, and a
// search that ends within options.split_probe executions are one unit.
std::unique_ptr<Split> split_search(Strategy s, const sim::Program& program, const ExploreOptions& options);

// The bookkeeping every strategy shares: totals, the first failure, progress,
// and whether to stop.
class Tally {
 public:
  Tally(ExploreResult& r, const ExploreOptions& o);
  // True when a budget is used up: executions, total steps or time (and
  // says which in the result).
  bool exhausted();
  // Counts one execution; true when the search should stop at this failure.
  bool add(const sim::Execution& ex, unsigned preemptions);
  // Counts one execution cut short as redundant (DPOR): not an execution,
  // but progress is told, so that a run of them can be interrupted.
  void blocked();

 private:
  ExploreResult& r_;
  const ExploreOptions& o_;
  double start_ = 0;  // steady clock, read only with a time budget
};

// Whether a failure counts under the options (its kind, options.accept).
bool wanted(const sim::Execution& ex, const ExploreOptions& o);

// The fraction of a search tree explored once the current path's leaf is:
// for each node on the path, from the root, `done` of its `width` branches
// are finished, and each unexplored branch is assumed as large as the
// explored ones at that node (Knuth's estimator, Math. Comp. 1975, along
// the current path instead of a random probe, with the explored part
// credited: the weighted backtrack estimate of Kilby, Slaney, Thiebaux and
// Walsh, AAAI 2006). For DFS the widths are exact; for DPOR a node's width
// is the branches known so far (backtrack set or wakeup tree), which races
// found later can still widen, so the estimate runs low.
struct PathNode {
  std::size_t done = 0, width = 1;
};
double estimate_fraction(const std::vector<PathNode>& path);

}  // namespace dcsim::explorer
