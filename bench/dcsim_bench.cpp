// dcsim_bench: how fast dcsim explores, and what the floor is.
//
//  1. Full DFS exploration (stop_on_failure = false) of each bundled devfs
//     scenario and of each of its variants, at preemption bounds 2 and 3:
//     executions, visible steps, wall time, rates and verdict counts.
//  2. The raw Boost.Context round trip (resume + yield back) on a
//     protected_fixedsize_stack: the floor under the cost of a visible step.
//  3. The cost of one execution outside the search: an empty program (threads
//     that return at once), the devfs world set up and torn down with no
//     step, and one whole devfs execution; with pooled and with fresh stacks.
//
// This is the one place in dcsim that reads the wall clock. Every timing goes
// to stdout, in those tables; stderr only ever gets an error message.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "explorer/dfs/dfs.hpp"
#include "explorer/strategy/strategy.hpp"
#include "explorer/run.hpp"
#include "explorer/strategy/split.hpp"
#include "model/scenario/program.hpp"
#include "model/scenario/scenario.hpp"
#include "sim/execution.hpp"
#include "sim/failure.hpp"
#include "sim/stack_pool.hpp"

namespace {

using namespace dcsim;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// "1234567" -> "1,234,567"
std::string grouped(std::uint64_t v) {
  std::string digits = std::to_string(v);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string verdict_summary(const explorer::VerdictCounts& v) {
  std::string out;
  for (sim::Verdict k : sim::kAllVerdicts) {
    if (v[k] == 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", to_string(k), grouped(v[k]));
  }
  return out.empty() ? "-" : out;
}

// ---- 1. exploration throughput ---------------------------------------------

struct Case {
  std::string label;  // scenario, or scenario/variant
  std::shared_ptr<const model::Scenario> scenario;
  model::RuleSet rules;
};

struct NsPerStep {
  double lo = 0, hi = 0;
};

// Returns the range of wall ns per visible step over the rows.
NsPerStep bench_exploration(const std::vector<Case>& cases, const std::vector<unsigned>& bounds,
                            unsigned reps, sim::StackPool& pool) {
  NsPerStep range;
  bool first = true;
  std::size_t w = 16;
  for (const Case& c : cases) w = std::max(w, c.label.size());
  fmt::print(
      "Exploration: full DFS, stop_on_failure = false, one shared stack pool, "
      "best of {}\n",
      reps);
  fmt::print("{:<{}} {:>2} {:>8} {:>7} {:>10} {:>8} {:>9} {:>10}  {}\n", "scenario/variant", w, "K",
             "execs", "re-run", "steps", "time s", "execs/s", "steps/s", "verdicts");
  for (const Case& c : cases) {
    const std::unique_ptr<sim::Program> program = model::make_program(*c.scenario, c.rules);
    for (unsigned k : bounds) {
      explorer::ExploreOptions o;
      o.max_steps = c.scenario->bounds.max_steps.value_or(o.max_steps);
      o.preemptions = k;
      o.stop_on_failure = false;
      o.stacks = &pool;
      explorer::ExploreResult r;
      double s = 0;
      for (unsigned rep = 0; rep < reps; ++rep) {
        const Clock::time_point start = Clock::now();
        r = explorer::explore_dfs(*program, o);  // deterministic: the same counts every time
        const double t = seconds_since(start);
        if (rep == 0 || t < s) s = t;
      }
      if (r.steps != 0) {
        const double ns = s * 1e9 / static_cast<double>(r.steps);
        range.lo = first ? ns : std::min(range.lo, ns);
        range.hi = first ? ns : std::max(range.hi, ns);
        first = false;
      }
      fmt::print("{:<{}} {:>2} {:>8} {:>7} {:>10} {:>8.3f} {:>9} {:>10}  {}{}\n", c.label, w, k,
                 grouped(r.executions), grouped(r.reexecuted), grouped(r.steps), s,
                 grouped(static_cast<std::uint64_t>(r.executions / s)),
                 grouped(static_cast<std::uint64_t>(r.steps / s)), verdict_summary(r.verdicts),
                 r.complete ? "" : fmt::format(" (incomplete: {})", r.stopped_by));
      std::fflush(stdout);
    }
  }
  fmt::print(
      "K: preemption bound. execs: distinct executions with exactly 0..K preemptions.\n"
      "re-run: executions repeated when the bound was raised (not in execs or steps, but in "
      "the time).\n\n");
  return range;
}

// ---- 2. raw Boost.Context round trip ----------------------------------------

double fiber_round_trip_ns_once(std::uint64_t n) {
  namespace ctx = boost::context;
  std::uint64_t count = 0;
  ctx::fiber f(std::allocator_arg, ctx::protected_fixedsize_stack(sim::StackPool::kDefaultSize),
               [&count](ctx::fiber&& caller) {
                 for (;;) {
                   ++count;
                   caller = std::move(caller).resume();
                 }
                 return std::move(caller);
               });
  f = std::move(f).resume();  // warm up: first entry, stack touched
  const std::uint64_t before = count;
  const Clock::time_point start = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) f = std::move(f).resume();
  const double s = seconds_since(start);
  if (count - before != n) throw std::logic_error("fiber benchmark: lost a switch");
  return s * 1e9 / static_cast<double>(n);
  // `f` is destroyed suspended; Boost.Context unwinds it with forced_unwind.
}

double fiber_round_trip_ns(std::uint64_t n, unsigned reps) {
  double best = 0;
  for (unsigned rep = 0; rep < reps; ++rep) {
    const double ns = fiber_round_trip_ns_once(n);
    if (rep == 0 || ns < best) best = ns;
  }
  return best;
}

// ---- 3. cost of one execution -----------------------------------------------

// N threads whose bodies return at once: setup, N fibers created and run to
// their end, teardown; no visible step.
class EmptyProgram : public sim::Program {
 public:
  explicit EmptyProgram(std::size_t threads) : threads_(threads) {}
  std::unique_ptr<sim::World> setup(sim::Execution& ex) const override {
    for (std::size_t i = 0; i < threads_; ++i) ex.spawn(fmt::format("t{}", i), [] {});
    return std::make_unique<sim::World>();
  }

 private:
  std::size_t threads_;
};

struct PerExecution {
  double us = 0;
  double steps = 0;                         // per execution
  sim::Verdict verdict = sim::Verdict::Ok;  // of the last one (they are all the same)
};

PerExecution time_executions_once(const sim::Program& program, std::uint64_t n,
                                  sim::StackPool* pool, std::uint64_t max_steps) {
  std::uint64_t steps = 0;
  sim::Verdict verdict = sim::Verdict::Ok;
  const Clock::time_point start = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) {
    sim::ExecutionOptions eo;
    eo.max_steps = max_steps;
    eo.stacks = pool;  // nullptr: the execution maps its own guarded stacks
    sim::Execution ex(program, eo);
    explorer::ReplayChooser chooser{explorer::Schedule{}};
    verdict = ex.run(chooser).kind;
    steps += ex.step();
  }
  const double s = seconds_since(start);
  return {s * 1e6 / static_cast<double>(n), static_cast<double>(steps) / static_cast<double>(n),
          verdict};
}

PerExecution time_executions(const sim::Program& program, std::uint64_t n, sim::StackPool* pool,
                             std::uint64_t max_steps, unsigned reps) {
  PerExecution best;
  for (unsigned rep = 0; rep < reps; ++rep) {
    const PerExecution p = time_executions_once(program, n, pool, max_steps);
    if (rep == 0 || p.us < best.us) best = p;
  }
  return best;
}

void bench_execution_cost(const Case& devfs, std::uint64_t n, unsigned reps, sim::StackPool& pool) {
  const std::unique_ptr<sim::Program> program = model::make_program(*devfs.scenario, devfs.rules);
  const std::size_t threads = devfs.scenario->thread_names().size();
  const EmptyProgram empty(threads);
  const std::uint64_t max_steps = devfs.scenario->bounds.max_steps.value_or(10000);
  const std::uint64_t n_fresh = std::max<std::uint64_t>(n / 10, 1);  // mmap per fiber: slower

  fmt::print(
      "Cost of one execution: sim::Execution + ReplayChooser (no preemptions), "
      "best of {}\n",
      reps);
  fmt::print("{:<50} {:>5} {:>14} {:>10} {:>10}\n", "program", "steps", "verdict", "pooled us",
             "fresh us");
  const auto row = [&](const std::string& label, const sim::Program& prog, std::uint64_t steps) {
    const PerExecution pooled = time_executions(prog, n, &pool, steps, reps);
    const PerExecution fresh = time_executions(prog, n_fresh, nullptr, steps, reps);
    fmt::print("{:<50} {:>5.0f} {:>14} {:>10.2f} {:>10.2f}\n", label, pooled.steps,
               to_string(pooled.verdict), pooled.us, fresh.us);
  };
  row(fmt::format("empty program: {} threads that return at once", threads), empty, max_steps);
  row(fmt::format("{}: setup + teardown only (max_steps 0)", devfs.label), *program, 0);
  row(fmt::format("{}: one whole execution", devfs.label), *program, max_steps);
  fmt::print(
      "{} runs per pooled cell: one sim::StackPool reused across executions, as "
      "explore_dfs does;\n{} per fresh cell: each execution maps its own guarded "
      "stacks.\n",
      grouped(n), grouped(n_fresh));
}

}  // namespace

