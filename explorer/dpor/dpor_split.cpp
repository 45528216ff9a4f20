// DPOR's work units (strategy/split.hpp): the top of the tree by full
// expansion, each prefix a unit that DPOR explores below.
#include <algorithm>
#include <memory>
#include <vector>

#include "explorer/dpor/dpor_tree.hpp"
#include "explorer/strategy/split.hpp"

namespace dcsim::explorer {

namespace dpor {
namespace {

class FrontierChooser : public DporChooser {
 public:
  FrontierChooser(std::vector<Node>& stack, DporMode mode, std::optional<unsigned> bound, std::size_t limit)
      : DporChooser(stack, mode, bound), limit_(limit) {}
  ThreadId choose(const sim::Execution& ex, const std::vector<ThreadId>& enabled) override {
    if (ex.step() == limit_) {
      reached_ = true;  // the prefix reached the depth being expanded
      return sim::kNoThread;
    }
    return DporChooser::choose(ex, enabled);
  }
  bool reached() const { return reached_; }

 private:
  std::size_t limit_;
  bool reached_ = false;
};

// Full expansion with sleep sets: the next enabled thread not asleep, once
// the branch just explored has gone to sleep. Under a preemption bound (no
// sleep sets, see the top) only `sleep[chosen]` is set, marking the branch
// done, and the next is the next thread within the bound.
bool next_sibling(std::vector<Node>& stack, std::optional<unsigned> bound, std::size_t floor) {
  while (stack.size() > floor) {
    Node& n = stack.back();
    n.sleep[n.chosen] = true;
    for (ThreadId t : n.enabled)
      if (!n.sleep[t] && n.affordable(t, bound)) {
        n.chosen = t;
        n.backtrack[t] = true;
        return true;
      }
    stack.pop_back();
  }
  return false;
}

// The preemptions of a prefix, its last choice included.
unsigned preemptions_of(const std::vector<Node>& prefix) {
  if (prefix.empty()) return 0;
  const Node& n = prefix.back();
  return n.bounded.preemptions_before + n.cost(n.chosen);
}

class DporSplit : public Split {
 public:
  DporSplit(const sim::Program& program, const SearchPlan& plan, DporMode mode)
      : program_(program), mode_(plan.preemptions ? DporMode::Source : mode), bound_(plan.preemptions) {
    sim::StackPool pool;
    prefixes_ = expand_top<std::vector<Node>>(plan.split, [&](const std::vector<Node>& prefix, auto& out) {
      std::vector<Node> stack = prefix;
      const std::size_t floor = prefix.size();
      const std::size_t first = out.size();
      do {
        sim::ExecutionOptions eo;
        eo.max_steps = plan.max_steps;
        eo.stacks = &pool;
        sim::Execution ex(program_, eo);
        FrontierChooser chooser(stack, mode_, bound_, floor + 1);
        ex.run(chooser);
        const bool open = chooser.reached();
        const bool blocked = ex.cut_short() && !open;
        stack.resize(ex.step());
        // Every thread asleep at the prefix's end: it stays a unit of its own.
        if (blocked) return;
        if (!open) {
          // A step that failed is ordered with everything: its later
          // siblings must not keep it asleep (steps_of marks it).
          std::size_t real = 0;
          steps_of(stack, ex, real);
        }
        out.emplace_back(stack, open);
      } while (next_sibling(stack, bound_, floor));
      for (std::size_t k = first; k < out.size(); ++k)
        if (out[k].first.size() == floor + 1) out[k].first.back().unit.split_width = out.size() - first;
    });
    // Fewest preemptions first (CHESS: most failures need few), so that a
    // search stopping at its first failure meets it about as soon as the
    // search run whole does (nfs-ls-splice: 6,607 executions, whole 6,095;
    // in plain DFS order of the top, 566,712).
    std::stable_sort(prefixes_.begin(), prefixes_.end(), [](const auto& a, const auto& b) {
      return preemptions_of(a) < preemptions_of(b);
    });
    // The prefix is fixed in a unit: its branches are other units.
    for (std::vector<Node>& p : prefixes_)
      for (Node& n : p) {
        n.optimal.wakeup.clear();
        n.unit.inherited = n.sleep;
      }
  }

  std::size_t size() const override { return prefixes_.size(); }

  double weight(std::size_t unit) const override {
    double w = 1;
    for (const Node& n : prefixes_[unit]) w /= static_cast<double>(n.unit.split_width);
    return w;
  }

  ExploreResult run(std::size_t unit, const SearchPlan& plan, const RunHooks& hooks,
                    sim::StackPool& stacks) const override {
    RunHooks own = hooks;
    own.stacks = &stacks;
    return explore_below(program_, plan, own, mode_, prefixes_[unit]);
  }

 private:
  const sim::Program& program_;
  DporMode mode_;
  std::optional<unsigned> bound_;
  std::vector<std::vector<Node>> prefixes_;
};

}  // namespace
}  // namespace dpor

std::unique_ptr<Split> split_dpor(const sim::Program& program, const SearchPlan& plan, DporMode mode) {
  return std::make_unique<dpor::DporSplit>(program, plan, mode);
}

}  // namespace dcsim::explorer
