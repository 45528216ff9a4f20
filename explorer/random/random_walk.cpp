#include "explorer/random/random_walk.hpp"

#include <algorithm>

#include "explorer/run.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/strategy/strategy.hpp"

namespace dcsim::explorer {

namespace {
class RandomChooser : public Sampler {
 public:
  explicit RandomChooser(std::mt19937_64& rng) : rng_(rng) {}
  sim::ThreadId choose(const sim::Execution&, const std::vector<sim::ThreadId>& enabled) override {
    const sim::ThreadId t = enabled[draw(rng_, enabled.size())];
    preemptions_.chose(enabled, t);
    return t;
  }
  unsigned preemptions() const override { return preemptions_.value(); }

 private:
  std::mt19937_64& rng_;
  PreemptionCount preemptions_;
};

std::uint64_t total_runs(const SearchPlan& p) { return p.max_executions.value_or(kDefaultSamples); }
}  // namespace

std::uint64_t run_seed(std::uint64_t seed, std::uint64_t run) {
  // SplitMix64's finalizer over (seed, run): neighbouring runs get unrelated streams.
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ull * (run + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

ExploreResult sample(
    const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks, SampleRange range,
    const std::function<std::unique_ptr<Sampler>(std::mt19937_64& rng, std::uint64_t longest)>& make) {
  ExploreResult result;
  result.seed = plan.seed;
  // This range's runs: a search of its own, with its own execution budget.
  SearchPlan own = plan;
  own.max_executions =
      std::min(total_runs(plan) - std::min(range.first, total_runs(plan)), range.count.value_or(UINT64_MAX));
  Tally tally(result, own, hooks);
  sim::StackPool own_pool;
  const sim::ExecutionOptions eo = execution_options(own, hooks.stacks ? hooks.stacks : &own_pool);
  std::uint64_t longest = 0;
  while (!tally.exhausted()) {
    std::mt19937_64 rng(run_seed(plan.seed, range.first + result.executions));
    sim::Execution ex(program, eo);
    const std::unique_ptr<Sampler> chooser = make(rng, longest);
    ex.run(*chooser);
    longest = std::max(longest, ex.step());
    if (tally.add(ex, chooser->preemptions())) break;
  }
  return result;
}

ExploreResult explore_random(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                             SampleRange range) {
  return sample(program, plan, hooks, range,
                [](std::mt19937_64& rng, std::uint64_t) { return std::make_unique<RandomChooser>(rng); });
}

namespace {
// Unit u makes runs [u * per, (u + 1) * per) of the search's runs; only the
// last unit's end is the search's end, where it stops by max-executions.
class SampleSplit : public Split {
 public:
  SampleSplit(const SearchPlan& plan, SampleSearch explore)
      : explore_(std::move(explore)), total_(total_runs(plan)) {
    per_ = std::max<std::uint64_t>(1, (total_ + plan.split - 1) / plan.split);
    units_ = static_cast<std::size_t>((total_ + per_ - 1) / per_);
  }
  std::size_t size() const override { return units_; }
  ExploreResult run(std::size_t unit, const SearchPlan& plan, const RunHooks& hooks,
                    sim::StackPool& stacks) const override {
    SearchPlan all = plan;
    all.max_executions = total_;
    RunHooks own = hooks;
    own.stacks = &stacks;
    const SampleRange range{unit * per_, std::min(per_, total_ - unit * per_)};
    // The merge's budget left (units.hpp) is never less than the range.
    ExploreResult r = explore_(all, own, range);
    if (unit + 1 < units_ && r.stopped_by == "max-executions") {
      r.complete = true;
      r.stopped_by.clear();
    }
    return r;
  }

 private:
  SampleSearch explore_;
  std::uint64_t total_, per_ = 1;
  std::size_t units_ = 1;
};
}  // namespace

std::unique_ptr<Split> split_samples(const SearchPlan& plan, SampleSearch explore) {
  return std::make_unique<SampleSplit>(plan, std::move(explore));
}

}  // namespace dcsim::explorer
