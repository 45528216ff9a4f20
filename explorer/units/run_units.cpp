#include "explorer/units/run_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace dcsim::explorer {

MissingUnit::MissingUnit(std::size_t u)
    : std::runtime_error(fmt::format("work unit {} was not explored", u)), unit(u) {}

namespace {

// The budgets (max_executions, max_total_steps) used by the units so far.
struct Used {
  std::uint64_t executions = 0, steps = 0;
  void add(const ExploreResult& r) {
    executions += r.executions;
    steps += r.steps;
  }
  bool reaches(const SearchPlan& p) const {
    return (p.max_executions && executions >= *p.max_executions) ||
           (p.max_total_steps && steps >= p.max_total_steps);
  }
  // The search run whole stops here, before the next unit (Tally::exhausted).
  const char* stop(const SearchPlan& p) const {
    if (p.max_executions && executions >= *p.max_executions) return "max-executions";
    if (p.max_total_steps && steps >= p.max_total_steps) return "max-total-steps";
    return nullptr;
  }
  // The plan of the next unit: what is left of the budgets.
  SearchPlan left(const SearchPlan& p) const {
    SearchPlan out = p;
    if (p.max_executions) out.max_executions = *p.max_executions - executions;
    if (p.max_total_steps) out.max_total_steps = p.max_total_steps - steps;
    return out;
  }
};

void add(ExploreResult& to, const ExploreResult& r) {
  to.executions += r.executions;
  to.steps += r.steps;
  to.reexecuted += r.reexecuted;
  to.blocked += r.blocked;
  to.races += r.races;
  for (sim::Verdict v : sim::kAllVerdicts) to.verdicts[v] += r.verdicts[v];
  if (!to.first_failure && r.first_failure) to.first_failure = r.first_failure;
  for (std::size_t k = 0; k < to.example.size(); ++k)
    if (!to.example[k] && r.example[k]) to.example[k] = r.example[k];
  if (r.seed) to.seed = r.seed;
  if (r.lock_order) (to.lock_order ? *to.lock_order : to.lock_order.emplace()).merge(*r.lock_order);
  if (r.probability_bound)  // PCT's units learn k apart: the weakest bound holds for all
    to.probability_bound =
        to.probability_bound ? std::min(*to.probability_bound, *r.probability_bound) : *r.probability_bound;
}

// Shared by the threads of run_units; `mutex` guards results and the cut.
class Workers {
 public:
  Workers(const Split& split, const SearchPlan& search, const RunHooks& hooks, const UnitPlan& plan)
      : split_(split), search_(search), hooks_(hooks), plan_(plan), cut_(split.size()) {
    run_.results = plan.known;
    update_cut();
    share_.assign(split.size(), 0.0);
    for (std::size_t k = 0; k < split.size(); ++k) {
      if (split.empty(k) || (plan.mine && !plan.mine(k))) continue;
      total_ += split.weight(k);
      if (plan.known.count(k)) {
        share_[k] = 1;
        sum_ += split.weight(k);
      }
    }
  }

  void work(sim::StackPool& pool) {
    for (;;) {
      if (stop_) return;
      const std::size_t j = next_++;
      if (j >= split_.size()) return;
      if ((plan_.mine && !plan_.mine(j)) || plan_.known.count(j) || j > cut_) continue;
      if (interrupted()) return;
      Outcome out;
      do out = explore(j, pool);
      while (out == Outcome::Again);
      if (out == Outcome::Stop) return;
    }
  }

  UnitRun finish() {
    if (error_) std::rethrow_exception(error_);
    run_.interrupted = interrupted_seen_ || stopped_after_;
    return std::move(run_);
  }

 private:
  enum class Outcome { Done, Again, Stop };

