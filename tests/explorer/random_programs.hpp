// Seeded random small programs for the DPOR tests, and brute force over
// them: every interleaving enumerated, its Mazurkiewicz trace canonicalized
// (its events and every ordered dependent pair), its verdict kept.
#pragma once
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "explorer/strategy/strategy.hpp"
#include "sim/sync.hpp"
#include "tests/explorer/test_search.hpp"

namespace dcsim_test {

using namespace dcsim;

enum class Op { Read, Write, Locked, Wait, Wake, Assert };
struct Step {
  Op op;
  int var;    // which variable (Read, Write, Locked, Assert)
  int value;  // Write: the value; Assert: the value that is a BUG
};

struct Spec {
  std::vector<std::vector<Step>> threads;
};

inline std::size_t visible_steps(Op op) { return op == Op::Locked || op == Op::Wait ? 3 : 1; }

// A small deterministic generator: 2-4 threads, every one with at least one
// operation, at most 9 visible steps in all (by default) so brute force
// stays cheap.
inline Spec generate(std::uint64_t seed, std::size_t max_steps = 9) {
  std::mt19937_64 rng(seed);
  Spec s;
  const std::size_t n = 2 + rng() % 3;
  const std::size_t budget = max_steps - 4 + rng() % 5;
  s.threads.resize(n);
  std::size_t used = 0;
  for (std::size_t i = 0; i < 2 * budget; ++i) {
    const std::size_t t = i < n ? i : rng() % n;
    const Step step{static_cast<Op>(rng() % 6), static_cast<int>(rng() % 2),
                    static_cast<int>(rng() % 3)};
    if (used + visible_steps(step.op) > budget) {
      if (s.threads[t].empty()) s.threads[t].push_back(Step{Op::Write, step.var, step.value});
      continue;
    }
    used += visible_steps(step.op);
    s.threads[t].push_back(step);
  }
  return s;
}

inline std::string describe(const Spec& s) {
  static const char* names[] = {"read", "write", "locked-write", "wait", "wake", "assert"};
  std::string out;
  for (std::size_t t = 0; t < s.threads.size(); ++t) {
    out += fmt::format("\n  t{}:", t);
    for (const Step& x : s.threads[t])
      out += fmt::format(" {}({},{})", names[static_cast<int>(x.op)], x.var, x.value);
  }
  return out;
}

struct RandomWorld : sim::World {
  sim::ObjectId var[2];
  int value[2] = {0, 0};
  std::unique_ptr<sim::Semaphore> sem;
  std::unique_ptr<sim::WaitQueue> queue;
};

class RandomProgram : public sim::Program {
 public:
  explicit RandomProgram(Spec spec) : spec_(std::move(spec)) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    auto w = std::make_unique<RandomWorld>();
    w->var[0] = ex.objects().add("variable", "x");
    w->var[1] = ex.objects().add("variable", "y");
    w->sem = std::make_unique<sim::Semaphore>(ex, "sem");
    w->queue = std::make_unique<sim::WaitQueue>(ex, "queue");
    for (std::size_t t = 0; t < spec_.threads.size(); ++t)
      ex.spawn(fmt::format("t{}", t), [w = w.get(), ops = spec_.threads[t]] {
        for (const Step& s : ops) run(*w, s);
      });
    return w;
  }

 private:
  static void run(RandomWorld& w, const Step& s) {
    auto& ex = sim::Execution::current();
    const sim::ObjectId v = w.var[s.var];
    switch (s.op) {
      case Op::Read: ex.visible(sim::Footprint("read", {v, sim::Access::Read})); break;
      case Op::Write:
        ex.visible(sim::Footprint("write", {v, sim::Access::Write}));
        w.value[s.var] = s.value;
        break;
      case Op::Locked:
        w.sem->down();
        ex.visible(sim::Footprint("write", {v, sim::Access::Write}));
        ++w.value[s.var];
        w.sem->up();
        break;
      case Op::Wait:
        sim::set_current_state(sim::TaskState::Interruptible);
        w.queue->add_wait_queue();
        sim::schedule(*w.queue);
        w.queue->remove_wait_queue();
        sim::set_current_state(sim::TaskState::Running);
        break;
      case Op::Wake: w.queue->wake_up(); break;
      case Op::Assert:
        ex.visible(sim::Footprint("BUG_ON", {v, sim::Access::Read}));
        if (w.value[s.var] == s.value + 1) ex.fail(sim::Verdict::Bug, "BUG");
        break;
    }
  }
  Spec spec_;
};

