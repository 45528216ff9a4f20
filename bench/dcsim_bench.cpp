// dcsim_bench: how fast dcsim explores, against the floor under it, and how
// far --jobs 2 helps. bench/README.md says what each table holds.
//
//  1. The Boost.Context round trip (resume + yield back) on a
//     protected_fixedsize_stack: the floor under a visible step. Measured at
//     the start and at the end of the run; the lower is used.
//  2. Cost per visible step: every bundled NFS and devfs scenario, DFS and
//     optimal DPOR, no preemption bound, every verdict counted, capped at
//     --execs executions, one job: CPU ns per visible step, its ratio to the
//     round trip, executions/s.
//  3. --jobs 2: the same scenarios as written (their preemption bound, a
//     complete search), DFS and DPOR, run with one job and with two: wall
//     time of each, speedup, and the CPU of two jobs against one (work
//     that two jobs add: speculative units, a re-run at a budget).
//  4. --long: the unbounded searches the issue names (nfs-open-race
//     linux-4.7, nfs-ls-race and its linux-4.7 variant, nfs-open-race-4)
//     for up to --long-time seconds each with --jobs threads: executions,
//     complete or not, time.
//
// This is the one place in dcsim that reads the wall clock. Every timing goes
// to stdout; stderr only ever gets an error message.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "explorer/run.hpp"
#include "explorer/strategy/split.hpp"
#include "explorer/strategy/strategy.hpp"
#include "explorer/units/run_units.hpp"
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

// CPU seconds of this thread / this process: the machine is shared, and a
// step's cost is what it takes of a core, not how long it waited for one.
double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
double thread_cpu() { return cpu_seconds(CLOCK_THREAD_CPUTIME_ID); }
double process_cpu() { return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID); }

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

struct Case {
  std::string label;  // scenario, or scenario/variant
  std::shared_ptr<const model::Scenario> scenario;
  model::RuleSet rules;
  std::unique_ptr<sim::Program> program;
};

Case load(const std::string& file, const std::string& variant = {}) {
  auto sc = std::make_shared<const model::Scenario>(
      model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + file));
  Case c{sc->name, sc, sc->rules, nullptr};
  if (!variant.empty()) {
    auto v = std::find_if(sc->variants.begin(), sc->variants.end(),
                          [&](const model::Variant& x) { return x.name == variant; });
    if (v == sc->variants.end()) throw std::runtime_error(fmt::format("{}: no variant {}", file, variant));
    c.label = fmt::format("{}/{}", sc->name, variant);
    c.rules = v->rules;
  }
  c.program = model::make_program(*c.scenario, c.rules);
  return c;
}

// The plan of a bench search (cap 0: no execution budget); it runs with
// every verdict counted (all_verdicts()).
explorer::SearchPlan plan_for(const Case& c, explorer::Strategy s, std::optional<unsigned> bound,
                              std::uint64_t cap) {
  explorer::SearchPlan p;
  p.strategy = s;
  p.max_steps = c.scenario->bounds.max_steps.value_or(p.max_steps);
  p.preemptions = bound;
  if (cap) p.max_executions = cap;
  return p;
}

explorer::RunHooks all_verdicts(sim::StackPool* stacks = nullptr) {
  explorer::RunHooks h;
  h.stop_on_failure = false;
  h.stacks = stacks;
  return h;
}

// ---- 1. raw Boost.Context round trip ----------------------------------------

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
  const double start = thread_cpu();
  for (std::uint64_t i = 0; i < n; ++i) f = std::move(f).resume();
  const double s = thread_cpu() - start;
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

// ---- 2. cost per visible step -----------------------------------------------

struct StepRow {
  std::string label, strategy;
  explorer::ExploreResult r;
  double cpu = 0;  // best of the reps
};

StepRow time_steps(const Case& c, explorer::Strategy s, std::uint64_t cap, unsigned reps, sim::StackPool& pool) {
  StepRow row{c.label, std::string(explorer::to_string(s)), {}, 0};
  const explorer::SearchPlan p = plan_for(c, s, std::nullopt, cap);
  const explorer::RunHooks h = all_verdicts(&pool);
  for (unsigned rep = 0; rep < reps; ++rep) {
    const double start = thread_cpu();
    row.r = explorer::explore_with(*c.program, p, h);  // one job: all on this thread
    const double t = thread_cpu() - start;
    if (rep == 0 || t < row.cpu) row.cpu = t;
  }
  return row;
}

