// Work units (split.hpp): cutting the search into subtrees changes nothing
// that matters, and the threads exploring them change nothing at all. On
// seeded random programs: DFS counts are those of the search run whole for
// every split size; source-DPOR keeps every trace and verdict; optimal DPOR
// still runs one execution per trace; bounded POR finds bounded DFS's
// verdicts; for a given split, --jobs 2 gives exactly --jobs 1's result.
// The probe (SearchPlan::split_probe) is off here, so that these small
// programs are cut; one test pins what it does.
#include <catch2/catch.hpp>

#include <functional>

#include "explorer/report.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/units/run_units.hpp"
#include "random_programs.hpp"
#include "tests/explorer/test_search.hpp"

using namespace dcsim_test;

namespace {
// Under ASan or TSan, a third of the programs: the same checks, within the suite's time.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::uint64_t kScale = 3;
#else
constexpr std::uint64_t kScale = 1;
#endif

testing::Search options(std::size_t split, unsigned jobs = 1) {
  testing::Search o;
  o.hooks.stop_on_failure = false;
  o.max_steps = 1000;
  o.split = split;
  o.split_probe = 0;
  o.jobs = jobs;
  return o;
}

// Programs 1..n of 11 steps at most, each with its seed and text in the
// messages of what `f` checks.
void for_each_seed(std::uint64_t n, const std::function<void(std::uint64_t, const RandomProgram&)>& f) {
  for (std::uint64_t seed = 1; seed <= n; ++seed) {
    const Spec spec = generate(seed, 11);
    RandomProgram program(spec);
    INFO("seed " << seed << " program:" << describe(spec));
    f(seed, program);
  }
}

// Everything a report says of a search, as one string.
std::string summary(const explorer::ExploreResult& r) {
  std::string out = explorer::result_json(r).dump();
  if (r.first_failure)
    out += " first failure " + explorer::format_schedule(r.first_failure->schedule) + " " +
           std::to_string(r.first_failure->preemptions);
  return out;
}
}  // namespace

TEST_CASE("split: dfs and bounded count as the search run whole for every split size", "[explorer][split]") {
  for_each_seed(20 / kScale, [&](std::uint64_t seed, const RandomProgram& program) {
    for (std::optional<unsigned> bound : {std::optional<unsigned>(), std::optional<unsigned>(1)}) {
      testing::Search whole = options(1);
      whole.preemptions = bound;
      whole.hooks.stop_on_failure = seed % 2 == 0;
      const explorer::ExploreResult w = dcsim::testing::explore_with(explorer::Strategy::Dfs, program, whole);
      for (std::size_t split : {2, 5, 64}) {
        testing::Search o = whole;
        o.split = split;
        INFO("split " << split << (bound ? ", bound 1" : ""));
        CHECK(summary(dcsim::testing::explore_with(explorer::Strategy::Dfs, program, o)) == summary(w));
      }
    }
  });
}

TEST_CASE("split: both DPORs keep every trace and verdict for every split size, optimal DPOR one execution each",
          "[explorer][split][dpor]") {
  std::size_t cut = 0, searches = 0;
  for_each_seed(30 / kScale, [&](std::uint64_t, const RandomProgram& program) {
    const BruteForce b = enumerate(program);
    for (explorer::Strategy s : {explorer::Strategy::SourceDpor, explorer::Strategy::Dpor}) {
      for (std::size_t split : {2, 4, 16, 64}) {
        INFO(explorer::to_string(s) << ", split " << split);
        const explorer::ExploreResult r = dcsim::testing::explore_with(s, program, options(split));
        CHECK(r.complete);
        if (s == explorer::Strategy::Dpor)
          CHECK(r.executions == b.traces.size());
        else
          CHECK(r.executions >= b.traces.size());
        CHECK(kinds(r.verdicts) == b.verdicts);
        cut += dcsim::testing::split_search(s, program, options(split))->size() > 1;
        ++searches;
      }
    }
  });
  CHECK(cut * 2 >= searches);  // most of these searches really were cut
}

