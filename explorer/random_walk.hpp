// Uniform random walks: at every step, each enabled thread is equally
// likely. Seeded; the same seed gives the same walks.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "explorer/dfs.hpp"

namespace dcsim::explorer {

// std::mt19937_64 is specified bit for bit; the standard's distributions are
// not, so indices are drawn by hand for the same walks on every platform.
inline std::size_t draw(std::mt19937_64& rng, std::size_t n) { return rng() % n; }

ExploreResult explore_random(const sim::Program& program, const ExploreOptions& options);

}  // namespace dcsim::explorer
