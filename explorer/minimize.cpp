#include "explorer/minimize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <vector>

#include "explorer/ddmin.hpp"
#include "explorer/dfs/dfs.hpp"
#include "explorer/run.hpp"
#include "model/scenario/program.hpp"

namespace dcsim::explorer {

std::string failure_identity(const sim::Execution& ex) {
  const sim::Failure& f = ex.failure();
  auto object = [&](sim::ObjectId o) { return o == sim::kNoObject ? std::string("-") : ex.objects().describe(o); };
  // Messages may say when something happened ("hashed by T2 at step 29"):
  // when is not part of how it fails.
  static const std::regex step_number("step [0-9]+");
  std::string out = fmt::format("{}|{}", sim::to_string(f.kind),
                                std::regex_replace(f.message, step_number, "step N"));
  if (f.kind != sim::Verdict::Deadlock)
    return out + fmt::format("|{}|{}", f.function, object(f.object));
  // A cycle found from another thread is the same cycle: sort the edges.
  std::vector<std::string> edges;
  const bool cycle = !f.cycle.empty();
  for (const sim::WaitEdge& e : cycle ? f.cycle : f.blocked)
    if (cycle || !ex.is_daemon(e.waiter))
      edges.push_back(fmt::format("{} {} {} {}", ex.thread_name(e.waiter), e.function, e.op, object(e.object)));
  std::sort(edges.begin(), edges.end());
  for (const std::string& e : edges) out += "|" + e;
  return out;
}

std::vector<std::pair<sim::ThreadId, std::size_t>> schedule_runs(const Schedule& s) {
  std::vector<std::pair<sim::ThreadId, std::size_t>> runs;
  for (sim::ThreadId t : s)
    if (!runs.empty() && runs.back().first == t)
      ++runs.back().second;
    else
      runs.emplace_back(t, 1);
  return runs;
}

namespace {
// Follows a schedule, skipping the rest of a run whose thread cannot run.
class TolerantChooser : public sim::Chooser {
 public:
  explicit TolerantChooser(const Schedule& s) : s_(s) {}
  sim::ThreadId choose(const sim::Execution&, const std::vector<sim::ThreadId>& enabled) override {
    auto can = [&](sim::ThreadId t) { return std::binary_search(enabled.begin(), enabled.end(), t); };
    while (next_ < s_.size() && !can(s_[next_])) {
      const sim::ThreadId t = s_[next_];
      while (next_ < s_.size() && s_[next_] == t) ++next_;
    }
    sim::ThreadId pick;
    if (next_ < s_.size())
      pick = s_[next_++];
    else
      pick = last_ != sim::kNoThread && can(last_) ? last_ : enabled.front();
    count_.chose(enabled, pick);
    ran_.push_back(pick);
    last_ = pick;
    return pick;
  }
  Schedule ran_;
  PreemptionCount count_;