// ---- 1b. DFS against DPOR on every bundled scenario ------------------------

// The --jobs 2 speedup, measured through the public explore API. A time cap
// makes a search one unit (split.hpp), so both runs go without it, capped
// instead at the executions the timed run `r` reached when time stopped it.
// nullopt (the column says "-") when the search is one unit: nothing to share.
std::optional<double> jobs2_speedup(const sim::Program& program, explorer::Strategy s, explorer::ExploreOptions o,
                                    const explorer::ExploreResult& r) {
  o.max_seconds = 0;
  if (r.stopped_by == "max-time") o.max_executions = std::max<std::uint64_t>(r.executions, 1);
  if (explorer::split_search(s, program, o)->size() < 2) return std::nullopt;
  double t[2];
  for (unsigned jobs : {1u, 2u}) {
    o.jobs = jobs;
    const Clock::time_point start = Clock::now();
    explorer::explore_with(s, program, o);
    t[jobs - 1] = seconds_since(start);
  }
  return t[1] > 0 ? std::optional<double>(t[0] / t[1]) : std::nullopt;
}

// Each bundled scenario as written (its rules, its preemption bound), every
// verdict counted: DFS within the bound (or none), capped at `dfs_cap`
// executions and `dfs_seconds` of wall time; source-DPOR and optimal DPOR
// (with a bound both run bounded POR on source-DPOR), capped at
// `dpor_seconds`.
void bench_strategies(const std::vector<Case>& cases, std::uint64_t dfs_cap, double dfs_seconds,
                      double dpor_seconds, sim::StackPool& pool) {
  std::size_t w = 16;
  for (const Case& c : cases) w = std::max(w, c.label.size());
  fmt::print("Strategies on every bundled scenario: every verdict counted; the scenario's preemption bound\n");
  fmt::print("{:<{}} {:<20} {:>2} {:>9} {:>10} {:>8} {:>10} {:>7} {:>7}  {}\n", "scenario", w, "strategy", "K",
             "execs", "steps", "time s", "steps/s", "blocked", "jobs 2", "verdicts");
  for (const Case& c : cases) {
    const std::unique_ptr<sim::Program> program = model::make_program(*c.scenario, c.rules);
    const std::optional<unsigned> bound = c.scenario->bounds.preemptions;
    struct Row {
      explorer::Strategy strategy;
      std::uint64_t cap;
      double seconds;
    };
    for (const Row& row : {Row{explorer::Strategy::Dfs, dfs_cap, dfs_seconds},
                           Row{explorer::Strategy::SourceDpor, 0, dpor_seconds},
                           Row{explorer::Strategy::Dpor, 0, dpor_seconds}}) {
      explorer::ExploreOptions o;
      o.max_steps = c.scenario->bounds.max_steps.value_or(o.max_steps);
      o.preemptions = bound;
      o.max_executions = row.cap;
      o.max_seconds = row.seconds;
      o.stop_on_failure = false;
      o.stacks = &pool;
      const Clock::time_point start = Clock::now();
      const explorer::ExploreResult r = explorer::explore_with(row.strategy, *program, o);
      const double t = seconds_since(start);
      const std::optional<double> speedup = jobs2_speedup(*program, row.strategy, o, r);
      // With a bound both DPORs run bounded POR on source-DPOR: say so.
      const std::string name(explorer::to_string(row.strategy));
      const std::string shown = r.strategy == name ? name : name + " (bpor)";
      fmt::print("{:<{}} {:<20} {:>2} {:>9} {:>10} {:>8.3f} {:>10} {:>7} {:>7}  {}{}\n", c.label, w, shown,
                 bound ? fmt::format("{}", *bound) : "-", grouped(r.executions), grouped(r.steps), t,
                 grouped(static_cast<std::uint64_t>(t > 0 ? r.steps / t : 0)), grouped(r.blocked),
                 speedup ? fmt::format("{:.2f}x", *speedup) : "-", verdict_summary(r.verdicts),
                 r.complete ? "" : fmt::format(" (incomplete: {})", r.stopped_by));
      std::fflush(stdout);
    }
  }
  fmt::print(
      "K: the scenario's preemption bound (-: none). DFS is capped at {} executions and {:.0f} s, the DPORs at\n"
      "{:.0f} s: a row marked incomplete stopped there. (bpor): with the bound, bounded POR on source-DPOR\n"
      "(Coons et al. 2013), whichever DPOR was asked for.\n"
      "blocked: DPOR executions cut short as redundant (not in execs or steps).\n"
      "jobs 2: speedup of --jobs 2 over one job, both without the time cap (capped instead at the executions\n"
      "the row reached); -: the search is one work unit (it ends within 1,000 executions: explorer/strategy/split.hpp).\n\n",
      grouped(dfs_cap), dfs_seconds, dpor_seconds);
}

