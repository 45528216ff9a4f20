// dcsim explore: every interleaving (within the bounds), stopping at the
// first failure unless --all.
#include <fmt/format.h>

#include <memory>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/cli/explore_units.hpp"
#include "explorer/report.hpp"

namespace dcsim::cli {

namespace {
struct ExploreArgs {
  std::string file;
  RuleOptions rules;
  bool all = false;
  std::optional<unsigned> preemptions;
  bool unbounded = false;
  std::optional<std::uint64_t> max_executions;
  bool json = false;
  bool progress = false;
  bool trace = true;
  std::optional<std::string> strategy;
  std::optional<std::uint64_t> seed;
  unsigned depth = 3;
  std::size_t split = explorer::ExploreOptions{}.split;
  UnitArgs units;
};

SearchArgs search_of(const ExploreArgs& a) {
  SearchArgs s;
  s.file = a.file;
  s.rules = a.rules;
  s.all = a.all;
  s.preemptions = a.preemptions;
  s.unbounded = a.unbounded;
  s.max_executions = a.max_executions;
  s.strategy = a.strategy;
  s.seed = a.seed;
  s.depth = a.depth;
  s.split = a.split;
  return s;
}

std::string bounds_text(const explorer::Setup& st) {
  using explorer::Strategy;
  const Strategy strategy = explorer::strategy_of(st);
  std::string out(explorer::to_string(strategy));
  if (strategy == Strategy::Random || strategy == Strategy::Pct)
    out += fmt::format(" (seed {}{})", st.seed,
                       strategy == Strategy::Pct ? fmt::format(", depth {}", st.pct_depth) : "");
  // DPOR is exhaustive; the samplers have no notion of a preemption bound.
  const bool bounded = strategy == Strategy::Dfs || strategy == Strategy::Bounded;
  if (!bounded)
    out += ", every trace";
  else if (st.preemptions)
    out += fmt::format(", preemption bound {} (raised from 0)", *st.preemptions);
  else
    out += ", no preemption bound";
  out += fmt::format(", at most {} steps per execution", st.max_steps);
  if (st.max_executions) out += fmt::format(", at most {} executions", *st.max_executions);
  return out;
}

int print_report(const ExploreArgs* args, const model::Scenario& s, const explorer::Setup& setup,
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
  cmd->add_option("scenario", args->file, "Scenario JSON file")->required();
  args->rules.add_to(*cmd);
  cmd->add_flag("--all", args->all, "Explore every execution and count each verdict instead of stopping at the first failure");
  auto* p = cmd->add_option("--preemptions", args->preemptions,
                            "Preemption bound K: explore executions with at most K preemptive "
                            "switches, raising the bound from 0 (default: the scenario's)");
  cmd->add_flag("--unbounded", args->unbounded, "No preemption bound, even if the scenario sets one")
      ->excludes(p);
  cmd->add_option("--max-executions", args->max_executions, "Stop after this many executions")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--strategy", args->strategy,
                  "Search strategy: dpor (optimal DPOR, one execution per Mazurkiewicz trace), "
                  "source-dpor, dfs, bounded (dfs with a preemption bound, 2 unless set), pct, random. "
                  "Default: dpor, or bounded when a preemption bound is set (by the scenario or "
                  "--preemptions), since DPOR does not honour a bound yet")
      ->check(CLI::IsMember({"dpor", "source-dpor", "dfs", "bounded", "pct", "random"}));
  cmd->add_option("--seed", args->seed, "Seed for pct and random (default 1); the report prints it");
  cmd->add_option("--depth", args->depth, "PCT bug depth d (default 3)")->check(CLI::Range(1u, 64u));
  cmd->add_option("--jobs,-j", args->units.jobs,
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
  cmd->add_option("--split", args->split,
                  "Cut the search into at least this many work units (default 64; 1: no cut); shards, "
                  "checkpoints and merge must use the same value")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  cmd->add_flag("--json", args->json, "Print a JSON report instead of text");
  cmd->add_flag("--progress", args->progress, "Progress lines on stderr even when it is not a terminal");
  cmd->add_flag("!--no-trace", args->trace, "Do not print the failing execution's trace");
  return [args] {
    model::Scenario s = model::load_scenario_file(args->file);
    explorer::Setup setup = setup_of(search_of(*args), s);
    setup.jobs = args->units.jobs;
    args->units.json = args->json;

    Progress progress(args->progress || isatty(2));
    auto report = [&](const explorer::Exploration& e) { return print_report(args.get(), s, setup, e, progress); };
    if (args->units.uses_units())
      return explore_units(search_of(*args), args->units, s, setup, progress, report);
    return report(explorer::explore(setup, !args->all, progress.callback()));
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
    in.print = [&](const SearchArgs& a, const model::Scenario& s, const explorer::Setup& setup,
                   const explorer::Exploration& e) {
      args->rules = a.rules;
      Progress progress(false);
      return print_report(args.get(), s, setup, e, progress);
    };
    return merge_shards(in);
  };
}

namespace {
int print_report(const ExploreArgs* args, const model::Scenario& s, const explorer::Setup& setup,
                 const explorer::Exploration& e, const Progress& progress) {
    const explorer::ExploreResult& r = e.result;
    const double secs = progress.seconds();
    if (progress.enabled())
      fmt::print(stderr, "\rexplored {} executions ({} steps) in {:.3f} s: {:.0f} executions/s, {:.0f} steps/s\n",
                 r.executions, r.steps, secs, secs > 0 ? r.executions / secs : 0.0,
                 secs > 0 ? r.steps / secs : 0.0);

    std::string replay_cmd;
    if (e.failure)
      replay_cmd = fmt::format("dcsim replay {}{} --schedule {}", shell_quote(s.file),
                               args->rules.as_arguments(),
                               explorer::format_schedule(r.first_failure->schedule));
    if (args->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "explore";
      j["setup"] = explorer::setup_json(setup);
      j["result"] = explorer::result_json(r);
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
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}\n", s.name, s.file,
                 setup.variant.empty() ? "" : ", variant " + setup.variant);
      fmt::print("profile {}: {}\n", setup.profile, explorer::describe_rules(setup.rules));
      fmt::print("search: {}\n", bounds_text(setup));
      fmt::print("executions: {} ({} visible steps", r.executions, r.steps);
      if (r.reexecuted) fmt::print(", {} more re-run while raising the bound", r.reexecuted);
      if (r.blocked) fmt::print(", {} redundant executions cut short", r.blocked);
      fmt::print(")\n");
      if (r.probability_bound)
        fmt::print("pct: each run finds a bug of depth {} with probability at least {:.3g}\n",
                   setup.pct_depth, *r.probability_bound);
      if (r.complete)
        fmt::print("complete: every {}{} was explored\n",
                   r.strategy == "dpor" || r.strategy == "source-dpor" ? "Mazurkiewicz trace" : "execution",
                   r.preemption_bound ? fmt::format(" with at most {} preemptions", *r.preemption_bound) : "");
      else
        fmt::print("incomplete: stopped by {}\n", r.stopped_by == "failure" ? "the first failure (use --all to go on)" : r.stopped_by);
      if (r.seed) fmt::print("seed: {} (--seed {} repeats this run)\n", *r.seed, *r.seed);
      fmt::print("verdicts: {}\n", verdicts_text(r.verdicts));
      if (e.failure) {
        const sim::Execution& ex = *e.failure->execution;
        fmt::print("\nfirst failure: {} after {} steps, {} preemption{}\n", sim::to_string(ex.failure().kind),
                   ex.step(), r.first_failure->preemptions, r.first_failure->preemptions == 1 ? "" : "s");
        fmt::print("threads: {}\n", explorer::thread_legend(ex));
        fmt::print("schedule: {}\n", explorer::format_schedule(r.first_failure->schedule));
        fmt::print("replay with: {}\n\n", replay_cmd);
        if (args->trace) fmt::print("{}\n", explorer::trace_table(ex));
        fmt::print("{}", explorer::failure_text(ex));
      }
    }
    if (r.verdicts[sim::Verdict::Internal]) return int(kInternal);
    return r.verdicts.failures() ? int(kFailure) : int(kOk);
}
}  // namespace

}  // namespace dcsim::cli
