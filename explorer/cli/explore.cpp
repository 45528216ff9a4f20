// dcsim explore: every interleaving (within the bounds), stopping at the
// first failure unless --all.
#include <fmt/format.h>

#include <memory>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/minimize.hpp"
#include "explorer/cli/explore_units.hpp"
#include "explorer/cli/visual_options.hpp"
#include "explorer/plan/search_plan.hpp"
#include "explorer/report.hpp"
#include "explorer/verdict/bound.hpp"
#include "explorer/verdict/lockdep_report.hpp"
#include "explorer/plural.hpp"

namespace dcsim::cli {

namespace {
// The search (SearchArgs: the request resolve_plan reads, and what shards
// and checkpoints record), and how to run and print it.
struct ExploreArgs {
  SearchArgs search;
  bool json = false;
  bool progress = false;
  bool trace = true;
  bool minimize = false;
  UnitArgs units;
  VisualArgs visual;  // the first failure, or the minimized one
  std::string format = "table";
};

std::string bounds_text(const explorer::SearchPlan& plan) {
  std::string out = explorer::search_strategy(plan.strategy, plan.preemptions).describe(plan);
  out += fmt::format(", at most {} per execution", explorer::counted(plan.max_steps, "step"));
  if (plan.max_executions) out += ", at most " + explorer::counted(*plan.max_executions, "execution");
  if (plan.max_total_steps) out += fmt::format(", at most {} in all", explorer::counted(plan.max_total_steps, "step"));
  if (plan.max_seconds > 0) out += fmt::format(", at most {} s", plan.max_seconds);
  return out;
}

bool r_failure(const explorer::Exploration& e) { return e.result.first_failure.has_value(); }

std::string minimized_replay(const explorer::Minimization& m, const model::Scenario& s,
                             const RuleOptions& rules) {
  return fmt::format("dcsim replay {}{} --schedule {}", shell_quote(s.file), rules.as_arguments(),
                     explorer::format_schedule(m.result.failure.schedule));
}

// `minimized` in the JSON report: null when no failure was found.
explorer::Json minimized_json(const std::optional<explorer::Minimization>& m, const model::Scenario& s,
                              const RuleOptions& rules, bool trace) {
  if (!m) return nullptr;
  const explorer::Minimized& r = m->result;
  explorer::Json j;
  j["identity"] = r.identity;
  j["schedule"] = explorer::format_schedule(r.failure.schedule);
  j["preemptions"] = r.failure.preemptions;
  j["steps"] = r.steps;
  j["fewest_preemptions"] = r.fewest_preemptions;
  j["fewest_steps"] = r.fewest_steps;
  j["executions"] = r.executions;
  j["stopped_by"] = r.stopped_by.empty() ? explorer::Json(nullptr) : explorer::Json(r.stopped_by);
  j["reduced"] = r.reduced ? explorer::Json{{"from_preemptions", r.reduced_from},
                                            {"replays", r.replays},
                                            {"one_minimal", r.one_minimal},
                                            {"proven", false}}
                           : explorer::Json(nullptr);
  j["replay"] = minimized_replay(*m, s, rules);
  if (trace) j["trace"] = explorer::trace_json(*m->replay.execution);
  return j;
}

void print_minimized(const explorer::Minimization& m, const model::Scenario& s, const RuleOptions& rules,
                     bool trace, bool columns) {
  const explorer::Minimized& r = m.result;
  const sim::Execution& ex = *m.replay.execution;
  auto proven = [&](bool p) {
    return p ? std::string("proven") : fmt::format("not proven, stopped by {}", r.stopped_by);
  };
  fmt::print("\nminimized failure: {} after {}, {} ({} more)\n", sim::to_string(ex.failure().kind),
             explorer::counted(r.steps, "step"), explorer::counted(r.failure.preemptions, "preemption"),
             explorer::counted(r.executions, "execution"));
  fmt::print("fewest preemptions: {}; fewest steps with that many: {}\n", proven(r.fewest_preemptions),
             proven(r.fewest_steps));
  if (r.reduced)
    fmt::print("reduced by delta debugging over its context switches: {} -> {} in {}, {} "
               "(not proven fewest)\n",
               r.reduced_from, explorer::counted(r.failure.preemptions, "preemption"),
               explorer::counted(r.replays, "replay"),
               r.one_minimal ? "1-minimal: dropping any one remaining switch loses the failure" : "NOT shown 1-minimal");
  fmt::print("schedule: {}\n", explorer::format_schedule(r.failure.schedule));
  fmt::print("replay with: {}\n\n", minimized_replay(m, s, rules));
  if (trace) fmt::print("{}\n", columns ? explorer::trace_columns(ex) : explorer::trace_table(ex));
  fmt::print("{}", explorer::failure_text(ex));
}

int print_report(const ExploreArgs* args, const model::Scenario& s, const explorer::SearchPlan& plan,
                 const explorer::Exploration& e, const Progress& progress);

std::string verdicts_text(const explorer::VerdictCounts& v) {
  std::string out;
  for (sim::Verdict k : sim::kAllVerdicts)
    if (v[k]) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", sim::to_string(k), v[k]);
  return out.empty() ? "none" : out;
}
}  // namespace

Action add_explore(CLI::App& app) {
  auto args = std::make_shared<ExploreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explore", "Explore the interleavings of a scenario; report the first failure (or all verdicts)");
  cmd->add_option("scenario", args->search.file, "Scenario JSON file")->required();
  args->search.rules.add_to(*cmd);
  explorer::SearchRequest& request = args->search.request;
  cmd->add_flag("--all", args->search.all, "Explore every execution and count each verdict instead of stopping at the first failure");
  auto* p = cmd->add_option("--preemptions", request.preemptions,
                            "Preemption bound K: explore executions with at most K preemptive "
                            "switches, raising the bound from 0 (default: the scenario's)");
  cmd->add_flag("--unbounded", request.unbounded, "No preemption bound, even if the scenario sets one")
      ->excludes(p);
  cmd->add_option("--max-executions", request.max_executions, "Stop after this many executions")
      ->check(CLI::PositiveNumber);
  cmd->add_option_function<std::string>(
         "--strategy", [&request](const std::string& name) { request.strategy = explorer::strategy_from_string(name); },
                  "Search strategy: dpor (optimal DPOR, one execution per Mazurkiewicz trace), "
                  "source-dpor, dfs, bounded (dfs with a preemption bound, 2 unless set), pct, random. "
                  "Default: dpor; with a preemption bound (from the scenario or --preemptions) "
                  "dpor and source-dpor run bounded POR on source-DPOR")
      ->check(CLI::IsMember({"dpor", "source-dpor", "dfs", "bounded", "pct", "random"}));
  cmd->add_option("--seed", request.seed, "Seed for pct and random (default 1); the report prints it");
  cmd->add_option("--depth", request.pct_depth, "PCT bug depth d (default 3)")->check(CLI::Range(1u, 64u));
  cmd->add_option("--bug-in", request.bug_in,
                  "Stop only at a failure raised in this kernel function (e.g. d_splice_alias); "
                  "others are counted and passed over. Default: the scenario's expect.function; "
                  "\"any\" for every failure");
  cmd->add_option("--jobs,-j", request.jobs,
                  "OS threads exploring work units in parallel (default 1); the report does not depend on it")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_option("--shard", args->units.shard,
                  "Explore only shard I of N (I/N: work unit k is in shard k mod N); with --json, "
                  "`dcsim merge` combines the N shard reports into the unsharded report");
  cmd->add_option("--checkpoint", args->units.checkpoint,
                  "Write the work units done to FILE every few seconds and on SIGINT/SIGTERM, which "
                  "stop the search (exit 130/143) with a partial report");
  cmd->add_option("--resume", args->units.resume,
                  "Go on from the checkpoint FILE (same scenario and options); it is updated as --checkpoint");
  cmd->add_option("--stop-after-units", args->units.stop_after_units,
                  "For testing: act as interrupted by SIGINT after exploring this many work units")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--split", request.split,
                  "Cut the search into at least this many work units (default 64; 1: no cut); shards, "
                  "checkpoints and merge must use the same value")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  cmd->add_flag("--json", args->json, "Print a JSON report instead of text");
  cmd->add_flag("--progress", args->progress, "Progress lines on stderr even when it is not a terminal");
  cmd->add_flag("!--no-trace", args->trace, "Do not print the failing execution's trace");
  cmd->add_option("--max-time", request.max_seconds,
                  "Stop after this many seconds (the result then depends on time: stopped_by max-time)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-total-steps", request.max_total_steps,
                  "Stop once this many visible steps were run over all executions")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--minimize", args->minimize,
                "Once a failure is found, also find one that fails the same way (same kind, site, "
                "objects; same deadlock cycle) with the fewest preemptions, then the fewest steps, "
                "and print it (and the original)");
  cmd->add_flag("--lockdep", request.lockdep,
                "Record the lock order of every execution by lock class, as lockdep does, and report each "
                "cycle no explored execution deadlocked on as a potential deadlock");
  args->visual.add_to(*cmd);
  cmd->add_option("--format", args->format, "Trace layout: table (one row per event) or columns (one column per thread)")
      ->check(CLI::IsMember({"table", "columns"}));
  return [args] {
    model::Scenario s = model::load_scenario_file(args->search.file);
    const explorer::SearchPlan plan = plan_of(args->search, s);
    args->units.json = args->json;
    if (args->units.uses_units() && (args->search.request.max_seconds || args->minimize))
      throw UsageError(
          "--max-time and --minimize do not combine with --shard, --checkpoint or --resume "
          "(work units must be explored the same way in every process)");

    Progress progress(args->progress || isatty(2));
    auto report = [&](const explorer::Exploration& e) { return print_report(args.get(), s, plan, e, progress); };
    if (args->units.uses_units())
      return explore_units(args->search, args->units, s, plan, progress, report);
    explorer::RunHooks hooks;
    hooks.stop_on_failure = !args->search.all;
    hooks.progress = progress.callback();
    hooks.estimate = &progress.estimate;
    return report(explorer::explore(plan, hooks));
  };
}

