// DFS must enumerate exactly the interleavings of independent threads:
// N threads of k visible steps each have (Nk)! / (k!)^N interleavings.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "explorer/dfs/dfs.hpp"
#include "sim/sync.hpp"
#include "tests/explorer/test_search.hpp"

namespace {

using namespace dcsim;

class IndependentWrites : public sim::Program {
 public:
  IndependentWrites(unsigned threads, unsigned steps) : threads_(threads), steps_(steps) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    for (unsigned t = 0; t < threads_; ++t) {
      // fmt, not "t" + std::to_string(t): GCC 12 -O3 sees a false -Wrestrict
      // overlap in operator+(const char*, std::string&&).
      sim::ObjectId obj = ex.objects().add("cell", fmt::format("cell {}", t));
      ex.spawn(fmt::format("t{}", t), [obj, n = steps_] {
        auto& ex = sim::Execution::current();
        for (unsigned i = 0; i < n; ++i) ex.visible(sim::Footprint("write", {obj, sim::Access::Write}));
      });
    }
    return std::make_unique<sim::World>();
  }

 private:
  unsigned threads_, steps_;
};

std::uint64_t multinomial(unsigned n, unsigned k) {
  // (nk)! / (k!)^n computed as a product of binomials to stay exact.
  std::uint64_t result = 1;
  unsigned placed = 0;
  for (unsigned t = 0; t < n; ++t) {
    for (unsigned i = 1; i <= k; ++i) {
      result = result * (placed + i) / i;
    }
    placed += k;
  }
  return result;
}

}  // namespace

TEST_CASE("dfs: counts every interleaving of independent threads", "[sim][dfs]") {
  const auto [n, k] = GENERATE(table<unsigned, unsigned>(
      {{1, 5}, {2, 1}, {2, 3}, {2, 5}, {3, 1}, {3, 2}, {3, 3}, {4, 2}}));
  IndependentWrites program(n, k);
  testing::Search options;
  options.hooks.stop_on_failure = false;
  auto r = explorer::explore_dfs(program, options, options.hooks);
  INFO("N=" << n << " k=" << k);
  CHECK(r.complete);
  CHECK(r.executions == multinomial(n, k));
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  CHECK(r.steps == r.executions * n * k);
}