int main(int argc, char** argv) {
  CLI::App app{
      "dcsim_bench: exploration throughput on the bundled devfs scenarios, the raw "
      "Boost.Context switch cost, and the cost of one execution. Prints tables to stdout."};
  bool quick = false;
  std::uint64_t switches = 0;
  std::uint64_t runs = 0;
  std::vector<unsigned> bounds;
  unsigned reps = 0;
  app.add_flag("--quick", quick,
               "Smoke run: bound 2 only, 1M fiber switches, 2k executions per cost row, 1 rep");
  app.add_option("--bounds", bounds, "Preemption bounds to explore (default: 2 3; --quick: 2)");
  app.add_option("--switches", switches, "Fiber round trips to time (default: 10M; --quick: 1M)");
  app.add_option("--runs", runs,
                 "Executions per row of the execution-cost table (default: 20k; --quick: 2k)");
  app.add_option("--reps", reps,
                 "Time each measurement this many times, keep the fastest "
                 "(default: 3; --quick: 1)")
      ->check(CLI::Range(1u, 1000u));
  std::uint64_t dfs_cap = 0;
  app.add_option("--dfs-cap", dfs_cap,
                 "Stop DFS after this many executions in the strategy table "
                 "(default: 200k; --quick: 20k)");
  double dfs_seconds = 0, dpor_seconds = 0;
  app.add_option("--dfs-time", dfs_seconds, "Stop DFS after this many seconds in the strategy table "
                 "(default: 20; --quick: 2)");
  app.add_option("--dpor-time", dpor_seconds, "Stop each DPOR after this many seconds in the strategy table "
                 "(default: 60; --quick: 5)");
  CLI11_PARSE(app, argc, argv);
  if (dfs_cap == 0) dfs_cap = quick ? 20'000 : 200'000;
  if (dfs_seconds <= 0) dfs_seconds = quick ? 2 : 20;
  if (dpor_seconds <= 0) dpor_seconds = quick ? 5 : 60;

  if (bounds.empty()) bounds = quick ? std::vector<unsigned>{2} : std::vector<unsigned>{2, 3};
  if (switches == 0) switches = quick ? 1'000'000 : 10'000'000;
  if (reps == 0) reps = quick ? 1 : 3;
  if (runs == 0) runs = quick ? 2'000 : 20'000;

  std::vector<Case> cases, every;
  try {
    // Every bundled scenario, in name order.
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(DCSIM_SOURCE_DIR) + "/scenarios"))
      if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json")
        files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      auto sc = std::make_shared<const model::Scenario>(model::load_scenario_file(file));
      every.push_back({sc->name, sc, sc->rules});
    }
    for (const char* name : {"devfs-ls-rm.json", "devfs-revalidate-uaf.json"}) {
      auto sc = std::make_shared<const model::Scenario>(
          model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name));
      cases.push_back({sc->name, sc, sc->rules});
      for (const model::Variant& v : sc->variants)
        cases.push_back({fmt::format("{}/{}", sc->name, v.name), sc, v.rules});
    }
  } catch (const model::ScenarioError& e) {
    fmt::print(stderr, "dcsim_bench: {}\n", e.what());
    return 2;
  }

  try {
    fmt::print(
        "dcsim_bench{}: bounds {}, {} fiber round trips, {} executions per cost row, best of "
        "{}\n\n",
        quick ? " --quick" : "", fmt::join(bounds, ","), grouped(switches), grouped(runs), reps);
    sim::StackPool pool;
    const Clock::time_point total = Clock::now();
    {
      // Warm-up, untimed: first-touch page faults on the pooled stacks, caches.
      const std::unique_ptr<sim::Program> p =
          model::make_program(*cases.front().scenario, cases.front().rules);
      explorer::ExploreOptions o;
      o.max_steps = cases.front().scenario->bounds.max_steps.value_or(o.max_steps);
      o.preemptions = 1;
      o.stop_on_failure = false;
      o.stacks = &pool;
      explorer::explore_dfs(*p, o);
    }
    const NsPerStep per_step = bench_exploration(cases, bounds, reps, pool);
    bench_strategies(every, dfs_cap, dfs_seconds, dpor_seconds, pool);

    const double ns = fiber_round_trip_ns(switches, reps);
    fmt::print("Boost.Context fiber on protected_fixedsize_stack ({} KiB): {} round trips\n",
               sim::StackPool::kDefaultSize / 1024, grouped(switches));
    fmt::print("{:.1f} ns per round trip (resume + yield back)\n", ns);
    fmt::print(
        "exploration above: {:.0f}-{:.0f} ns per visible step, all included "
        "(= {:.0f}-{:.0f} round trips)\n\n",
        per_step.lo, per_step.hi, per_step.lo / ns, per_step.hi / ns);

    bench_execution_cost(cases.front(), runs, reps, pool);
    fmt::print("\ntotal {:.1f} s\n", seconds_since(total));
  } catch (const std::exception& e) {
    fmt::print(stderr, "dcsim_bench: {}\n", e.what());
    return 3;
  }
  return 0;
}
