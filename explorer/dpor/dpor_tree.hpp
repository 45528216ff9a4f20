// DPOR's internals that its pieces share (dpor.cpp, dpor_split.cpp,
// source_dpor.cpp, wakeup_tree.cpp, and bounded POR's
// conservative_point.cpp): events and their dependence, the search tree's
// nodes, the chooser and the race analysis. Not for use outside them.
#pragma once
#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "explorer/dpor/dpor.hpp"
#include "explorer/result/preemption.hpp"
#include "explorer/run.hpp"
#include "sim/execution.hpp"

namespace dcsim::explorer::dpor {

using sim::ThreadId;
// Inline up to a footprint's four touches and two containers: copying an
// event (a node's pending steps, the execution's steps) allocates nothing.
using Touches = boost::container::small_vector<sim::Touch, 6>;
using Threads = boost::container::small_vector<ThreadId, 8>;

// A footprint widened by containment: touching a field reads the object it
// lives in (a wait queue in a stack frame, a lookup struct's queue), so the
// step that ends a frame's or a heap object's lifetime is ordered with every
// access to what it contains; that order decides a use-after-free.
inline void widen_into(const sim::ObjectTable& objects, const sim::Footprint& fp, Touches& out) {
  out.clear();
  for (const sim::Touch& t : fp) {
    out.push_back(t);
    if (t.object == sim::kNoObject) continue;
    for (sim::ObjectId c = objects.at(t.object).container; c != sim::kNoObject;
         c = objects.at(c).container)
      out.push_back({c, sim::Access::Read});
  }
}
inline Touches widen(const sim::ObjectTable& objects, const sim::Footprint& fp) {
  Touches out;
  widen_into(objects, fp, out);
  return out;
}

struct Event {
  ThreadId thread = sim::kNoThread;
  Touches touches;
  // A step that failed ends the execution: it is ordered with every step the
  // other threads could still have taken.
  bool ends_all = false;
  // A blocked thread's pending step, placed after the first `horizon`
  // steps: it never ran, but it races with what blocked it.
  std::size_t horizon = SIZE_MAX;
};

inline bool conflict(const Event& a, const Event& b) {
  for (const sim::Touch& x : a.touches)
    for (const sim::Touch& y : b.touches)
      if (sim::conflicts(x, y)) return true;
  return false;
}

inline bool dependent(const Event& a, const Event& b) {
  return a.ends_all || b.ends_all || conflict(a, b);
}

// A wakeup tree (Algorithm 2): ordered branches of events still to run.
struct WakeupNode {
  Event event;
  std::vector<WakeupNode> children;
};

// The state before one step of the current execution. What every mode
// keeps is at the top; each mode's own state is a part of its own.
struct Node {
  std::vector<ThreadId> enabled;
  std::vector<Event> next;  // by thread: its pending step (thread == kNoThread once finished)
  // Sleep sets (Godefroid): threads whose step commutes with everything
  // since a sibling branch ran it first; under a preemption bound only the
  // branches done are marked (bounded POR keeps no sleep sets).
  std::vector<bool> sleep;
  // Source-DPOR (Algorithm 1) and bounded POR: the threads to branch to.
  std::vector<bool> backtrack;
  ThreadId chosen = sim::kNoThread;
  std::size_t done = 0;  // branches finished here (progress estimate)

  // Optimal DPOR (Algorithm 2): front() is the branch being explored.
  struct Optimal {
    std::vector<WakeupNode> wakeup;
  } optimal;
  // Bounded POR: where the preemption bound stands along the prefix.
  struct Bounded {
    unsigned preemptions_before = 0;
    ThreadId previous = sim::kNoThread;  // the thread that ran the step before
  } bounded;
  // A work unit's root (dpor_split.cpp).
  struct UnitRoot {
    // Asleep since above the root: another unit explores the traces this
    // thread starts, and no such thread covers a race in optimal DPOR
    // (wakeup_tree.cpp).
    std::vector<bool> inherited;
    std::size_t split_width = 1;  // the branches the split took here
  } unit;

