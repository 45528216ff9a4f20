#include "explorer/dpor.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "explorer/split.hpp"
#include "explorer/strategy.hpp"

namespace dcsim::explorer {

namespace {

using sim::ThreadId;
using Touches = std::vector<sim::Touch>;

// A footprint widened by containment: touching a field reads the object it
// lives in (a wait queue in a stack frame, a lookup struct's queue), so the
// step that ends a frame's or a heap object's lifetime is ordered with every
// access to what it contains; that order decides a use-after-free.
Touches widen(const sim::ObjectTable& objects, const sim::Footprint& fp) {
  Touches out;
  for (const sim::Touch& t : fp) {
    out.push_back(t);
    if (t.object == sim::kNoObject) continue;
    for (sim::ObjectId c = objects.at(t.object).container; c != sim::kNoObject;
         c = objects.at(c).container)
      out.push_back({c, sim::Access::Read});
  }
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

bool conflict(const Event& a, const Event& b) {
  for (const sim::Touch& x : a.touches)
    for (const sim::Touch& y : b.touches)
      if (sim::conflicts(x, y)) return true;
  return false;
}

bool dependent(const Event& a, const Event& b) {
  return a.ends_all || b.ends_all || conflict(a, b);
}

// A wakeup tree (Algorithm 2): ordered branches of events still to run.
struct WakeupNode {
  Event event;
  std::vector<WakeupNode> children;
};

// The state before one step of the current execution.
struct Node {
  std::vector<ThreadId> enabled;
  std::vector<Event> next;  // by thread: its pending step (thread == kNoThread once finished)
  std::vector<bool> sleep, backtrack;
  ThreadId chosen = sim::kNoThread;
  std::vector<WakeupNode> wakeup;  // optimal: front() is the branch being explored

  bool is_enabled(ThreadId t) const {
    return std::binary_search(enabled.begin(), enabled.end(), t);
  }
};

struct Blocked {};  // the execution can only repeat an explored trace

class DporChooser : public sim::Chooser {
 public:
  DporChooser(std::vector<Node>& stack, DporMode mode) : stack_(stack), mode_(mode) {}

  ThreadId choose(const sim::Execution& ex, const std::vector<ThreadId>& enabled) override {
    const std::size_t depth = ex.step();
    if (depth < stack_.size()) {
      const Node& n = stack_[depth];
      preemptions_.chose(enabled, n.chosen);
      return n.chosen;
    }
    Node n;
    n.enabled = enabled;
    const std::size_t threads = ex.thread_count();
    n.next.resize(threads);
    n.sleep.assign(threads, false);
    n.backtrack.assign(threads, false);
    for (ThreadId t = 0; t < threads; ++t)
      if (const sim::Footprint* fp = ex.pending(t)) n.next[t] = Event{t, widen(ex.objects(), *fp)};
    if (depth > 0) {
      Node& parent = stack_[depth - 1];
      const Event& done = parent.next[parent.chosen];
      for (ThreadId q = 0; q < parent.sleep.size() && q < threads; ++q)
        if (parent.sleep[q] && q != parent.chosen && !dependent(parent.next[q], done))
          n.sleep[q] = true;
      if (mode_ == DporMode::Optimal && !parent.wakeup.empty())
        n.wakeup = parent.wakeup.front().children;
    }
    ThreadId pick = sim::kNoThread;
    if (!n.wakeup.empty()) {
      // A reversed race may need a thread that is blocked here: that
      // sequence cannot run, and the branch is dropped.
      std::erase_if(n.wakeup, [&](const WakeupNode& w) { return !n.is_enabled(w.event.thread); });
      if (n.wakeup.empty()) throw Blocked{};
      pick = n.wakeup.front().event.thread;
    } else {
      const ThreadId last = ex.schedule().empty() ? sim::kNoThread : ex.schedule().back();
      for (ThreadId t : enabled)
        if (!n.sleep[t] && (pick == sim::kNoThread || t == last)) pick = t;
      if (pick == sim::kNoThread) throw Blocked{};
      if (mode_ == DporMode::Optimal) n.wakeup.push_back(WakeupNode{n.next[pick], {}});
    }
    n.backtrack[pick] = true;
    n.chosen = pick;
    stack_.push_back(std::move(n));
    preemptions_.chose(enabled, pick);
    return pick;
  }
  unsigned preemptions() const { return preemptions_.value(); }

 private:
  std::vector<Node>& stack_;
  DporMode mode_;
  PreemptionCount preemptions_;
};

// Happens-before over the steps of one execution as bit sets.
using Bits = std::vector<std::uint64_t>;
bool has(const Bits& b, std::size_t i) { return (b[i / 64] >> (i % 64)) & 1u; }
void set(Bits& b, std::size_t i) { b[i / 64] |= std::uint64_t{1} << (i % 64); }
void unite(Bits& a, const Bits& b) {
  for (std::size_t i = 0; i < a.size(); ++i) a[i] |= b[i];
}

class RaceAnalysis {
 public:
  // Races reversed at a step before `root` are left alone: a work unit's
  // prefix, whose branches are other units (split.hpp).
  RaceAnalysis(std::vector<Node>& stack, DporMode mode, std::vector<Event>& events,
               std::size_t real, std::size_t root = 0)
      : stack_(stack), mode_(mode), events_(events), real_(real), root_(root) {
    const std::size_t words = (events.size() + 63) / 64;
    before_.assign(events.size(), Bits(words, 0));
  }

  // Every race e < e' (e' possibly a blocked thread's pending step after
  // the end, which must be able to overtake whatever disabled it): reverse it.
  std::uint64_t run() {
    std::vector<std::pair<std::size_t, std::size_t>> races;
    const std::size_t words = before_.empty() ? 0 : before_[0].size();
    for (std::size_t i = 0; i < events_.size(); ++i) {
      // Pending steps are unordered among themselves.
      const std::size_t limit = std::min({i, real_, events_[i].horizon});
      std::vector<std::size_t> direct;
      for (std::size_t j = 0; j < limit; ++j)
        if (events_[j].thread == events_[i].thread || dependent(events_[j], events_[i]))
          direct.push_back(j);
      Bits through(words, 0);  // happens before some direct predecessor
      for (std::size_t j : direct) {
        unite(before_[i], before_[j]);
        set(before_[i], j);
        unite(through, before_[j]);
      }
      for (std::size_t j : direct)
        if (events_[j].thread != events_[i].thread && !has(through, j)) races.emplace_back(j, i);
      if (i >= real_ && real_ > 0 && events_[real_ - 1].ends_all && events_[i].horizon == real_ - 1)
        races.emplace_back(real_ - 1, i);
    }
    // Reversals need the whole happens-before relation.
    std::uint64_t reversed = 0;
    for (auto [e, e2] : races)
      if (e >= root_) {
        reverse(e, e2);
        ++reversed;
      }
    return reversed;
  }

 private:
  // v = notdep(e, E).e' from the state before e.
  void reverse(std::size_t e, std::size_t e2) {
    std::vector<std::size_t> v;
    for (std::size_t k = e + 1; k < std::min(real_, events_[e2].horizon); ++k)
      if (!has(before_[k], e)) v.push_back(k);
    // Once e' no longer sees what e touched, whether it fails is open again,
    // and so is what it is ordered after.
    const Event saved = events_[e2];
    const Bits saved_before = before_[e2];
    if (saved.ends_all && conflict(events_[e], saved)) {
      events_[e2].ends_all = false;
      Bits& b = before_[e2];
      std::fill(b.begin(), b.end(), 0);
      for (std::size_t k : v)
        if (events_[k].thread == saved.thread || dependent(events_[k], events_[e2])) {
          unite(b, before_[k]);
          set(b, k);
        }
    }
    v.push_back(e2);
    Node& at = stack_[e];
    if (mode_ == DporMode::Source)
      add_source(at, v);
    else
      insert(at, v);
    events_[e2] = saved;
    before_[e2] = saved_before;
  }

  // Threads whose first step in v has no predecessor in v.
  std::vector<ThreadId> initials(const std::vector<std::size_t>& v) const {
    std::vector<ThreadId> out;
    for (std::size_t a = 0; a < v.size(); ++a) {
      bool first = true;
      for (std::size_t b = 0; b < a && first; ++b)
        if (has(before_[v[a]], v[b])) first = false;
      if (first && std::find(out.begin(), out.end(), events_[v[a]].thread) == out.end())
        out.push_back(events_[v[a]].thread);
    }
    return out;
  }

  // Weak initial: an initial of v, or a thread absent from v whose next step
  // commutes with all of v.
  bool weak_initial(const Event& next, const std::vector<std::size_t>& v,
                    const std::vector<ThreadId>& init) const {
    if (std::find(init.begin(), init.end(), next.thread) != init.end()) return true;
    for (std::size_t k : v)
      if (events_[k].thread == next.thread || dependent(events_[k], next)) return false;
    return true;
  }

  void add_source(Node& at, const std::vector<std::size_t>& v) const {
    const std::vector<ThreadId> init = initials(v);
    ThreadId pick = sim::kNoThread;
    for (ThreadId p : init) {
      if (at.backtrack[p]) return;
      if (at.is_enabled(p) && !at.sleep[p] && (pick == sim::kNoThread || p < pick)) pick = p;
    }
    if (pick != sim::kNoThread) {
      at.backtrack[pick] = true;
      return;
    }
    // No initial can go first here (all blocked or asleep): fall back on
    // every thread that can (Flanagan & Godefroid, POPL 2005).
    for (ThreadId t : at.enabled)
      if (!at.sleep[t]) at.backtrack[t] = true;
  }

  void insert(Node& at, std::vector<std::size_t> v) const {
    {
      const std::vector<ThreadId> init = initials(v);
      for (ThreadId q = 0; q < at.sleep.size(); ++q)
        if (at.sleep[q] && at.next[q].thread != sim::kNoThread &&
            weak_initial(at.next[q], v, init))
          return;  // an explored branch already covers v
    }
    std::vector<WakeupNode>* level = &at.wakeup;
    while (!v.empty()) {
      const std::vector<ThreadId> init = initials(v);
      WakeupNode* match = nullptr;
      for (WakeupNode& w : *level)
        if (weak_initial(w.event, v, init)) {
          match = &w;
          break;
        }
      if (!match) break;
      if (match->children.empty()) return;  // a leaf: v is already there
      auto own = std::find_if(v.begin(), v.end(),
                              [&](std::size_t k) { return events_[k].thread == match->event.thread; });
      if (own != v.end()) v.erase(own);
      level = &match->children;
    }
    if (v.empty()) return;
    for (std::size_t k : v) {
      level->push_back(WakeupNode{events_[k], {}});
      level = &level->back().children;
    }
  }

  std::vector<Node>& stack_;
  DporMode mode_;
  std::vector<Event>& events_;
  std::size_t real_;
  std::size_t root_;
  std::vector<Bits> before_;
};

// The steps of the execution just run, then pending steps that never ran:
// each thread's when it became blocked (a down() behind a held semaphore
// must be able to overtake the down() that took it), and every unfinished
// thread's at the end.
std::vector<Event> steps_of(std::vector<Node>& stack, const sim::Execution& ex,
                            std::size_t& real) {
  const sim::Failure& f = ex.failure();
  const bool cut = f.kind != sim::Verdict::Ok && f.kind != sim::Verdict::Deadlock &&
                   f.kind != sim::Verdict::StepBound && f.thread != sim::kNoThread;
  if (cut && !stack.empty() && stack.back().chosen == f.thread) {
    // Known only now that it ran: sleep sets and wakeup trees must see it too.
    Node& last = stack.back();
    last.next[f.thread].ends_all = true;
    if (!last.wakeup.empty() && last.wakeup.front().event.thread == f.thread)
      last.wakeup.front().event.ends_all = true;
  }
  std::vector<Event> events;
  for (const Node& n : stack) events.push_back(n.next[n.chosen]);
  real = events.size();
  for (std::size_t k = 0; k < stack.size(); ++k) {
    const Node& n = stack[k];
    for (ThreadId t = 0; t < n.next.size(); ++t) {
      if (n.next[t].thread == sim::kNoThread || n.is_enabled(t)) continue;
      const bool newly = k == 0 || t >= stack[k - 1].next.size() ||
                         stack[k - 1].chosen == t || stack[k - 1].is_enabled(t);
      if (!newly) continue;
      events.push_back(n.next[t]);
      events.back().horizon = k;
    }
  }
  // After a failing step nothing more runs: what was pending then raced
  // with everything before it, and with the failing step itself.
  const bool ends = !stack.empty() && stack.back().next[stack.back().chosen].ends_all;
  for (ThreadId t = 0; t < ex.thread_count(); ++t)
    if (const sim::Footprint* fp = ex.pending(t)) {
      events.push_back(Event{t, widen(ex.objects(), *fp)});
      events.back().horizon = ends ? real - 1 : real;
    }
  return events;
}

// Moves to the next branch to explore; false when the tree is exhausted.
// The first `floor` nodes are a fixed prefix (a work unit's root).
bool backtrack(std::vector<Node>& stack, DporMode mode, std::size_t floor = 0) {
  while (stack.size() > floor) {
    Node& n = stack.back();
    n.sleep[n.chosen] = true;
    ThreadId next = sim::kNoThread;
    if (mode == DporMode::Optimal) {
      if (!n.wakeup.empty() && n.wakeup.front().event.thread == n.chosen)
        n.wakeup.erase(n.wakeup.begin());
      std::erase_if(n.wakeup, [&](const WakeupNode& w) {
        return n.sleep[w.event.thread] || !n.is_enabled(w.event.thread);
      });
      if (!n.wakeup.empty()) next = n.wakeup.front().event.thread;
    } else {
      for (ThreadId t : n.enabled)
        if (n.backtrack[t] && !n.sleep[t]) {
          next = t;
          break;
        }
    }
    if (next != sim::kNoThread) {
      n.chosen = next;
      return true;
    }
    stack.pop_back();
  }
  return false;
}

// DPOR below the fixed prefix `stack` (empty: the whole tree).
ExploreResult explore_below(const sim::Program& program, const ExploreOptions& options,
                            DporMode mode, std::vector<Node> stack) {
  const std::size_t root = stack.size();
  ExploreResult result;
  result.strategy = mode == DporMode::Optimal ? "dpor" : "source-dpor";
  Tally tally(result, options);
  std::unique_ptr<sim::StackPool> own_pool;
  sim::StackPool* pool = options.stacks;
  if (!pool) {
    own_pool = std::make_unique<sim::StackPool>();
    pool = own_pool.get();
  }
  do {
    if (tally.exhausted()) return result;
    sim::ExecutionOptions eo;
    eo.max_steps = options.max_steps;
    eo.stacks = pool;
    sim::Execution ex(program, eo);
    DporChooser chooser(stack, mode);
    bool blocked = false;
    try {
      ex.run(chooser);
    } catch (const Blocked&) {
      blocked = true;
    }
    stack.resize(ex.step());
    // A blocked execution is not counted, but its steps still race
    // (Algorithm 1 reverses races as it goes).
    std::size_t real = 0;
    std::vector<Event> events = steps_of(stack, ex, real);
    result.races += RaceAnalysis(stack, mode, events, real, root).run();
    if (blocked)
      ++result.blocked;
    else if (tally.add(ex, chooser.preemptions()))
      return result;
  } while (backtrack(stack, mode, root));
  result.complete = true;
  return result;
}

}  // namespace

ExploreResult explore_dpor(const sim::Program& program, const ExploreOptions& options,
                           DporMode mode) {
  return explore_below(program, options, mode, {});
}

// ---- Work units (split.hpp) ----

namespace {

struct Frontier {};  // the prefix reached the depth being expanded

class FrontierChooser : public DporChooser {
 public:
  FrontierChooser(std::vector<Node>& stack, DporMode mode, std::size_t limit)
      : DporChooser(stack, mode), limit_(limit) {}
  ThreadId choose(const sim::Execution& ex, const std::vector<ThreadId>& enabled) override {
    if (ex.step() == limit_) throw Frontier{};
    return DporChooser::choose(ex, enabled);
  }

