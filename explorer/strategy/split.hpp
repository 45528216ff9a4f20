// A search cut into work units: disjoint subtrees of the exploration tree,
// explored one by one or in parallel (--jobs), by several machines
// (--shard) or across interruptions (--checkpoint), with the same result.
//
// The cut is made by expanding the top of the tree, one level at a time,
// until there are at least SearchPlan::split prefixes. It depends only on
// the program and the search plan, never on --jobs or --shard, so every
// layout runs exactly the same units, and merging their results in unit
// order (units.hpp) is the search run whole: counts add, the first failure
// is the lowest unit's first, a stop at a failure or at max-executions
// happens at the same execution.
//
// How each strategy is cut:
//  - dfs and bounded: the top levels are the plain choices, in DFS order; a
//    unit is a prefix and DFS below it. With a preemption bound K, raised
//    from 0 (CHESS), unit i of level b explores the executions below prefix
//    i with at most b preemptions, counting those with exactly b; units go
//    level by level, so a failure with fewer preemptions still comes first.
//  - source-dpor and dpor: the top levels are explored by full expansion
//    with sleep sets (Godefroid): every enabled thread not asleep, the one
//    DPOR would pick first. A unit is a prefix with the sleep set at its
//    end, and DPOR explores below it: races whose reversal point lies above
//    the unit's root are dropped, since the full expansion above has taken
//    every branch there already. Sleep sets still allow at most one
//    complete execution per Mazurkiewicz trace; a branch of the top whose
//    threads all sleep counts as `blocked`, as DPOR's redundant executions
//    do. Optimal DPOR lets no thread asleep since above the root cover a
//    race (dpor.cpp, Node::inherited), and still runs exactly one
//    execution per trace. Units go fewest preemptions first, then in DFS
//    order: the first failure comes about as soon as in the search whole.
//  - bounded POR (dpor and source-dpor with a preemption bound): the top is
//    expanded fully, every thread the bound allows, without sleep sets (as
//    bounded POR itself runs, dpor.cpp).
//  - pct and random: unit u makes a range of the runs, each run seeded by
//    the search's seed and its number (random_walk.hpp).
// A search that ends within SearchPlan::split_probe executions runs
// whole, as one unit (strategy.cpp).
#pragma once
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "explorer/result/explore_result.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/strategy/run_hooks.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer {

// The top of the tree is expanded no deeper than this: a long stretch with
// one thread enabled would otherwise cost a run per level.
inline constexpr std::size_t kMaxSplitDepth = 200;

class Split {
 public:
  virtual ~Split() = default;
  // The number of work units, in search order.
  virtual std::size_t size() const = 0;
  // True when unit `unit` has nothing to run (bounded: its prefix has more
  // preemptions than its level allows).
  virtual bool empty(std::size_t /*unit*/) const { return false; }
  // The unit's share of the tree for the progress estimate: Knuth's
  // product of 1/width along its prefix (the units' weights sum to 1).
  virtual double weight(std::size_t /*unit*/) const { return 1.0 / static_cast<double>(size()); }
  // Explores unit `unit` alone, as a search of its own: `plan` is the
  // search's with the unit's budgets (`plan.max_executions` caps it),
  // `hooks.stop_on_failure` stops it. Safe to call from several threads at
  // once, each with its own stack pool (which overrides hooks.stacks).
  virtual ExploreResult run(std::size_t unit, const SearchPlan& plan, const RunHooks& hooks,
                            sim::StackPool& stacks) const = 0;
};

// The top of the tree expanded breadth-first: each open prefix is replaced
// by its children in search order, level after level, until there are at
// least `units` prefixes, none is open, or kMaxSplitDepth is reached.
// `children(p, out)` appends p's children as (prefix, open) pairs; a prefix
// with no children (a complete execution, or every thread asleep) stays as
// it is. When no prefix is left open the whole tree was smaller than the
// split: it is one unit, the root (an empty prefix).
template <class Prefix, class Children>
std::vector<Prefix> expand_top(std::size_t units, Children&& children) {
  std::vector<std::pair<Prefix, bool>> frontier;
  frontier.emplace_back(Prefix{}, true);
  for (std::size_t depth = 0; frontier.size() < units && depth < kMaxSplitDepth; ++depth) {
    std::vector<std::pair<Prefix, bool>> next;
    bool grew = false;
    for (auto& [prefix, open] : frontier) {
      const std::size_t before = next.size();
      if (open) children(prefix, next);
      if (next.size() == before) {
        next.emplace_back(std::move(prefix), false);
      } else {
        grew = true;
      }
    }
    frontier = std::move(next);
    if (!grew) break;
  }
  std::vector<Prefix> out;
  bool any_open = false;
  for (auto& [prefix, open] : frontier) {
    any_open = any_open || open;
    out.push_back(std::move(prefix));
  }
  if (!any_open) return std::vector<Prefix>(1);
  return out;
}

}  // namespace dcsim::explorer
