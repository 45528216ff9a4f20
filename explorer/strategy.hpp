// The one entry point the CLI, the tests and the bench use to search a
// program: a strategy name and the shared options, bounds and result.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "explorer/dfs.hpp"
#include "explorer/tally.hpp"

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

}  // namespace dcsim::explorer