TEST_CASE("split: bounded POR finds bounded DFS's verdicts for every split size, in no more executions",
          "[explorer][split][bounded]") {
  std::size_t cut = 0, searches = 0;
  for_each_seed(30 / kScale, [&](std::uint64_t, const RandomProgram& program) {
    for (unsigned k : {0u, 1u, 2u}) {
      testing::Search whole = options(1);
      whole.preemptions = k;
      const explorer::ExploreResult dfs =
          dcsim::testing::explore_with(explorer::Strategy::Dfs, program, whole);
      for (std::size_t split : {2, 16, 64}) {
        INFO("bound " << k << ", split " << split);
        testing::Search o = whole;
        o.split = split;
        const explorer::ExploreResult r = dcsim::testing::explore_with(explorer::Strategy::Dpor, program, o);
        CHECK(r.strategy == "bounded-source-dpor");
        CHECK(kinds(r.verdicts) == kinds(dfs.verdicts));
        CHECK(r.executions <= dfs.executions);
        cut += dcsim::testing::split_search(explorer::Strategy::Dpor, program, o)->size() > 1;
        ++searches;
      }
    }
  });
  CHECK(cut * 2 >= searches);
}

TEST_CASE("split: sampling is cut into ranges of runs; random walks are those of the search whole",
          "[explorer][split][random]") {
  for_each_seed(10, [&](std::uint64_t seed, const RandomProgram& program) {
    for (explorer::Strategy s : {explorer::Strategy::Random, explorer::Strategy::Pct}) {
      for (bool stop : {false, true}) {
        INFO(explorer::to_string(s) << (stop ? ", stop at the first failure" : ""));
        testing::Search whole = options(1);
        whole.max_executions = 300;
        whole.seed = seed;
        whole.hooks.stop_on_failure = stop;
        const explorer::ExploreResult w = dcsim::testing::explore_with(s, program, whole);
        CHECK_FALSE(w.complete);  // sampling never claims the whole tree
        CHECK(w.seed == seed);
        testing::Search cut = whole;
        cut.split = 16;
        REQUIRE(dcsim::testing::split_search(s, program, cut)->size() == 16);
        const explorer::ExploreResult one = dcsim::testing::explore_with(s, program, cut);
        cut.jobs = 2;
        CHECK(summary(dcsim::testing::explore_with(s, program, cut)) == summary(one));
        // Each run draws from its own seeded stream: a random walk's runs
        // do not depend on the cut (PCT learns its k per unit, so may).
        if (s == explorer::Strategy::Random) CHECK(summary(one) == summary(w));
        CHECK(kinds(one.verdicts) == kinds(w.verdicts));
      }
    }
  });
}

TEST_CASE("split: a budget of executions or steps stops the cut search where the whole one stops",
          "[explorer][split]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    RandomProgram program(generate(seed, 11));
    INFO("seed " << seed);
    const explorer::ExploreResult all =
        dcsim::testing::explore_with(explorer::Strategy::Dfs, program, options(1));
    REQUIRE(all.executions > 2);
    for (int budget = 0; budget < 2; ++budget) {
      testing::Search whole = options(1);
      if (budget == 0)
        whole.max_executions = all.executions / 2;
      else
        whole.max_total_steps = all.steps / 2;
      INFO((budget == 0 ? "max executions " : "max total steps ") << (all.executions / 2) << "/" << (all.steps / 2));
      const explorer::ExploreResult w = dcsim::testing::explore_with(explorer::Strategy::Dfs, program, whole);
      CHECK_FALSE(w.complete);
      for (std::size_t split : {2, 16}) {
        testing::Search o = whole;
        o.split = split;
        CHECK(summary(dcsim::testing::explore_with(explorer::Strategy::Dfs, program, o)) == summary(w));
        o.jobs = 2;
        CHECK(summary(dcsim::testing::explore_with(explorer::Strategy::Dfs, program, o)) == summary(w));
        // DPOR: the cut is its own search, and the threads change nothing.
        testing::Search one = o, two = o;
        one.jobs = 1;
        const explorer::ExploreResult d =
            dcsim::testing::explore_with(explorer::Strategy::Dpor, program, one);
        CHECK(summary(dcsim::testing::explore_with(explorer::Strategy::Dpor, program, two)) == summary(d));
        if (!d.complete) CHECK(d.stopped_by == (budget == 0 ? "max-executions" : "max-total-steps"));
      }
    }
  }
}

