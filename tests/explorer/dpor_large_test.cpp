// DPOR against brute force on larger random programs (11 and 12 visible
// steps): longer threads make more of the races that need a wakeup
// sequence through a step that fails, or past a sleeping thread, which the
// 9-step programs of dpor_test.cpp rarely reach.
#include <catch2/catch.hpp>

#include "random_programs.hpp"

namespace {

using namespace dcsim;
using namespace dcsim_test;

explorer::ExploreResult all(explorer::Strategy s, const sim::Program& p) {
  explorer::ExploreOptions o;
  o.stop_on_failure = false;
  o.max_steps = 1000;
  return explorer::explore_with(s, p, o);
}

#if defined(__SANITIZE_ADDRESS__)
constexpr std::uint64_t kSeeds = 10;
#else
constexpr std::uint64_t kSeeds = 40;
#endif

}  // namespace

TEST_CASE("dpor: one execution per trace on larger random programs", "[explorer][dpor]") {
  const std::size_t steps = GENERATE(11, 12);
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const Spec spec = generate(seed, steps);
    RandomProgram program(spec);
    const BruteForce b = enumerate(program);
    const explorer::ExploreResult optimal = all(explorer::Strategy::Dpor, program);
    const explorer::ExploreResult source = all(explorer::Strategy::SourceDpor, program);
    INFO("seed " << seed << ", " << steps << " steps, program:" << describe(spec) << "\n"
                 << b.interleavings << " interleavings, " << b.traces.size() << " traces; dpor "
                 << optimal.executions << ", source-dpor " << source.executions);
    CHECK(optimal.complete);
    CHECK(optimal.executions == b.traces.size());
    CHECK(kinds(optimal.verdicts) == b.verdicts);
    CHECK(source.complete);
    CHECK(source.executions >= b.traces.size());
    CHECK(kinds(source.verdicts) == b.verdicts);
  }
}
