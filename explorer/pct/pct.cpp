#include "explorer/pct/pct.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "explorer/random/random_walk.hpp"
#include "explorer/run.hpp"

namespace dcsim::explorer {

namespace {
class PctChooser : public Sampler {
 public:
  PctChooser(std::mt19937_64& rng, unsigned depth, std::uint64_t k) : rng_(rng) {
    for (unsigned i = 1; i < depth; ++i) change_at_.push_back(1 + draw(rng_, std::max<std::uint64_t>(k, 1)));
  }
  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override {
    if (priority_.size() < ex.thread_count()) assign(ex.thread_count());
    sim::ThreadId best = enabled.front();
    for (sim::ThreadId t : enabled)
      if (priority_[t] > priority_[best]) best = t;
    // Change point i: the thread about to run drops to priority i (below the
    // initial ones, which start at the depth d).
    const std::uint64_t step = ex.step() + 1;
    for (std::size_t i = 0; i < change_at_.size(); ++i)
      if (change_at_[i] == step) {
        priority_[best] = i;
        best = enabled.front();
        for (sim::ThreadId t : enabled)
          if (priority_[t] > priority_[best]) best = t;
      }
    preemptions_.chose(enabled, best);
    return best;
  }
  unsigned preemptions() const override { return preemptions_.value(); }

 private:
  void assign(std::size_t n) {
    const std::size_t old = priority_.size();
    std::vector<std::uint64_t> fresh(n - old);
    std::iota(fresh.begin(), fresh.end(), change_at_.size() + 1 + old);
    for (std::size_t i = fresh.size(); i > 1; --i) std::swap(fresh[i - 1], fresh[draw(rng_, i)]);
    priority_.insert(priority_.end(), fresh.begin(), fresh.end());
  }
  std::mt19937_64& rng_;
  std::vector<std::uint64_t> change_at_;
  std::vector<std::uint64_t> priority_;
  PreemptionCount preemptions_;
};
}  // namespace

ExploreResult explore_pct(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                          SampleRange range) {
  const unsigned depth = std::max(1u, plan.pct_depth);
  // k, the number of steps, is learnt: first from one run without
  // preemptions (not counted), then the longest run so far (of this work
  // unit: units do not wait for each other). The bound reported is the
  // weakest, that of the largest k.
  std::uint64_t k = 0;
  std::size_t n = 0;
  {
    sim::ExecutionOptions eo;
    eo.max_steps = plan.max_steps;
    eo.stacks = hooks.stacks;
    sim::Execution trial(program, eo);
    ReplayChooser chooser({});
    trial.run(chooser);
    k = trial.step();
    n = trial.thread_count();
  }
  ExploreResult result =
      sample(program, plan, hooks, range, [&](std::mt19937_64& rng, std::uint64_t longest) {
        k = std::max(k, longest);
        return std::make_unique<PctChooser>(rng, depth, k);
      });
  result.probability_bound =
      1.0 / (static_cast<double>(std::max<std::size_t>(n, 1)) *
             std::pow(static_cast<double>(std::max<std::uint64_t>(k, 1)), depth - 1));
  return result;
}

}  // namespace dcsim::explorer