Action add_merge(CLI::App& app) {
  auto args = std::make_shared<ExploreArgs>();
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "Combine the --json reports of `explore --shard I/N`, for every I, into the unsharded report");
  cmd->add_option("reports", *files, "Shard reports (JSON files)")->required();
  cmd->add_flag("--json", args->json, "Print a JSON report instead of text");
  cmd->add_flag("!--no-trace", args->trace, "Do not print the failing execution's trace");
  return [args, files] {
    MergeInput in;
    in.files = *files;
    in.print = [&](const SearchArgs& a, const model::Scenario& s, const explorer::SearchPlan& plan,
                   const explorer::Exploration& e) {
      args->search.rules = a.rules;
      Progress progress(false);
      return print_report(args.get(), s, plan, e, progress);
    };
    return merge_shards(in);
  };
}

namespace {
int print_report(const ExploreArgs* args, const model::Scenario& s, const explorer::SearchPlan& plan,
                 const explorer::Exploration& e, const Progress& progress) {
    const explorer::ExploreResult& r = e.result;
    std::optional<explorer::Minimization> minimized;
    if (args->minimize && r_failure(e)) {
      explorer::MinimizeOptions mo;
      if (plan.max_executions) mo.max_executions = *plan.max_executions;
      mo.max_seconds = plan.max_seconds;
      minimized = explorer::minimize(plan, *r.first_failure, mo);
    }
    const double secs = progress.seconds();
    if (progress.enabled())
      fmt::print(stderr, "\rexplored {} ({}) in {:.3f} s: {:.0f} executions/s, {:.0f} steps/s\n",
                 explorer::counted(r.executions, "execution"), explorer::counted(r.steps, "step"), secs, secs > 0 ? r.executions / secs : 0.0,
                 secs > 0 ? r.steps / secs : 0.0);

    std::string replay_cmd;
    if (e.failure)
      replay_cmd = fmt::format("dcsim replay {}{} --schedule {}", shell_quote(s.file),
                               args->search.rules.as_arguments(),
                               explorer::format_schedule(r.first_failure->schedule));
    if (minimized)
      args->visual.write(plan, minimized->result.failure.schedule, minimized_replay(*minimized, s, args->search.rules));
    else if (e.failure)
      args->visual.write(plan, r.first_failure->schedule, replay_cmd);
    if (args->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "explore";
      j["setup"] = explorer::setup_json(plan);
      j["result"] = explorer::result_json(r);
      j["verdict"] = explorer::verdict_json(r);
      if (r.lock_order) j["lockdep"] = explorer::lockdep_json(*r.lock_order);
      if (e.failure) {
        const sim::Execution& ex = *e.failure->execution;
        explorer::Json f = explorer::failure_json(ex);
        f["schedule"] = explorer::format_schedule(r.first_failure->schedule);
        f["preemptions"] = r.first_failure->preemptions;
        f["replay"] = replay_cmd;
        f["threads"] = explorer::threads_json(ex);
        if (args->trace) f["trace"] = explorer::trace_json(ex);
        j["failure"] = f;
      } else {
        j["failure"] = nullptr;
      }
      if (args->minimize) j["minimized"] = minimized_json(minimized, s, args->search.rules, args->trace);
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}\n", s.name, s.file,
                 plan.variant.empty() ? "" : ", variant " + plan.variant);
      fmt::print("profile {}: {}\n", plan.profile, explorer::describe_rules(plan.rules));
      fmt::print("search: {}\n", bounds_text(plan));
      if (plan.failure_function)
        fmt::print("looking for: a failure raised in {} (others are counted and passed over; "
                   "--bug-in any for every failure)\n",
                   *plan.failure_function);
      fmt::print("executions: {} ({}", r.executions, explorer::counted(r.steps, "visible step"));
      if (r.reexecuted) fmt::print(", {} more re-run while raising the bound", r.reexecuted);
      if (r.blocked) fmt::print(", {} cut short", explorer::counted(r.blocked, "redundant execution"));
      fmt::print(")\n");
      if (r.probability_bound)
        fmt::print("pct: each run finds a bug of depth {} with probability at least {:.3g}\n",
                   plan.pct_depth, *r.probability_bound);
      if (r.complete)
        fmt::print("complete: every {}{} was explored\n",
                   explorer::search_strategy(plan.strategy, plan.preemptions).covers(),
                   r.preemption_bound ? " with at most " + explorer::counted(*r.preemption_bound, "preemption") : "");
      else
        fmt::print("incomplete: stopped by {}\n", r.stopped_by == "failure" ? "the first failure (use --all to go on)" : r.stopped_by);
      if (r.seed) fmt::print("seed: {} (--seed {} repeats this run)\n", *r.seed, *r.seed);
      fmt::print("verdicts: {}\n", verdicts_text(r.verdicts));
      if (!r.verdicts.failures()) fmt::print("verdict: {}\n", explorer::no_failure_text(explorer::bound_of(r)));
      for (sim::Verdict k : sim::kAllVerdicts)
        if (const auto& sched = r.example[static_cast<std::size_t>(k)])
          fmt::print("  one {} schedule: {}\n", sim::to_string(k), explorer::format_schedule(*sched));
      if (e.failure) {
        const sim::Execution& ex = *e.failure->execution;
        fmt::print("\nfirst failure: {} after {}, {}\n", sim::to_string(ex.failure().kind),
                   explorer::counted(ex.step(), "step"), explorer::counted(r.first_failure->preemptions, "preemption"));
        fmt::print("threads: {}\n", explorer::thread_legend(ex));
        fmt::print("schedule: {}\n", explorer::format_schedule(r.first_failure->schedule));
        fmt::print("replay with: {}\n\n", replay_cmd);
        if (args->trace)
          fmt::print("{}\n", args->format == "columns" ? explorer::trace_columns(ex) : explorer::trace_table(ex));
        fmt::print("{}", explorer::failure_text(ex));
      }
      if (minimized) print_minimized(*minimized, s, args->search.rules, args->trace, args->format == "columns");
      if (r.lock_order) fmt::print("\n{}", explorer::lockdep_text(*r.lock_order));
    }
    if (r.verdicts[sim::Verdict::Internal]) return int(kInternal);
    return r.verdicts.failures() ? int(kFailure) : int(kOk);
}
}  // namespace

}  // namespace dcsim::cli