// One event of an interleaving: the thread, its step number in that thread,
// its footprint.
struct Event {
  sim::ThreadId thread;
  std::size_t index;
  sim::Footprint fp;
  bool ends_all = false;  // a failing step ends every thread
};

class Recorder : public sim::Chooser {
 public:
  Recorder(const std::vector<std::size_t>& prefix) : prefix_(prefix) {}
  sim::ThreadId choose(const sim::Execution& ex, const std::vector<sim::ThreadId>& enabled) override {
    const std::size_t d = ex.step();
    if (d >= prefix_.size()) widths.push_back(enabled.size());
    const sim::ThreadId t = enabled[d < prefix_.size() ? prefix_[d] : 0];
    events.push_back(Event{t, counts[t]++, *ex.pending(t)});
    return t;
  }
  std::vector<Event> events;
  std::vector<std::size_t> widths;  // choices available past the prefix
  std::map<sim::ThreadId, std::size_t> counts;

 private:
  const std::vector<std::size_t>& prefix_;
};

using Canonical = std::pair<std::vector<std::pair<sim::ThreadId, std::size_t>>,
                            std::vector<std::tuple<sim::ThreadId, std::size_t, sim::ThreadId, std::size_t>>>;

// The trace of an interleaving: its events and every ordered dependent pair
// of events of different threads.
inline Canonical canonical(const std::vector<Event>& events) {
  Canonical c;
  for (const Event& e : events) c.first.emplace_back(e.thread, e.index);
  for (std::size_t i = 0; i < events.size(); ++i)
    for (std::size_t j = i + 1; j < events.size(); ++j)
      if (events[i].thread != events[j].thread &&
          (events[i].ends_all || events[j].ends_all || sim::dependent(events[i].fp, events[j].fp)))
        c.second.emplace_back(events[i].thread, events[i].index, events[j].thread, events[j].index);
  std::sort(c.first.begin(), c.first.end());
  std::sort(c.second.begin(), c.second.end());
  return c;
}

struct BruteForce {
  std::size_t interleavings = 0;
  std::set<Canonical> traces;
  std::set<sim::Verdict> verdicts;
};

inline BruteForce enumerate(const sim::Program& program) {
  BruteForce b;
  std::vector<std::size_t> prefix, widths;
  for (;;) {
    sim::ExecutionOptions eo;
    eo.max_steps = 1000;
    sim::Execution ex(program, eo);
    Recorder rec(prefix);
    const sim::Failure& f = ex.run(rec);
    widths.insert(widths.end(), rec.widths.begin(), rec.widths.end());
    prefix.resize(widths.size(), 0);
    if (f.kind == sim::Verdict::Bug && !rec.events.empty()) rec.events.back().ends_all = true;
    ++b.interleavings;
    b.traces.insert(canonical(rec.events));
    b.verdicts.insert(f.kind);
    while (!prefix.empty() && prefix.back() + 1 == widths.back()) {
      prefix.pop_back();
      widths.pop_back();
    }
    if (prefix.empty()) return b;
    ++prefix.back();
  }
}

// Every execution the strategy explores (no stop at a failure).
inline dcsim::explorer::ExploreResult all(dcsim::explorer::Strategy s, const dcsim::sim::Program& p) {
  dcsim::testing::Search o;
  o.hooks.stop_on_failure = false;
  o.max_steps = 1000;
  return dcsim::testing::explore_with(s, p, o);
}

inline std::set<dcsim::sim::Verdict> kinds(const dcsim::explorer::VerdictCounts& v) {
  std::set<dcsim::sim::Verdict> out;
  for (dcsim::sim::Verdict k : dcsim::sim::kAllVerdicts)
    if (v[k]) out.insert(k);
  return out;
}

// Each of the 60 seeded programs, brute-forced.
inline void for_each_program(const std::function<void(std::uint64_t, const RandomProgram&, const BruteForce&)>& f) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const Spec spec = generate(seed);
    RandomProgram program(spec);
    INFO("program:" << describe(spec));
    f(seed, program, enumerate(program));
  }
}

}  // namespace dcsim_test
