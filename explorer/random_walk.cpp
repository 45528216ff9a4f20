#include "explorer/random_walk.hpp"

#include "explorer/run.hpp"
#include "explorer/strategy.hpp"

namespace dcsim::explorer {

namespace {
class RandomChooser : public sim::Chooser {
 public:
  explicit RandomChooser(std::mt19937_64& rng) : rng_(rng) {}
  sim::ThreadId choose(const sim::Execution&, const std::vector<sim::ThreadId>& enabled) override {
    const sim::ThreadId t = enabled[draw(rng_, enabled.size())];
    preemptions_.chose(enabled, t);
    return t;
  }
  unsigned preemptions() const { return preemptions_.value(); }

 private:
  std::mt19937_64& rng_;
  PreemptionCount preemptions_;
};
}  // namespace

ExploreResult explore_random(const sim::Program& program, const ExploreOptions& options) {
  ExploreResult result;
  result.seed = options.seed;
  ExploreOptions o = options;
  if (!o.max_executions) o.max_executions = kDefaultSamples;
  Tally tally(result, o);
  sim::StackPool own_pool;
  std::mt19937_64 rng(options.seed);
  while (!tally.exhausted()) {
    sim::ExecutionOptions eo;
    eo.max_steps = o.max_steps;
    eo.stacks = o.stacks ? o.stacks : &own_pool;
    sim::Execution ex(program, eo);
    RandomChooser chooser(rng);
    ex.run(chooser);
    if (tally.add(ex, chooser.preemptions())) break;
  }
  return result;
}

}  // namespace dcsim::explorer
