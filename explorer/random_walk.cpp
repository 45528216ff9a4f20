#include "explorer/random_walk.hpp"

#include <algorithm>

#include "explorer/run.hpp"
#include "explorer/strategy.hpp"

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
}  // namespace

ExploreResult sample(const sim::Program& program, const ExploreOptions& options,
                     const std::function<std::unique_ptr<Sampler>(std::uint64_t longest)>& make) {
  ExploreResult result;
  result.seed = options.seed;
  ExploreOptions o = options;
  if (!o.max_executions) o.max_executions = kDefaultSamples;
  Tally tally(result, o);
  sim::StackPool own_pool;
  sim::ExecutionOptions eo;
  eo.max_steps = o.max_steps;
  eo.stacks = o.stacks ? o.stacks : &own_pool;
  std::uint64_t longest = 0;
  while (!tally.exhausted()) {
    sim::Execution ex(program, eo);
    const std::unique_ptr<Sampler> chooser = make(longest);
    ex.run(*chooser);
    longest = std::max(longest, ex.step());
    if (tally.add(ex, chooser->preemptions())) break;
  }
  return result;
}

ExploreResult explore_random(const sim::Program& program, const ExploreOptions& options) {
  std::mt19937_64 rng(options.seed);
  return sample(program, options, [&rng](std::uint64_t) { return std::make_unique<RandomChooser>(rng); });
}

}  // namespace dcsim::explorer