  // Explores unit j. With an executions budget the units before j use
  // some of it: once they are all done what is left to j is exact, and j
  // stops right there, as the search run whole does, so the merge need not
  // run it again (a unit started while units before it still ran learns it
  // as it runs). Again: j went past what was left before that was known.
  Outcome explore(std::size_t j, sim::StackPool& pool) {
    SearchPlan o = search_;
    RunHooks h = hooks_;
    h.stacks = &pool;
    const bool budget = search_.max_executions && !search_.max_total_steps;
    const std::uint64_t max_executions = search_.max_executions.value_or(0);
    std::uint64_t left = 0;  // once exact
    bool exact = false, at_left = false, overshot = false;
    std::uint64_t seen_executions = 0, seen_failures = 0;
    const auto learn = [&] {
      if (exact || !budget || prefix_done_.load() != j) return;
      const std::uint64_t before = prefix_executions_.load();
      left = max_executions - std::min(max_executions, before);
      exact = true;
    };
    learn();
    if (budget)  // at most what the units known before j leave
      o.max_executions = exact ? std::max<std::uint64_t>(left, 1)
                               : max_executions - std::min(max_executions - 1, prefix_executions_.load());
    const std::uint64_t unit_budget = o.max_executions.value_or(0);
    // Each unit estimates its own subtree; the search's estimate is the
    // units' mean, each weighted by its share of the tree (Split::weight).
    TreeEstimate local;
    h.estimate = hooks_.estimate ? &local : nullptr;
    // A running unit no longer wanted stops at its next execution; so does
    // one that reached what is left to it, learnt while it ran.
    h.abandon = [&, j] {
      if (stop_ || j > cut_ || interrupted()) return true;
      learn();
      if (exact && seen_executions >= left && unit_budget > left) {
        (seen_executions == left ? at_left : overshot) = true;
        return true;
      }
      return false;
    };
    h.progress = [&](std::uint64_t executions, std::uint64_t failures) {
      executions_ += executions - seen_executions;
      failures_ += failures - seen_failures;
      seen_executions = executions;
      seen_failures = failures;
      if (hooks_.progress || hooks_.estimate) {
        std::lock_guard<std::mutex> lock(progress_mutex_);
        if (hooks_.estimate) estimate(j, local);
        if (hooks_.progress) hooks_.progress(executions_, failures_);
      }
    };
    ExploreResult r;
    try {
      r = split_.run(j, o, h, pool);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!error_) error_ = std::current_exception();
      stop_ = true;
      return Outcome::Stop;
    }
    if (overshot) return Outcome::Again;
    // Stopped before the next execution, as a run with budget `left` stops.
    if (at_left) r.stopped_by = "max-executions";
    if (r.stopped_by == "abandoned") return Outcome::Done;
    if (hooks_.estimate) {
      std::lock_guard<std::mutex> lock(progress_mutex_);
      local.fraction = 1;
      estimate(j, local);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    run_.results[j] = std::move(r);
    update_cut();
    ++explored_;
    if (plan_.on_unit) plan_.on_unit(run_.results);
    if (plan_.stop_after_units && explored_ >= *plan_.stop_after_units) {
      stopped_after_ = true;
      stop_ = true;
    }
    return Outcome::Done;
  }

  bool interrupted() {
    if (plan_.interrupt && *plan_.interrupt) interrupted_seen_ = true;
    return interrupted_seen_;
  }

  // Under progress_mutex_.
  void estimate(std::size_t unit, const TreeEstimate& local) {
    sum_ += (local.fraction - share_[unit]) * split_.weight(unit);
    share_[unit] = local.fraction;
    runs_ += local.runs - runs_of_[unit];
    runs_of_[unit] = local.runs;
    hooks_.estimate->fraction = std::min(1.0, total_ > 0 ? sum_ / total_ : 0.0);
    hooks_.estimate->runs = runs_;
    hooks_.estimate->scope = local.scope;
  }