  bool is_enabled(ThreadId t) const {
    return std::binary_search(enabled.begin(), enabled.end(), t);
  }
  // Running t here preempts the thread that ran before: 1, else 0.
  unsigned cost(ThreadId t) const {
    return preemption_cost(bounded.previous, is_enabled(bounded.previous), t);
  }
  // Running t here stays within the preemption bound.
  bool affordable(ThreadId t, std::optional<unsigned> bound) const {
    return !bound || bounded.preemptions_before + cost(t) <= *bound;
  }
};

// Picks, at each step, the branch the tree says; kNoThread when every
// thread is asleep or the branch wanted cannot run (blocked: the execution
// could only repeat an explored trace).
class DporChooser : public sim::Chooser {
 public:
  // `spare`: nodes popped off the stack earlier, whose buffers new nodes
  // reuse (truncate() below), so a search's steady state allocates no node.
  DporChooser(std::vector<Node>& stack, DporMode mode, std::optional<unsigned> bound,
              std::vector<Node>* spare = nullptr)
      : stack_(stack), mode_(mode), bound_(bound), spare_(spare) {}

  ThreadId choose(const sim::Execution& ex, const std::vector<ThreadId>& enabled) override {
    const std::size_t depth = ex.step();
    if (depth < stack_.size()) {
      const Node& n = stack_[depth];
      preemptions_.chose(enabled, n.chosen);
      return n.chosen;
    }
    Node n;
    if (spare_ && !spare_->empty()) {
      n = std::move(spare_->back());
      spare_->pop_back();
    }
    n.enabled.assign(enabled.begin(), enabled.end());
    const std::size_t threads = ex.thread_count();
    n.next.resize(threads);
    n.sleep.assign(threads, false);
    n.unit.inherited.assign(threads, false);
    n.unit.split_width = 1;
    n.backtrack.assign(threads, false);
    n.chosen = sim::kNoThread;
    n.done = 0;
    n.optimal.wakeup.clear();
    n.bounded.preemptions_before = preemptions_.value();
    n.bounded.previous = ex.schedule().empty() ? sim::kNoThread : ex.schedule().back();
    for (ThreadId t = 0; t < threads; ++t) {
      Event& e = n.next[t];
      e.ends_all = false;
      e.horizon = SIZE_MAX;
      if (const sim::Footprint* fp = ex.pending(t)) {
        e.thread = t;
        widen_into(ex.objects(), *fp, e.touches);
      } else {
        e.thread = sim::kNoThread;
        e.touches.clear();
      }
    }
    if (depth > 0) {
      Node& parent = stack_[depth - 1];
      const Event& done = parent.next[parent.chosen];
      for (ThreadId q = 0; q < parent.sleep.size() && q < threads && !bound_; ++q)
        if (parent.sleep[q] && q != parent.chosen && !dependent(parent.next[q], done)) {
          n.sleep[q] = true;
          n.unit.inherited[q] = parent.unit.inherited[q];
        }
      if (mode_ == DporMode::Optimal && !parent.optimal.wakeup.empty())
        n.optimal.wakeup = parent.optimal.wakeup.front().children;
    }
    ThreadId pick = sim::kNoThread;
    if (!n.optimal.wakeup.empty()) {
      // A reversed race may need a thread that is blocked here: that
      // sequence cannot run, and the branch is dropped.
      std::erase_if(n.optimal.wakeup, [&](const WakeupNode& w) { return !n.is_enabled(w.event.thread); });
      if (n.optimal.wakeup.empty()) return give_back(n);  // blocked: it can only repeat an explored trace
      pick = n.optimal.wakeup.front().event.thread;
    } else {
      const ThreadId last = ex.schedule().empty() ? sim::kNoThread : ex.schedule().back();
      for (ThreadId t : enabled)
        if (!n.sleep[t] && n.affordable(t, bound_) && (pick == sim::kNoThread || t == last)) pick = t;
      if (pick == sim::kNoThread) return give_back(n);  // blocked, likewise
      if (mode_ == DporMode::Optimal) n.optimal.wakeup.push_back(WakeupNode{n.next[pick], {}});
    }
    n.backtrack[pick] = true;
    n.chosen = pick;
    stack_.push_back(std::move(n));
    preemptions_.chose(enabled, pick);
    return pick;
  }
  unsigned preemptions() const { return preemptions_.value(); }

 private:
  ThreadId give_back(Node& n) {
    if (spare_) spare_->push_back(std::move(n));
    return sim::kNoThread;
  }