TEST_CASE("split: a search that ends within the probe is not cut", "[explorer][split]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    RandomProgram program(generate(seed, 11));
    INFO("seed " << seed);
    for (explorer::Strategy s : {explorer::Strategy::Dfs, explorer::Strategy::Dpor}) {
      const explorer::ExploreResult whole = dcsim::testing::explore_with(s, program, options(1));
      REQUIRE(whole.executions > 1);
      testing::Search probed = options(64);
      probed.split_probe = whole.executions;  // the whole tree fits
      CHECK(dcsim::testing::split_search(s, program, probed)->size() == 1);
      CHECK(summary(dcsim::testing::explore_with(s, program, probed)) == summary(whole));
      probed.split_probe = whole.executions - 1;  // it does not: cut, if the tree is wide enough
      CHECK(dcsim::testing::split_search(s, program, probed)->size() ==
            dcsim::testing::split_search(s, program, options(64))->size());
    }
  }
}

TEST_CASE("split: --jobs 2 gives --jobs 1's result on random programs", "[explorer][split][parallel]") {
  for (std::uint64_t seed = 1; seed <= 30 / kScale; ++seed) {
    RandomProgram program(generate(seed, 11));
    INFO("seed " << seed);
    for (explorer::Strategy s : {explorer::Strategy::Dfs, explorer::Strategy::SourceDpor, explorer::Strategy::Dpor}) {
      for (std::optional<unsigned> bound : {std::optional<unsigned>(), std::optional<unsigned>(1)}) {
        for (bool stop : {false, true}) {
          testing::Search one = options(16, 1), two = options(16, 2);
          one.hooks.stop_on_failure = two.hooks.stop_on_failure = stop;
          one.preemptions = two.preemptions = bound;
          INFO(explorer::to_string(s) << (bound ? ", bound 1" : "") << (stop ? ", stop at the first failure" : ""));
          CHECK(summary(dcsim::testing::explore_with(s, program, two)) ==
                summary(dcsim::testing::explore_with(s, program, one)));
        }
      }
    }
  }
}

TEST_CASE("split: an interrupted run resumed gives the uninterrupted result", "[explorer][split][checkpoint]") {
  // The first of the seeded programs whose search is cut into several units.
  std::uint64_t seed = 1;
  testing::Search o = options(16);
  while (dcsim::testing::split_search(explorer::Strategy::SourceDpor, RandomProgram(generate(seed, 13)), o)
             ->size() < 8)
    ++seed;
  RandomProgram program(generate(seed, 13));
  const auto split = dcsim::testing::split_search(explorer::Strategy::SourceDpor, program, o);
  REQUIRE(split->size() >= 8);
  const explorer::UnitPlan whole;
  const explorer::ExploreResult want =
      explorer::merge_units(*split, o, o.hooks, explorer::run_units(*split, o, o.hooks, whole).results);

  // Interrupted from inside, as a signal handler would: after some executions.
  volatile std::sig_atomic_t flag = 0;
  testing::Search counting = o;
  std::uint64_t seen = 0;
  counting.hooks.progress = [&](std::uint64_t, std::uint64_t) {
    if (++seen == want.executions / 2) flag = 1;
  };
  explorer::UnitPlan first;
  first.interrupt = &flag;
  const explorer::UnitRun part = explorer::run_units(*split, counting, counting.hooks, first);
  CHECK(part.interrupted);
  CHECK(part.results.size() < split->size());
  CHECK_THROWS_AS(explorer::merge_units(*split, o, o.hooks, part.results), explorer::MissingUnit);

  explorer::UnitPlan rest;
  rest.known = part.results;
  rest.jobs = 2;
  const explorer::UnitRun done = explorer::run_units(*split, o, o.hooks, rest);
  CHECK_FALSE(done.interrupted);
  CHECK(summary(explorer::merge_units(*split, o, o.hooks, done.results)) == summary(want));
}
