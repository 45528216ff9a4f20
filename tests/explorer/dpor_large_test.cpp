// DPOR against brute force on larger random programs (11 and 12 visible
// steps): longer threads make more of the races that need a wakeup
// sequence through a step that fails, past a sleeping thread, which the
// 9-step programs of dpor_test.cpp never reach. Optimal DPOR used to miss
// traces there (seed 3 with 11 steps: 14 executions for 18 traces; seed 8
// with 12 steps: 16 for 24): a step that failed raced with a pending step
// e' only because it ends the execution, the wakeup sequence was e' alone,
// and a sleeping thread commuting with e' counted as covering it, though
// running that thread first kept the step from failing.
#include <catch2/catch.hpp>

#include "random_programs.hpp"

namespace {

using namespace dcsim;
using namespace dcsim_test;

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

// The smallest program the generator's failure reduces to: t1's first
// BUG_ON fails only between t0's locked write and its plain write, and t2's
// write may come before it or not. Each order is a trace of its own.
TEST_CASE("dpor: a failure overtaken by a step it does not read", "[explorer][dpor]") {
  Spec spec;
  spec.threads = {{{Op::Locked, 0, 1}, {Op::Write, 0, 0}},
                  {{Op::Assert, 0, 0}, {Op::Assert, 1, 1}},
                  {{Op::Write, 1, 0}}};
  RandomProgram program(spec);
  const BruteForce b = enumerate(program);
  REQUIRE(b.verdicts.count(sim::Verdict::Bug));
  const explorer::ExploreResult optimal = all(explorer::Strategy::Dpor, program);
  CHECK(optimal.complete);
  CHECK(optimal.executions == b.traces.size());
  CHECK(kinds(optimal.verdicts) == b.verdicts);
}