  std::vector<Node>& stack_;
  DporMode mode_;
  std::optional<unsigned> bound_;
  std::vector<Node>* spare_;
  PreemptionCount preemptions_;
};

// Cuts the stack to `size` nodes, keeping the cut ones in `spare` for reuse.
inline void truncate(std::vector<Node>& stack, std::size_t size, std::vector<Node>& spare) {
  while (stack.size() > size) {
    spare.push_back(std::move(stack.back()));
    stack.pop_back();
  }
}


// Happens-before over the steps of one execution as bit sets.
using Bits = std::vector<std::uint64_t>;
inline bool has(const std::uint64_t* b, std::size_t i) { return (b[i / 64] >> (i % 64)) & 1u; }
inline void set(std::uint64_t* b, std::size_t i) { b[i / 64] |= std::uint64_t{1} << (i % 64); }
inline void unite(std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  for (std::size_t i = 0; i < words; ++i) a[i] |= b[i];
}

// What the race analysis keeps from one execution to the next of a search:
// a step's happens-before row and its races depend only on the steps up to
// it, so the rows of the prefix the next execution replays stay valid and
// only the steps after it are computed again (the clock vectors along the
// path, kept). Buffers are reused: the analysis allocates nothing once warm.
struct RaceState {
  std::vector<std::uint64_t> rows;  // row i: the steps before step i, `stride` words
  std::size_t stride = 0;
  std::size_t valid = 0;  // rows [0, valid) of real steps hold for the prefix kept
  std::vector<std::vector<std::size_t>> preds;  // per real step: the steps racing into it
  std::vector<std::pair<std::size_t, std::size_t>> races;
  std::vector<std::size_t> v, w, mine;
  Bits saved;
  // The next execution keeps only the first `depth` steps.
  void keep(std::size_t depth) { valid = std::min(valid, depth); }
};

// Every race of the execution just run, each reversed by the mode's rule:
// source sets (source_dpor.cpp), wakeup trees (wakeup_tree.cpp), and under
// a bound also BPOR's conservative point (bounded_por/conservative_point.cpp).
class RaceAnalysis {
 public:
  // Races reversed at a step before `root` are left alone: a work unit's
  // prefix, whose branches are other units (split.hpp). `state` carries the
  // rows of the steps an earlier execution of the same search shares.
  RaceAnalysis(std::vector<Node>& stack, DporMode mode, std::vector<Event>& events,
               std::size_t real, std::optional<unsigned> bound, std::size_t root, RaceState& state);

  // Every race e < e' (e' possibly a blocked thread's pending step after
  // the end, which must be able to overtake whatever disabled it): reverse it.
  std::uint64_t run();

 private:
  std::uint64_t* row(std::size_t i) { return s_.rows.data() + i * s_.stride; }
  const std::uint64_t* row(std::size_t i) const { return s_.rows.data() + i * s_.stride; }
  // Step b happens before step a.
  bool before(std::size_t a, std::size_t b) const { return has(row(a), b); }
  void reverse(std::size_t e, std::size_t e2);
  Threads initials(const std::vector<std::size_t>& v) const;
  bool weak_initial(const Event& next, const std::vector<std::size_t>& v, const Threads& init) const;
  void add_source(Node& at, const std::vector<std::size_t>& v) const;
  void add_conservative(std::size_t e, ThreadId racer, const std::vector<std::size_t>& v) const;
  void insert(Node& at, const std::vector<std::size_t>& v) const;
  bool starts_asleep(const Node& at, const std::vector<std::size_t>& v) const;

  std::vector<Node>& stack_;
  DporMode mode_;
  std::vector<Event>& events_;
  std::size_t real_;
  std::optional<unsigned> bound_;
  std::size_t root_;
  RaceState& s_;
  std::size_t words_ = 0;  // of a row in this execution
};

// The steps of the execution just run, then pending steps that never ran
// (dpor.cpp); `real` is set to the number that ran.
// Into `events`, whose buffers are reused.
void steps_of(std::vector<Node>& stack, const sim::Execution& ex, std::size_t& real, std::vector<Event>& events);
std::vector<Event> steps_of(std::vector<Node>& stack, const sim::Execution& ex, std::size_t& real);

// DPOR below the fixed prefix `stack` (empty: the whole tree).
ExploreResult explore_below(const sim::Program& program, const SearchPlan& plan, const RunHooks& hooks,
                            DporMode mode, std::vector<Node> stack);

}  // namespace dcsim::explorer::dpor
