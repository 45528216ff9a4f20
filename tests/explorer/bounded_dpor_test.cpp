// Bounded POR (explorer/dpor.cpp) against preemption-bounded DFS: with the
// same bound K, it finds every verdict DFS finds, never with more
// executions, on seeded random programs and on every bundled scenario.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"
#include "random_programs.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;
using dcsim_test::BruteForce;
using dcsim_test::RandomProgram;
using dcsim_test::kinds;

explorer::ExploreResult bounded(explorer::Strategy s, const sim::Program& p, unsigned k) {
  testing::Search o;
  o.hooks.stop_on_failure = false;
  o.max_steps = 1000;
  o.preemptions = k;
  return dcsim::testing::explore_with(s, p, o);
}

}  // namespace

TEST_CASE("bounded dpor: the verdicts of bounded dfs on random programs, in no more executions",
          "[explorer][dpor][bounded]") {
  std::size_t fewer = 0, differing_by_bound = 0;
  dcsim_test::for_each_program([&](std::uint64_t seed, const RandomProgram& program, const BruteForce& b) {
    std::set<sim::Verdict> previous;
    for (unsigned k : {0u, 1u, 2u}) {
      const explorer::ExploreResult dfs = bounded(explorer::Strategy::Dfs, program, k);
      INFO("seed " << seed << ", bound " << k);
      // With a bound, dpor and source-dpor are the same search: one will do.
      for (explorer::Strategy s : {explorer::Strategy::Dpor}) {
        const explorer::ExploreResult bpor = bounded(s, program, k);
        INFO(explorer::to_string(s) << ": " << bpor.executions << " executions, dfs " << dfs.executions);
        CHECK(bpor.strategy == "bounded-source-dpor");
        CHECK(bpor.complete);
        // Every branch is a distinct interleaving within the bound: the
        // verdicts are DFS's exactly, never from outside the bound.
        CHECK(kinds(bpor.verdicts) == kinds(dfs.verdicts));
        CHECK(bpor.executions <= dfs.executions);
        if (bpor.executions < dfs.executions) ++fewer;
      }
      if (k > 0 && kinds(dfs.verdicts) != previous) ++differing_by_bound;
      previous = kinds(dfs.verdicts);
    }
    CHECK(previous == b.verdicts);  // bound 2 reaches every verdict of these small programs
  });
  // The bound must matter on some programs, and the reduction on most.
  CHECK(differing_by_bound >= 2);
  CHECK(fewer >= 100);
}

namespace {
// Each thread writes, reads and locks only its own objects.
class Disjoint : public sim::Program {
 public:
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    struct World : sim::World {
      std::vector<std::unique_ptr<sim::Semaphore>> sems;
    };
    auto w = std::make_unique<World>();
    for (int t = 0; t < 3; ++t) {
      const sim::ObjectId v = ex.objects().add("variable", fmt::format("v{}", t));
      w->sems.push_back(std::make_unique<sim::Semaphore>(ex, fmt::format("sem{}", t)));
      ex.spawn(fmt::format("t{}", t), [v, s = w->sems.back().get()] {
        auto& ex = sim::Execution::current();
        ex.visible(sim::Footprint("write", {v, sim::Access::Write}));
        s->down();
        ex.visible(sim::Footprint("read", {v, sim::Access::Read}));
        s->up();
      });
    }
    return w;
  }
};
}  // namespace

TEST_CASE("bounded dpor: threads on disjoint objects run one execution", "[explorer][dpor][bounded]") {
  const unsigned k = GENERATE(0u, 1u, 3u);
  const explorer::ExploreResult r = bounded(explorer::Strategy::Dpor, Disjoint(), k);
  CHECK(r.complete);
  CHECK(r.executions == 1);
  CHECK(bounded(explorer::Strategy::Dfs, Disjoint(), k).executions > 1);
}

namespace {
model::Scenario load(const std::string& name) {
  return model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name);
}
}  // namespace

TEST_CASE("bounded dpor: the failure kinds of bounded dfs on every bundled scenario",
          "[explorer][dpor][bounded][scenarios]") {
#if defined(__SANITIZE_ADDRESS__)
  // DFS is slow under ASan: two scenarios as written, without their variants.
  const std::string file = GENERATE("devfs-ls-rm.json", "autofs-create-deadlock.json");
  constexpr bool kVariants = false;
#else
  constexpr bool kVariants = true;
  const std::string file = GENERATE("devfs-ls-rm.json", "devfs-revalidate-uaf.json",
                                    "autofs-create-deadlock.json", "autofs-expire-enoent.json",
                                    "autofs-expire-enoent-2lookups.json", "nfs-ls-race.json",
                                    "nfs-open-race.json");
#endif
  const model::Scenario s = load(file);
  // Cheap enough: the two-lookup autofs scenario as written only (its 2.6.27
  // variant takes 20000 executions), nfs within 1 preemption (its races need
  // 3: tests/scenarios finds them with the default, bounded DPOR), the rest
  // within 2.
  const bool nfs = file.rfind("nfs-", 0) == 0;
  std::vector<explorer::Setup> setups{explorer::setup_for(s)};
  if (kVariants && file != "autofs-expire-enoent-2lookups.json")
    for (const model::Variant& v : s.variants) setups.push_back(explorer::setup_for_variant(s, v));
  for (explorer::Setup st : setups) {
    st.preemptions = std::min(st.preemptions.value_or(2), nfs ? 1u : 2u);
    INFO(file << " variant '" << st.variant << "', bound " << *st.preemptions);
    st.strategy = explorer::Strategy::Bounded;
    const explorer::ExploreResult dfs = explorer::explore(st, false).result;
    st.strategy.reset();  // the default: bounded POR
    const explorer::ExploreResult bpor = explorer::explore(st, false).result;
    REQUIRE(dfs.complete);
    REQUIRE(bpor.complete);
    CHECK(bpor.strategy == "bounded-source-dpor");
    CHECK(kinds(bpor.verdicts) == kinds(dfs.verdicts));
    CHECK(bpor.executions <= dfs.executions);
  }
}
