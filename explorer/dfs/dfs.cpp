#include "explorer/dfs/dfs.hpp"

#include "explorer/result/preemption.hpp"

#include "explorer/strategy/split.hpp"
#include "explorer/strategy/strategy.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <memory>
#include <vector>

namespace dcsim::explorer {

namespace {

struct Node {
  std::vector<sim::ThreadId> order;  // alternatives: the previous thread first, then by id
  std::size_t index = 0;             // the one taken in the current execution
  sim::ThreadId previous = sim::kNoThread;
  bool previous_enabled = false;
  unsigned preemptions_before = 0;

  unsigned cost(std::size_t i) const {
    return preemption_cost(previous, previous_enabled, order[i]);
  }
};

class DfsChooser : public sim::Chooser {
 public:
  // `spare`: nodes cut off the stack earlier, whose buffers new nodes reuse.
  DfsChooser(std::vector<Node>& stack, std::optional<unsigned> bound, std::vector<Node>* spare = nullptr)
      : stack_(stack), bound_(bound), spare_(spare) {}

  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override {
    const std::size_t depth = ex.step();  // choices made so far
    if (depth < stack_.size()) {
      const Node& n = stack_[depth];
      preemptions_ = n.preemptions_before + n.cost(n.index);
      last_ = n.order[n.index];
      return last_;
    }
    Node n;
    if (spare_ && !spare_->empty()) {
      n = std::move(spare_->back());
      spare_->pop_back();
      n.order.clear();
    }
    n.previous = last_;
    n.previous_enabled = std::binary_search(enabled.begin(), enabled.end(), last_);
    if (n.previous_enabled) n.order.push_back(last_);
    for (sim::ThreadId t : enabled)
      if (!(n.previous_enabled && t == last_)) n.order.push_back(t);
    n.preemptions_before = preemptions_;
    n.index = 0;  // never a preemption
    stack_.push_back(std::move(n));
    last_ = stack_.back().order[0];
    return last_;
  }
  unsigned preemptions() const { return preemptions_; }

 private:
  std::vector<Node>& stack_;
  std::optional<unsigned> bound_;
  std::vector<Node>* spare_;
  sim::ThreadId last_ = sim::kNoThread;
  unsigned preemptions_ = 0;
};

// Moves to the next unexplored prefix; false when the tree is exhausted.
// The first `floor` nodes are a fixed prefix (a work unit's root).
// Cuts the stack to `size` nodes, keeping the cut ones in `spare` for reuse
// (nullptr: dropped).
void truncate(std::vector<Node>& stack, std::size_t size, std::vector<Node>* spare) {
  while (stack.size() > size) {
    if (spare) spare->push_back(std::move(stack.back()));
    stack.pop_back();
  }
}

bool backtrack(std::vector<Node>& stack, std::optional<unsigned> bound, std::size_t floor = 0,
               std::vector<Node>* spare = nullptr) {
  while (stack.size() > floor) {
    Node& n = stack.back();
    for (++n.index; n.index < n.order.size(); ++n.index)
      if (!bound || n.preemptions_before + n.cost(n.index) <= *bound) return true;
    truncate(stack, stack.size() - 1, spare);
  }
  return false;
}

// The fraction of this bound's tree explored once the current leaf is.
// Only the nodes below `floor` count: a work unit's share of its subtree.
double explored(const std::vector<Node>& stack, std::optional<unsigned> bound, std::size_t floor) {
  thread_local std::vector<PathNode> path;  // reused: asked after every execution
  path.clear();
  for (std::size_t k = floor; k < stack.size(); ++k) {
    const Node& n = stack[k];
    PathNode p{0, 0};
    for (std::size_t i = 0; i < n.order.size(); ++i)
      if (!bound || n.preemptions_before + n.cost(i) <= *bound) {
        ++p.width;
        if (i < n.index) ++p.done;
      }
    path.push_back(p);
  }
  return estimate_fraction(path);
}

// Explores, within `b`, the executions below the fixed prefix `stack`,
// counting those with exactly `bound` preemptions (all of them when `b` is
// unset) and re-running the others. False when the search stopped.
bool explore_below(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                   sim::StackPool* pool, std::vector<Node> stack, std::optional<unsigned> b, unsigned bound,
                   ExploreResult& result, Tally& tally) {
  const std::size_t floor = stack.size();
  const unsigned last_bound = plan.preemptions.value_or(0);
  std::uint64_t runs = 0;
  std::vector<Node> spare;  // nodes cut off the stack, for the next ones
  bool more = true;
  while (more) {
    if (tally.exhausted()) return false;
    const sim::ExecutionOptions eo = execution_options(plan, pool);
    sim::Execution ex(program, eo);
    DfsChooser chooser(stack, b, &spare);
    const sim::Failure& f = ex.run(chooser);
    // Stack entries beyond the execution's length came from a longer sibling.
    truncate(stack, ex.step(), &spare);
    const bool fresh = !b || chooser.preemptions() == bound;
    const bool wanted = explorer::wanted(ex, plan, hooks);
    if (fresh) {
      ++result.executions;
      result.steps += ex.step();
      ++result.verdicts[f.kind];
      auto& example = result.example[static_cast<std::size_t>(f.kind)];
      if (!example) example = ex.schedule();
      if (wanted && !result.first_failure)
        result.first_failure = FoundFailure{f, ex.schedule(), chooser.preemptions()};
    } else {
      ++result.reexecuted;
    }
    ++runs;
    if (hooks.estimate) {
      hooks.estimate->fraction = explored(stack, b, floor);
      hooks.estimate->runs = runs;
      hooks.estimate->scope = plan.preemptions ? fmt::format("bound {} of {}", bound, last_bound) : "";
    }
    if (hooks.progress) hooks.progress(result.executions, result.verdicts.failures());
    if (fresh && wanted && hooks.stop_on_failure) {
      result.stopped_by = "failure";
      return false;
    }
    more = backtrack(stack, b, floor, &spare);
  }
  return true;
}

}  // namespace

ExploreResult explore_dfs(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks) {
  ExploreResult result;
  result.preemption_bound = plan.preemptions;
  Tally tally(result, plan, hooks);
  sim::StackPool own_pool;  // used only when the caller lends none
  sim::StackPool* pool = hooks.stacks ? hooks.stacks : &own_pool;

  const unsigned last_bound = plan.preemptions.value_or(0);
  for (unsigned bound = 0; bound <= last_bound; ++bound) {
    const std::optional<unsigned> b = plan.preemptions ? std::optional<unsigned>(bound) : std::nullopt;
    if (!explore_below(program, plan, hooks, pool, {}, b, bound, result, tally)) return result;
  }
  result.complete = true;
  return result;
}

namespace {

class FrontierChooser : public DfsChooser {
 public:
  FrontierChooser(std::vector<Node>& stack, std::optional<unsigned> bound, std::size_t limit)
      : DfsChooser(stack, bound), limit_(limit) {}
  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override {
    if (ex.step() == limit_) return sim::kNoThread;  // the prefix reached the depth being expanded
    return DfsChooser::choose(ex, enabled);
  }