void print_steps(const std::vector<StepRow>& rows, double rt, std::uint64_t cap) {
  std::size_t w = 24;
  for (const StepRow& r : rows) w = std::max(w, r.label.size());
  fmt::print("Cost per visible step: no preemption bound, every verdict counted, at most {} executions, one job\n",
             grouped(cap));
  fmt::print("{:<{}} {:<6} {:>8} {:>10} {:>10} {:>7} {:>8} {:>7} {:>9}  {}\n", "scenario", w, "search", "execs",
             "steps", "complete", "CPU s", "ns/step", "x RT", "execs/s", "verdicts");
  for (const StepRow& r : rows) {
    const double ns = r.r.steps ? r.cpu * 1e9 / static_cast<double>(r.r.steps) : 0;
    fmt::print("{:<{}} {:<6} {:>8} {:>10} {:>10} {:>7.2f} {:>8.0f} {:>7.1f} {:>9}  {}\n", r.label, w, r.strategy,
               grouped(r.r.executions), grouped(r.r.steps), r.r.complete ? "yes" : "no", r.cpu, ns, ns / rt,
               grouped(static_cast<std::uint64_t>(r.cpu > 0 ? r.r.executions / r.cpu : 0)),
               verdict_summary(r.r.verdicts));
  }
  fmt::print(
      "ns/step: CPU time of the search (this thread) over its visible steps, setup, teardown and the search's\n"
      "bookkeeping included. x RT: that over the round trip above. Goal (issue #15): dpor <= 5x, dfs <= 3x.\n\n");
}

// ---- 3. --jobs 2 --------------------------------------------------------------

struct JobsRow {
  std::string label, strategy;
  explorer::ExploreResult r;
  std::size_t units = 0;
  double wall[2] = {0, 0}, cpu[2] = {0, 0};
  bool same = true;  // jobs 2 found the same counts
};

JobsRow time_jobs(const Case& c, explorer::Strategy s, unsigned reps) {
  JobsRow row{c.label, "", {}, 0, {0, 0}, {0, 0}, true};
  const explorer::SearchPlan base = plan_for(c, s, c.scenario->bounds.preemptions, 0);
  const explorer::RunHooks h = all_verdicts();
  row.units = explorer::split_search(*c.program, base, h)->size();
  for (unsigned jobs : {1u, 2u}) {
    explorer::SearchPlan o = base;
    o.jobs = jobs;
    for (unsigned rep = 0; rep < reps; ++rep) {
      const double cpu0 = process_cpu();
      const Clock::time_point start = Clock::now();
      explorer::ExploreResult r = explorer::explore_with(*c.program, o, h);
      const double wall = seconds_since(start), cpu = process_cpu() - cpu0;
      if (rep == 0 || wall < row.wall[jobs - 1]) {
        row.wall[jobs - 1] = wall;
        row.cpu[jobs - 1] = cpu;
      }
      if (jobs == 1)
        row.r = std::move(r);
      else
        row.same = row.same && r.executions == row.r.executions && r.steps == row.r.steps &&
                   r.blocked == row.r.blocked && r.races == row.r.races && r.verdicts.n == row.r.verdicts.n;
    }
  }
  row.strategy = row.r.strategy;
  return row;
}

