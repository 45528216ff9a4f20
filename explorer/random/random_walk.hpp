// Uniform random walks: at every step, each enabled thread is equally
// likely. Seeded; the same seed gives the same walks, each run its own
// stream. Also the sampling loop PCT shares.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "explorer/result/explore_result.hpp"
#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

// std::mt19937_64 is specified bit for bit; the standard's distributions are
// not, so indices are drawn by hand for the same walks on every platform.
inline std::size_t draw(std::mt19937_64& rng, std::size_t n) { return rng() % n; }

class Sampler : public sim::Chooser {
 public:
  virtual unsigned preemptions() const = 0;
};

// Which runs of a sampling search to make: `count` runs from run `first`
// (unset: up to the execution bound). A work unit makes a range (split.hpp).
struct SampleRange {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> count;
};

// Run i draws from its own stream, seeded by the search's seed and i: no run
// depends on the runs before it, so the runs can be cut into work units.
std::uint64_t run_seed(std::uint64_t seed, std::uint64_t run);

// Fresh executions, each under a new sampler from `make` (given its run's
// stream and the longest run so far), until the execution bound
// (kDefaultSamples unless set) or, unless told to go on, the first failure.
ExploreResult sample(
    const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks, SampleRange range,
    const std::function<std::unique_ptr<Sampler>(std::mt19937_64& rng, std::uint64_t longest)>& make);

ExploreResult explore_random(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks = {},
                             SampleRange range = {});

class Split;
// The runs of a sampling search cut into plan.split ranges, each a work
// unit; `explore` runs one range.
using SampleSearch = std::function<ExploreResult(const SearchPlan&, const RunHooks&, SampleRange)>;
std::unique_ptr<Split> split_samples(const SearchPlan& plan, SampleSearch explore);

const SearchStrategy& random_strategy();

}  // namespace dcsim::explorer