  // Units after the cut are never read by the merge: a known unit that
  // stopped (at a failure, or at a budget on its own), or the unit where
  // the executions or steps of the units before it and its own reach
  // max_executions or max_total_steps.
  void update_cut() {
    // The units known from the first on, and their executions.
    std::size_t done = prefix_done_;
    std::uint64_t executions = prefix_executions_;
    for (auto it = run_.results.find(done); it != run_.results.end() && it->first == done; ++it, ++done)
      executions += it->second.executions;
    prefix_executions_ = executions;  // before prefix_done_: learn() reads them the other way round
    prefix_done_ = done;
    std::size_t cut = cut_;
    for (const auto& [k, r] : run_.results)
      if (!r.complete) {
        cut = std::min(cut, k);
        break;
      }
    if (search_.max_executions || search_.max_total_steps) {
      Used used;
      for (std::size_t k = 0; k < split_.size() && k < cut; ++k) {
        if (split_.empty(k)) continue;
        auto it = run_.results.find(k);
        if (it == run_.results.end()) break;
        used.add(it->second);
        if (used.reaches(search_)) cut = k;
      }
    }
    cut_ = cut;
  }

  const Split& split_;
  const SearchPlan& search_;
  const RunHooks& hooks_;
  const UnitPlan& plan_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::size_t> prefix_done_{0};
  std::atomic<std::uint64_t> prefix_executions_{0};
  std::atomic<std::size_t> cut_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> interrupted_seen_{false};
  std::atomic<std::uint64_t> executions_{0}, failures_{0};
  std::mutex mutex_, progress_mutex_;
  std::vector<double> share_;  // each unit's explored fraction of its subtree
  std::map<std::size_t, std::uint64_t> runs_of_;
  double total_ = 0;  // the weight of the units this process explores
  double sum_ = 0;
  std::uint64_t runs_ = 0;
  UnitRun run_;
  std::size_t explored_ = 0;
  bool stopped_after_ = false;
  std::exception_ptr error_;
};

}  // namespace

UnitRun run_units(const Split& split, const SearchPlan& search, const RunHooks& hooks, const UnitPlan& plan) {
  Workers w(split, search, hooks, plan);
  const unsigned jobs = static_cast<unsigned>(std::clamp<std::size_t>(plan.jobs, 1, split.size()));
  if (jobs == 1) {
    std::unique_ptr<sim::StackPool> own;
    sim::StackPool* pool = hooks.stacks;
    if (!pool) {
      own = std::make_unique<sim::StackPool>();
      pool = own.get();
    }
    w.work(*pool);
  } else {
    std::vector<std::thread> threads;
    for (unsigned i = 0; i < jobs; ++i)
      threads.emplace_back([&w] {
        sim::StackPool pool;  // fiber stacks are per thread
        w.work(pool);
      });
    for (std::thread& t : threads) t.join();
  }
  return w.finish();
}

ExploreResult merge_units(const Split& split, const SearchPlan& plan, const RunHooks& hooks,
                          const UnitResults& results) {
  ExploreResult m;
  m.preemption_bound = plan.preemptions;
  Used used;
  std::unique_ptr<sim::StackPool> pool;
  for (std::size_t k = 0; k < split.size(); ++k) {
    if (split.empty(k)) continue;
    if (const char* stop = used.stop(plan)) {
      m.stopped_by = stop;
      return m;
    }
    auto it = results.find(k);
    if (it == results.end()) throw MissingUnit(k);
    ExploreResult r = it->second;
    Used after = used;
    after.add(r);
    // A unit that stopped exactly at the executions left (run_units knew
    // them) is already what running it again would give.
    const bool exact = !plan.max_total_steps && r.stopped_by == "max-executions" &&
                       after.executions == plan.max_executions.value_or(0);
    if ((used.executions > 0 || used.steps > 0) && after.reaches(plan) && !exact) {
      // Explored with the whole budgets; the search run whole has only what
      // the units before left: the same unit, cut where that runs out.
      const SearchPlan rest = used.left(plan);
      RunHooks quiet = hooks;
      quiet.progress = {};
      if (!pool) pool = std::make_unique<sim::StackPool>();
      r = split.run(k, rest, quiet, *pool);
    }
    add(m, r);
    used.add(r);
    if (!r.complete) {
      m.stopped_by = r.stopped_by;
      return m;
    }
  }
  m.complete = true;
  return m;
}

ExploreResult sum_units(const UnitResults& results) {
  ExploreResult m;
  for (const auto& [k, r] : results) {
    add(m, r);
    if (!m.preemption_bound) m.preemption_bound = r.preemption_bound;
  }
  return m;
}

}  // namespace dcsim::explorer