void print_jobs(const std::vector<JobsRow>& rows) {
  std::size_t w = 24;
  for (const JobsRow& r : rows) w = std::max(w, r.label.size());
  fmt::print("--jobs 2: each scenario as written (its preemption bound), every verdict counted, complete\n");
  fmt::print("{:<{}} {:<20} {:>2} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8}  {}\n", "scenario", w, "search", "K", "units",
             "execs", "1 job s", "2 jobs s", "speedup", "CPU 2/1", "verdicts");
  for (const JobsRow& r : rows) {
    const auto& b = r.r.preemption_bound;
    fmt::print("{:<{}} {:<20} {:>2} {:>5} {:>8} {:>8.2f} {:>8.2f} {:>7.2f}x {:>7.2f}x  {}{}\n", r.label, w,
               r.strategy, b ? fmt::format("{}", *b) : "-", r.units, grouped(r.r.executions), r.wall[0], r.wall[1],
               r.wall[1] > 0 ? r.wall[0] / r.wall[1] : 0.0, r.cpu[0] > 0 ? r.cpu[1] / r.cpu[0] : 0.0,
               verdict_summary(r.r.verdicts), r.same ? "" : "  (jobs 2 DIFFERS)");
  }
  fmt::print(
      "s: wall seconds, best of the reps. CPU 2/1: the process's CPU with two jobs over one (1.00x: two jobs add\n"
      "no work). On a machine shared with other work the wall speedup is bounded by the cores left free;\n"
      "units 1: the search ends within the probe (1,000 executions) and runs whole.\n\n");
}

// ---- 4. --long: the unbounded searches ---------------------------------------

struct LongRow {
  std::string label;
  std::uint64_t executions = 0;
  bool complete = false;
  double wall = 0;
  std::string verdicts;
};