 private:
  std::size_t limit_;
};

// Full expansion with sleep sets: the next enabled thread not asleep, once
// the branch just explored has gone to sleep.
bool next_sibling(std::vector<Node>& stack, std::size_t floor) {
  while (stack.size() > floor) {
    Node& n = stack.back();
    n.sleep[n.chosen] = true;
    for (ThreadId t : n.enabled)
      if (!n.sleep[t]) {
        n.chosen = t;
        n.backtrack[t] = true;
        return true;
      }
    stack.pop_back();
  }
  return false;
}

class DporSplit : public Split {
 public:
  DporSplit(const sim::Program& program, const ExploreOptions& options, DporMode mode)
      : program_(program), mode_(mode) {
    sim::StackPool pool;
    prefixes_ = expand_top<std::vector<Node>>(options.split, [&](const std::vector<Node>& prefix, auto& out) {
      std::vector<Node> stack = prefix;
      const std::size_t floor = prefix.size();
      do {
        sim::ExecutionOptions eo;
        eo.max_steps = options.max_steps;
        eo.stacks = &pool;
        sim::Execution ex(program_, eo);
        FrontierChooser chooser(stack, mode_, floor + 1);
        bool open = false, blocked = false;
        try {
          ex.run(chooser);
        } catch (const Frontier&) {
          open = true;
        } catch (const Blocked&) {
          blocked = true;
        }
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
      } while (next_sibling(stack, floor));
    });
    // The prefix is fixed in a unit: its branches are other units.
    for (std::vector<Node>& p : prefixes_)
      for (Node& n : p) n.wakeup.clear();
  }

  std::size_t size() const override { return prefixes_.size(); }

  ExploreResult run(std::size_t unit, const ExploreOptions& o, sim::StackPool& stacks) const override {
    ExploreOptions own = o;
    own.stacks = &stacks;
    return explore_below(program_, own, mode_, prefixes_[unit]);
  }

 private:
  const sim::Program& program_;
  DporMode mode_;
  std::vector<std::vector<Node>> prefixes_;
};

}  // namespace

std::unique_ptr<Split> split_dpor(const sim::Program& program, const ExploreOptions& options,
                                  DporMode mode) {
  return std::make_unique<DporSplit>(program, options, mode);
}

}  // namespace dcsim::explorer