 private:
  std::size_t limit_;
};

unsigned preemptions_of(const std::vector<Node>& prefix) {
  if (prefix.empty()) return 0;
  const Node& n = prefix.back();
  return n.preemptions_before + n.cost(n.index);
}

// Units: the prefixes of the plain DFS tree within the largest bound; with a
// bound K, one level per bound 0..K, each running every prefix.
class DfsSplit : public Split {
 public:
  DfsSplit(const sim::Program& program, const SearchPlan& plan)
      : program_(program), bound_(plan.preemptions) {
    sim::StackPool pool;
    prefixes_ = expand_top<std::vector<Node>>(plan.split, [&](const std::vector<Node>& prefix, auto& out) {
      std::vector<Node> stack = prefix;
      const std::size_t floor = prefix.size();
      do {
        sim::ExecutionOptions eo;
        eo.max_steps = plan.max_steps;
        eo.stacks = &pool;
        sim::Execution ex(program_, eo);
        FrontierChooser chooser(stack, bound_, floor + 1);
        ex.run(chooser);
        const bool open = ex.cut_short();
        stack.resize(ex.step());
        out.emplace_back(stack, open);
      } while (backtrack(stack, bound_, floor));
    });
    nonempty_.assign(bound_.value_or(0) + 1, 0);
    for (std::size_t u = 0; u < size(); ++u) nonempty_[u / prefixes_.size()] += !empty(u);
  }

  std::size_t size() const override { return prefixes_.size() * (bound_.value_or(0) + 1); }

  // Knuth's weight of the prefix in its level's tree (widths within that
  // level's bound), times the level's units that are not empty: the deeper
  // bounds have more of the top within reach, and far larger trees below.
  double weight(std::size_t unit) const override {
    if (empty(unit)) return 0;
    const std::size_t level = unit / prefixes_.size();
    double w = static_cast<double>(nonempty_[level]);
    for (const Node& n : prefixes_[unit % prefixes_.size()]) {
      std::size_t width = 0;
      for (std::size_t i = 0; i < n.order.size(); ++i)
        if (!bound_ || n.preemptions_before + n.cost(i) <= level) ++width;
      w /= static_cast<double>(std::max<std::size_t>(width, 1));
    }
    return w;
  }

  bool empty(std::size_t unit) const override {
    return bound_ && preemptions_of(prefixes_[unit % prefixes_.size()]) > unit / prefixes_.size();
  }

  ExploreResult run(std::size_t unit, const SearchPlan& plan, const RunHooks& hooks,
                    sim::StackPool& stacks) const override {
    const unsigned level = static_cast<unsigned>(unit / prefixes_.size());
    ExploreResult r;
    r.preemption_bound = bound_;
    Tally tally(r, plan, hooks);
    if (!empty(unit))
      r.complete = explore_below(program_, plan, hooks, &stacks, prefixes_[unit % prefixes_.size()],
                                 bound_ ? std::optional<unsigned>(level) : std::nullopt, level, r, tally);
    else
      r.complete = true;
    return r;
  }

 private:
  const sim::Program& program_;
  std::optional<unsigned> bound_;
  std::vector<std::vector<Node>> prefixes_;
  std::vector<std::size_t> nonempty_;  // by level: the units not empty
};

}  // namespace

std::unique_ptr<Split> split_dfs(const sim::Program& program, const SearchPlan& plan) {
  return std::make_unique<DfsSplit>(program, plan);
}

}  // namespace dcsim::explorer