 private:
  const Schedule& s_;
  std::size_t next_ = 0;
  sim::ThreadId last_ = sim::kNoThread;
};
}  // namespace

TolerantRun run_tolerant(const sim::Program& program, const Schedule& schedule, std::uint64_t max_steps,
                         sim::StackPool* stacks) {
  sim::ExecutionOptions eo;
  eo.max_steps = max_steps;
  eo.stacks = stacks;
  sim::Execution ex(program, eo);
  TolerantChooser chooser(schedule);
  ex.run(chooser);
  TolerantRun r;
  r.ran = std::move(chooser.ran_);
  r.preemptions = chooser.count_.value();
  r.identity = failure_identity(ex);
  return r;
}

namespace {
// Delta debugging over the runs of m.failure's schedule, repeated on its
// result while that has fewer preemptions.
void reduce_schedule(const sim::Program& program, const MinimizeOptions& options, Minimized& m) {
  m.reduced = true;
  m.reduced_from = m.failure.preemptions;
  bool budget_left = true;
  for (;;) {
    const auto runs = schedule_runs(m.failure.schedule);
    auto build = [&](const Subset& keep) {
      Schedule s;
      for (std::size_t i : keep) s.insert(s.end(), runs[i].second, runs[i].first);
      return s;
    };
    std::optional<TolerantRun> best;
    auto fails = [&](const Subset& keep) {
      if (m.replays >= options.max_replays) {
        budget_left = false;
        return false;
      }
      ++m.executions;
      ++m.replays;
      TolerantRun r = run_tolerant(program, build(keep), options.max_steps, options.stacks);
      const bool same = r.identity == m.identity;
      if (same && (!best || r.preemptions < best->preemptions ||
                   (r.preemptions == best->preemptions && r.ran.size() < best->ran.size())))
        best = std::move(r);
      return same;
    };
    if (fails({})) {  // no switch at all fails so: nothing to keep
      m.one_minimal = true;
    } else {
      const DdminResult d = ddmin(runs.size(), fails);
      m.one_minimal = d.one_minimal && budget_left;
    }
    if (!best || best->preemptions >= m.failure.preemptions) break;
    m.failure.schedule = best->ran;
    m.failure.preemptions = best->preemptions;
    m.steps = best->ran.size();
    if (!budget_left) break;
  }
}
}  // namespace

Minimized minimize(const sim::Program& program, const FoundFailure& original,
                   const MinimizeOptions& options) {
  Minimized m;
  m.failure = original;
  m.steps = original.schedule.size();
  {
    sim::ExecutionOptions eo;
    eo.max_steps = options.max_steps;
    eo.stacks = options.stacks;
    sim::Execution ex(program, eo);
    ReplayChooser chooser(original.schedule);
    ex.run(chooser);
    m.identity = failure_identity(ex);
  }
  // Each search is preemption-bounded DFS for the same failure, a plan of
  // its own: its bound, steps and what is left of the executions.
  RunHooks hooks;
  hooks.stacks = options.stacks;
  hooks.stop_on_failure = true;
  hooks.accept = [&](const sim::Execution& ex) { return failure_identity(ex) == m.identity; };
  auto search = [&](unsigned bound, std::uint64_t max_steps) {
    SearchPlan o;
    o.strategy = Strategy::Bounded;
    o.max_seconds = options.max_seconds;
    o.preemptions = bound;
    o.max_steps = max_steps;
    o.max_executions = options.max_executions > m.executions ? options.max_executions - m.executions : 1;
    ExploreResult r = explore_dfs(program, o, hooks);
    m.executions += r.executions + r.reexecuted;
    return r;
  };

  // Fewest preemptions: the bounds below the one found were all explored.
  const ExploreResult first = search(original.preemptions, options.max_steps);
  if (first.first_failure) {
    m.failure = *first.first_failure;
    m.steps = m.failure.schedule.size();
    m.fewest_preemptions = true;
  } else if (original.preemptions == 0) {
    m.fewest_preemptions = true;
  } else {
    m.stopped_by = first.stopped_by;
    reduce_schedule(program, options, m);
    return m;
  }
  // Fewest steps at that bound: shorten until nothing shorter fails so.
  while (m.steps > 1) {
    const ExploreResult r = search(m.failure.preemptions, m.steps - 1);
    if (!r.first_failure) {
      if (r.complete) m.fewest_steps = true;
      else m.stopped_by = r.stopped_by;
      break;
    }
    m.failure = *r.first_failure;
    m.steps = m.failure.schedule.size();
  }
  if (m.steps <= 1) m.fewest_steps = true;
  return m;
}

Minimization minimize(const SearchPlan& setup, const FoundFailure& original, MinimizeOptions options) {
  auto program = model::make_program(*setup.scenario, setup.rules);
  options.max_steps = setup.max_steps;
  Minimization out{minimize(*program, original, options), {}};
  out.replay = replay(setup, out.result.failure.schedule);
  return out;
}

}  // namespace dcsim::explorer
