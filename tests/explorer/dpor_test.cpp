// DPOR against brute force: on seeded random small programs, optimal DPOR
// runs exactly one execution per Mazurkiewicz trace (counted by enumerating
// every interleaving and canonicalizing its happens-before relation),
// source-DPOR at least that many, and both find DFS's verdicts.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <functional>

#include "random_programs.hpp"

using namespace dcsim;
using namespace dcsim_test;

namespace {
// Each thread writes, reads and locks only its own objects.
class Disjoint : public sim::Program {
 public:
  explicit Disjoint(int threads) : threads_(threads) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    struct World : sim::World {
      std::vector<std::unique_ptr<sim::Semaphore>> sems;
      std::vector<std::unique_ptr<sim::WaitQueue>> queues;
    };
    auto w = std::make_unique<World>();
    for (int t = 0; t < threads_; ++t) {
      const sim::ObjectId v = ex.objects().add("variable", fmt::format("v{}", t));
      w->sems.push_back(std::make_unique<sim::Semaphore>(ex, fmt::format("sem{}", t)));
      w->queues.push_back(std::make_unique<sim::WaitQueue>(ex, fmt::format("queue{}", t)));
      ex.spawn(fmt::format("t{}", t), [v, s = w->sems.back().get(), q = w->queues.back().get()] {
        auto& ex = sim::Execution::current();
        ex.visible(sim::Footprint("write", {v, sim::Access::Write}));
        ex.visible(sim::Footprint("read", {v, sim::Access::Read}));
        s->down();
        ex.visible(sim::Footprint("write", {v, sim::Access::Write}));
        s->up();
        q->wake_up();
      });
    }
    return w;
  }

 private:
  int threads_;
};
}  // namespace

TEST_CASE("dpor: threads on disjoint objects run one execution", "[explorer][dpor]") {
  const int threads = GENERATE(2, 3, 4);
  Disjoint program(threads);
  for (explorer::Strategy s : {explorer::Strategy::Dpor, explorer::Strategy::SourceDpor}) {
    const explorer::ExploreResult r = all(s, program);
    INFO(explorer::to_string(s) << " with " << threads << " threads");
    CHECK(r.complete);
    CHECK(r.executions == 1);
    CHECK(r.verdicts[sim::Verdict::Ok] == 1);
    CHECK(r.steps == 6u * threads);
  }
  // The same program has many interleavings: DFS runs them all.
  if (threads == 2) CHECK(all(explorer::Strategy::Dfs, program).executions == 924);
}

TEST_CASE("dpor: one execution per Mazurkiewicz trace on random programs", "[explorer][dpor]") {
  std::size_t reduced = 0, with_failures = 0;
  for_each_program([&](std::uint64_t seed, const RandomProgram& program, const BruteForce& b) {
    const explorer::ExploreResult optimal = all(explorer::Strategy::Dpor, program);
    const explorer::ExploreResult dfs = all(explorer::Strategy::Dfs, program);
    INFO("seed " << seed << ": " << b.interleavings << " interleavings, " << b.traces.size()
                 << " traces; dpor " << optimal.executions);
    REQUIRE(dfs.executions == b.interleavings);
    CHECK(optimal.complete);
    CHECK(optimal.executions == b.traces.size());
    CHECK(kinds(optimal.verdicts) == b.verdicts);
    CHECK(kinds(dfs.verdicts) == b.verdicts);
    if (b.traces.size() < b.interleavings) ++reduced;
    if (b.verdicts.size() > 1) ++with_failures;
  });
  // The generator must produce programs where reduction and failures matter.
  CHECK(reduced >= 30);
  CHECK(with_failures >= 10);
}

TEST_CASE("source-dpor: at least one execution per trace on random programs", "[explorer][dpor]") {
  for_each_program([&](std::uint64_t seed, const RandomProgram& program, const BruteForce& b) {
    const explorer::ExploreResult source = all(explorer::Strategy::SourceDpor, program);
    INFO("seed " << seed << ": " << b.traces.size() << " traces; source-dpor " << source.executions);
    CHECK(source.complete);
    CHECK(source.executions >= b.traces.size());
    CHECK(kinds(source.verdicts) == b.verdicts);
  });
}
