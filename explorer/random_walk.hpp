// Uniform random walks: at every step, each enabled thread is equally
// likely. Seeded; the same seed gives the same walks. Also the sampling
// loop PCT shares.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "explorer/dfs.hpp"

namespace dcsim::explorer {

// std::mt19937_64 is specified bit for bit; the standard's distributions are
// not, so indices are drawn by hand for the same walks on every platform.
inline std::size_t draw(std::mt19937_64& rng, std::size_t n) { return rng() % n; }

class Sampler : public sim::Chooser {
 public:
  virtual unsigned preemptions() const = 0;
};

// Fresh executions, each under a new sampler from `make` (given the longest
// run so far), until the execution bound (kDefaultSamples unless set) or,
// unless told to go on, the first failure.
ExploreResult sample(const sim::Program& program, const ExploreOptions& options,
                     const std::function<std::unique_ptr<Sampler>(std::uint64_t longest)>& make);

ExploreResult explore_random(const sim::Program& program, const ExploreOptions& options);

}  // namespace dcsim::explorer
