// DPOR's search loop (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014): run an
// execution along the tree, reverse its races (race_analysis.cpp and each
// mode's rule), move to the next branch. Under a preemption bound this is
// bounded POR (explorer/bounded_por/bounded_por.hpp).
#include "explorer/dpor/dpor.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "explorer/dpor/dpor_tree.hpp"
#include "explorer/strategy/tally.hpp"

namespace dcsim::explorer {

namespace dpor {

// The steps of the execution just run, then pending steps that never ran:
// each thread's when it became blocked (a down() behind a held semaphore
// must be able to overtake the down() that took it), and every unfinished
// thread's at the end.
void steps_of(std::vector<Node>& stack, const sim::Execution& ex, std::size_t& real, std::vector<Event>& events) {
  const sim::Failure& f = ex.failure();
  const bool cut = f.kind != sim::Verdict::Ok && f.kind != sim::Verdict::Deadlock &&
                   f.kind != sim::Verdict::StepBound && f.thread != sim::kNoThread;
  if (cut && !stack.empty() && stack.back().chosen == f.thread) {
    // Known only now that it ran: sleep sets and wakeup trees must see it too.
    Node& last = stack.back();
    last.next[f.thread].ends_all = true;
    if (!last.optimal.wakeup.empty() && last.optimal.wakeup.front().event.thread == f.thread)
      last.optimal.wakeup.front().event.ends_all = true;
  }
  // Resized, not cleared: each slot keeps its touches' buffer.
  std::size_t used = 0;
  const auto add = [&](const Event& e) -> Event& {
    if (used == events.size()) events.emplace_back();
    Event& out = events[used++];
    out = e;
    return out;
  };
  for (const Node& n : stack) add(n.next[n.chosen]);
  real = used;
  for (std::size_t k = 0; k < stack.size(); ++k) {
    const Node& n = stack[k];
    for (ThreadId t = 0; t < n.next.size(); ++t) {
      if (n.next[t].thread == sim::kNoThread || n.is_enabled(t)) continue;
      const bool newly = k == 0 || t >= stack[k - 1].next.size() ||
                         stack[k - 1].chosen == t || stack[k - 1].is_enabled(t);
      if (!newly) continue;
      add(n.next[t]).horizon = k;
    }
  }
  // After a failing step nothing more runs: what was pending then raced
  // with everything before it, and with the failing step itself.
  const bool ends = !stack.empty() && stack.back().next[stack.back().chosen].ends_all;
  for (ThreadId t = 0; t < ex.thread_count(); ++t)
    if (const sim::Footprint* fp = ex.pending(t)) {
      if (used == events.size()) events.emplace_back();
      Event& e = events[used++];
      e.thread = t;
      widen_into(ex.objects(), *fp, e.touches);
      e.ends_all = false;
      e.horizon = ends ? real - 1 : real;
    }
  events.resize(used);
}

std::vector<Event> steps_of(std::vector<Node>& stack, const sim::Execution& ex, std::size_t& real) {
  std::vector<Event> events;
  steps_of(stack, ex, real, events);
  return events;
}

namespace {

// Moves to the next branch to explore; false when the tree is exhausted.
// The first `floor` nodes are a fixed prefix (a work unit's root).
bool backtrack(std::vector<Node>& stack, DporMode mode, std::optional<unsigned> bound,
               std::vector<Node>& spare, std::size_t floor = 0) {
  while (stack.size() > floor) {
    Node& n = stack.back();
    n.sleep[n.chosen] = true;
    ++n.done;
    ThreadId next = sim::kNoThread;
    if (mode == DporMode::Optimal) {
      if (!n.optimal.wakeup.empty() && n.optimal.wakeup.front().event.thread == n.chosen)
        n.optimal.wakeup.erase(n.optimal.wakeup.begin());
      std::erase_if(n.optimal.wakeup, [&](const WakeupNode& w) {
        return n.sleep[w.event.thread] || !n.is_enabled(w.event.thread);
      });
      if (!n.optimal.wakeup.empty()) next = n.optimal.wakeup.front().event.thread;
    } else {
      for (ThreadId t : n.enabled)
        if (n.backtrack[t] && !n.sleep[t] && n.affordable(t, bound)) {
          next = t;
          break;
        }
    }
    if (next != sim::kNoThread) {
      n.chosen = next;
      return true;
    }
    truncate(stack, stack.size() - 1, spare);
  }
  return false;
}

// The fraction of the tree explored, by the branches known so far.
// Only the nodes below `root` count: a work unit's share of its subtree.
double explored(const std::vector<Node>& stack, DporMode mode, std::optional<unsigned> bound,
                std::size_t root) {
  thread_local std::vector<PathNode> path;  // reused: asked after every execution
  path.clear();
  for (std::size_t k = root; k < stack.size(); ++k) {
    const Node& n = stack[k];
    std::size_t todo = 0;
    if (mode == DporMode::Optimal) {
      // The branch being run, and those backtrack() will not drop.
      for (std::size_t i = 0; i < n.optimal.wakeup.size(); ++i) {
        const ThreadId t = n.optimal.wakeup[i].event.thread;
        if (i == 0 || (t != n.chosen && !n.sleep[t] && n.is_enabled(t))) ++todo;
      }
    } else
      for (ThreadId t : n.enabled)
        if ((t == n.chosen || (n.backtrack[t] && !n.sleep[t])) && n.affordable(t, bound)) ++todo;
    path.push_back(PathNode{n.done, n.done + std::max<std::size_t>(todo, 1)});
  }
  return estimate_fraction(path);
}

}  // namespace

// DPOR below the fixed prefix `stack` (empty: the whole tree).
ExploreResult explore_below(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                            DporMode mode, std::vector<Node> stack) {
  const std::size_t root = stack.size();
  ExploreResult result;
  const std::optional<unsigned> bound = plan.preemptions;
  if (bound) mode = DporMode::Source;  // bounded POR: see the top
  // The name the registry gives (bounded POR under a bound): unit results
  // in shard reports and checkpoints carry it.
  result.strategy =
      search_strategy(mode == DporMode::Optimal ? Strategy::Dpor : Strategy::SourceDpor, bound).result_name();
  result.preemption_bound = bound;
  Tally tally(result, plan, hooks);
  sim::StackPool own_pool;  // used only when the caller lends none
  sim::StackPool* pool = hooks.stacks ? hooks.stacks : &own_pool;
  std::uint64_t runs = 0;
  // Reused from one execution to the next: nodes cut off the stack, the
  // steps of the execution, the race analysis's rows.
  std::vector<Node> spare;
  std::vector<Event> events;
  RaceState races;
  do {
    if (tally.exhausted()) return result;
    // The steps above the node backtrack() moved keep their rows.
    races.keep(stack.empty() ? 0 : stack.size() - 1);
    const sim::ExecutionOptions eo = execution_options(plan, pool);
    sim::Execution ex(program, eo);
    DporChooser chooser(stack, mode, bound, &spare);
    ex.run(chooser);
    const bool blocked = ex.cut_short();
    truncate(stack, ex.step(), spare);
    // A blocked execution is not counted, but its steps still race
    // (Algorithm 1 reverses races as it goes).
    std::size_t real = 0;
    steps_of(stack, ex, real, events);
    result.races += RaceAnalysis(stack, mode, events, real, bound, root, races).run();
    ++runs;
    if (hooks.estimate) {
      hooks.estimate->fraction = explored(stack, mode, bound, root);
      hooks.estimate->runs = runs;
    }
    if (blocked)
      tally.blocked();
    else if (tally.add(ex, chooser.preemptions()))
      return result;
  } while (backtrack(stack, mode, bound, spare, root));
  result.complete = true;
  return result;
}

}  // namespace dpor

ExploreResult explore_dpor(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                           DporMode mode) {
  return dpor::explore_below(program, plan, hooks, mode, {});
}

}  // namespace dcsim::explorer