// Up to `seconds` of wall time with `jobs` threads. A time cap would make
// the search one unit (split.hpp), so it is cut as usual and interrupted
// at the deadline instead; an interrupted search counts only its finished
// units (the report of `dcsim explore --checkpoint` after SIGINT).
LongRow run_long(const Case& c, double seconds, unsigned jobs) {
  explorer::SearchPlan o = plan_for(c, explorer::Strategy::Dpor, std::nullopt, 0);
  o.jobs = jobs;
  const explorer::RunHooks h = all_verdicts();
  static volatile std::sig_atomic_t stop = 0;
  stop = 0;
  const Clock::time_point start = Clock::now();
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread timer([&] {
    std::unique_lock<std::mutex> lock(m);
    if (!cv.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return done; })) stop = 1;
  });
  LongRow row;
  row.label = c.label;
  try {
    const std::unique_ptr<explorer::Split> split = explorer::split_search(*c.program, o, h);
    explorer::UnitPlan plan;
    plan.jobs = jobs;
    plan.interrupt = &stop;
    explorer::UnitRun run = explorer::run_units(*split, o, h, plan);
    const explorer::ExploreResult r =
        run.interrupted ? explorer::sum_units(run.results) : explorer::merge_units(*split, o, h, run.results);
    row.executions = r.executions;
    row.complete = !run.interrupted && r.complete;
    row.verdicts = verdict_summary(r.verdicts);
  } catch (...) {
    {
      std::lock_guard<std::mutex> lock(m);
      done = true;
    }
    cv.notify_all();
    timer.join();
    throw;
  }
  row.wall = seconds_since(start);
  {
    std::lock_guard<std::mutex> lock(m);
    done = true;
  }
  cv.notify_all();
  timer.join();
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "dcsim_bench: cost per visible step of DFS and DPOR on the bundled NFS and devfs scenarios against the "
      "Boost.Context round trip, the --jobs 2 speedup, and (--long) the unbounded searches. Prints tables to "
      "stdout."};
  bool quick = false, long_mode = false;
  std::uint64_t switches = 0, execs = 0;
  unsigned reps = 0, jobs = 2;
  double long_time = 90;
  app.add_flag("--quick", quick, "Smoke run: 1M fiber switches, 2,000 executions per row, 1 rep, no --jobs table");
  app.add_option("--switches", switches, "Fiber round trips to time (default: 5M; --quick: 1M)");
  app.add_option("--execs", execs, "Executions per row of the cost-per-step table (default: 20,000)");
  app.add_option("--reps", reps, "Time each measurement this many times, keep the fastest (default: 1)")
      ->check(CLI::Range(1u, 1000u));
  app.add_flag("--long", long_mode, "Only the unbounded searches: nfs-open-race linux-4.7, nfs-ls-race, "
                                    "nfs-ls-race linux-4.7, nfs-open-race-4, optimal DPOR");
  app.add_option("--long-time", long_time, "--long: seconds of wall time per search (default 90)")
      ->check(CLI::PositiveNumber);
  app.add_option("--jobs", jobs, "--long: threads per search (default 2)")->check(CLI::Range(1u, 64u));
  CLI11_PARSE(app, argc, argv);
  if (switches == 0) switches = quick ? 1'000'000 : 5'000'000;
  if (execs == 0) execs = quick ? 2'000 : 20'000;
  if (reps == 0) reps = 1;

  try {
    const Clock::time_point total = Clock::now();
    if (long_mode) {
      fmt::print("dcsim_bench --long: optimal DPOR, no preemption bound, every verdict counted, {} job{}, at most "
                 "{:.0f} s each\n\n",
                 jobs, jobs == 1 ? "" : "s", long_time);
      std::vector<Case> cases;
      cases.push_back(load("nfs-open-race.json", "linux-4.7"));
      cases.push_back(load("nfs-ls-race.json"));
      cases.push_back(load("nfs-ls-race.json", "linux-4.7"));
      cases.push_back(load("nfs-open-race-4.json"));
      std::size_t w = 24;
      for (const Case& c : cases) w = std::max(w, c.label.size());
      fmt::print("{:<{}} {:>12} {:>9} {:>8} {:>10}  {}\n", "scenario", w, "executions", "complete", "wall s",
                 "execs/s", "verdicts");
      for (const Case& c : cases) {
        const LongRow r = run_long(c, long_time, jobs);
        fmt::print("{:<{}} {:>12} {:>9} {:>8.1f} {:>10}  {}\n", r.label, w, grouped(r.executions),
                   r.complete ? "yes" : "no", r.wall,
                   grouped(static_cast<std::uint64_t>(r.wall > 0 ? r.executions / r.wall : 0)), r.verdicts);
        std::fflush(stdout);
      }
      fmt::print("executions: those of the finished work units when time ran out (an unfinished unit's are lost).\n");
      fmt::print("\ntotal {:.1f} s\n", seconds_since(total));
      return 0;
    }

    fmt::print("dcsim_bench{}: {} fiber round trips, {} executions per cost row, best of {}\n\n",
               quick ? " --quick" : "", grouped(switches), grouped(execs), reps);
    std::vector<Case> cases;
    for (const char* f : {"devfs-ls-rm.json", "devfs-revalidate-uaf.json", "nfs-ls-oleg.json", "nfs-ls-race.json",
                          "nfs-ls-splice.json", "nfs-open-race.json", "nfs-open-race-4.json"})
      cases.push_back(load(f));

    sim::StackPool pool;
    double rt = fiber_round_trip_ns(switches, 3);
    fmt::print("Boost.Context fiber on protected_fixedsize_stack ({} KiB): {:.1f} ns per round trip (resume + "
               "yield back), CPU, best of 3\n\n",
               sim::StackPool::kDefaultSize / 1024, rt);
    std::fflush(stdout);

    std::vector<StepRow> steps;
    for (const Case& c : cases)
      for (explorer::Strategy s : {explorer::Strategy::Dfs, explorer::Strategy::Dpor})
        steps.push_back(time_steps(c, s, execs, reps, pool));
    const double rt_end = fiber_round_trip_ns(switches, 3);
    fmt::print("round trip measured again after the searches: {:.1f} ns; the lower is used: {:.1f} ns\n\n", rt_end,
               std::min(rt, rt_end));
    rt = std::min(rt, rt_end);
    print_steps(steps, rt, execs);
    std::fflush(stdout);

    if (!quick) {
      std::vector<JobsRow> rows;
      for (const char* f : {"devfs-ls-rm.json", "nfs-ls-race.json", "nfs-open-race.json"}) {
        const Case c = load(f);
        for (explorer::Strategy s : {explorer::Strategy::Dfs, explorer::Strategy::Dpor})
          rows.push_back(time_jobs(c, s, reps));
      }
      for (auto [f, v] : {std::pair{"nfs-ls-race.json", "linux-4.7"}, std::pair{"nfs-open-race.json", "linux-4.7"}}) {
        const Case c = load(f, v);
        rows.push_back(time_jobs(c, explorer::Strategy::Dpor, reps));
      }
      print_jobs(rows);
    }
    fmt::print("total {:.1f} s\n", seconds_since(total));
  } catch (const model::ScenarioError& e) {
    fmt::print(stderr, "dcsim_bench: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "dcsim_bench: {}\n", e.what());
    return 3;
  }
  return 0;
}
