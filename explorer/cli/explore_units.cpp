#include "explorer/cli/explore_units.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <limits>

#include "explorer/report.hpp"
#include "explorer/result/result_json.hpp"
#include "explorer/units/checkpoint.hpp"
#include "explorer/units/merge.hpp"
#include "explorer/units/search_units.hpp"
#include "explorer/units/unit_files.hpp"
#include "explorer/plural.hpp"

namespace dcsim::cli {

using explorer::Json;

explorer::SearchPlan plan_of(const SearchArgs& a, const model::Scenario& s) {
  return explorer::resolve_plan(a.rules.apply(s), a.request);
}

namespace {

template <class T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// The codec of what decides a search's result, the key of its shard
// reports and checkpoints (the request's depth and split always written).
Json args_json(const SearchArgs& a) {
  const explorer::SearchRequest& r = a.request;
  Json j;
  j["file"] = a.file;
  j["profile"] = opt(a.rules.profile);
  j["rules"] = a.rules.rules;
  j["variant"] = opt(a.rules.variant);
  j["max_steps"] = opt(a.rules.max_steps);
  j["all"] = a.all;
  j["preemptions"] = opt(r.preemptions);
  j["unbounded"] = r.unbounded;
  j["max_executions"] = opt(r.max_executions);
  j["max_total_steps"] = opt(r.max_total_steps);
  j["strategy"] = r.strategy ? Json(std::string(explorer::to_string(*r.strategy))) : Json(nullptr);
  j["seed"] = opt(r.seed);
  j["depth"] = r.pct_depth.value_or(explorer::kDefaultPctDepth);
  j["split"] = r.split.value_or(explorer::kDefaultSplit);
  j["bug_in"] = opt(r.bug_in);
  // Written only when on, so that the keys of searches without it stay as
  // they were; a resume or merge of a --lockdep search must record it again.
  if (r.lockdep) j["lockdep"] = true;
  return j;
}

// A shard report's /search/args, read as bad input (a report edited by
// hand): each option of the type and in the range its command-line flag
// allows, or a UsageError naming the file, the JSON path and what was expected.
class ArgsReader {
 public:
  ArgsReader(const Json& j, const std::string& file) : j_(j), file_(file) {
    if (!j.is_object()) refuse("", "an object of the explore options", j);
  }
  [[noreturn]] void refuse(const std::string& key, const char* expected, const Json& found) const {
    throw UsageError(fmt::format("{}: /search/args{}{}: expected {}, found {}", file_, key.empty() ? "" : "/", key,
                                 expected, explorer::excerpt(found)));
  }
  const Json& at(const char* key, const char* expected) const {
    if (!j_.contains(key))
      throw UsageError(fmt::format("{}: /search/args/{}: missing; expected {}", file_, key, expected));
    return j_.at(key);
  }
  std::uint64_t count(const char* key, std::uint64_t lo, std::uint64_t hi) const {
    const std::string expected = fmt::format("an integer from {} to {}", lo, hi);
    const Json& v = at(key, expected.c_str());
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() < lo || v.get<std::uint64_t>() > hi)
      refuse(key, expected.c_str(), v);
    return v.get<std::uint64_t>();
  }
  std::optional<std::uint64_t> opt_count(const char* key, std::uint64_t lo, std::uint64_t hi) const {
    if (at(key, "null or an integer").is_null()) return std::nullopt;
    return count(key, lo, hi);
  }
  std::string text(const char* key) const {
    const Json& v = at(key, "a string");
    if (!v.is_string()) refuse(key, "a string", v);
    return v.get<std::string>();
  }
  std::optional<std::string> opt_text(const char* key) const {
    if (at(key, "null or a string").is_null()) return std::nullopt;
    return text(key);
  }
  bool flag(const char* key) const {
    const Json& v = at(key, "true or false");
    if (!v.is_boolean()) refuse(key, "true or false", v);
    return v.get<bool>();
  }
  std::vector<std::string> texts(const char* key) const {
    const Json& v = at(key, "an array of NAME=VALUE strings");
    std::vector<std::string> out;
    if (v.is_array())
      for (const Json& e : v)
        if (e.is_string()) out.push_back(e.get<std::string>());
    if (!v.is_array() || out.size() != v.size()) refuse(key, "an array of NAME=VALUE strings", v);
    return out;
  }

 private:
  const Json& j_;
  const std::string& file_;
};

SearchArgs args_from_json(const Json& j, const std::string& file) {
  constexpr std::uint64_t kAny = std::numeric_limits<std::uint64_t>::max();
  const ArgsReader r(j, file);
  SearchArgs a;
  a.file = r.text("file");
  a.rules.profile = r.opt_text("profile");
  a.rules.rules = r.texts("rules");
  a.rules.variant = r.opt_text("variant");
  a.rules.max_steps = r.opt_count("max_steps", 1, kAny);
  a.all = r.flag("all");
  explorer::SearchRequest& q = a.request;
  if (auto p = r.opt_count("preemptions", 0, std::numeric_limits<unsigned>::max())) q.preemptions = unsigned(*p);
  q.unbounded = r.flag("unbounded");
  if (q.unbounded && q.preemptions)
    r.refuse("unbounded", "false with a preemption bound (--unbounded excludes --preemptions)", true);
  q.max_executions = r.opt_count("max_executions", 1, kAny);
  q.max_total_steps = r.opt_count("max_total_steps", 1, kAny);
  if (auto name = r.opt_text("strategy")) {
    q.strategy = explorer::strategy_from_string(*name);
    if (!q.strategy) r.refuse("strategy", "null or one of dpor, source-dpor, dfs, bounded, pct, random", *name);
  }
  q.seed = r.opt_count("seed", 0, kAny);
  q.pct_depth = unsigned(r.count("depth", 1, 64));                // --depth's range
  q.split = std::size_t(r.count("split", 1, std::size_t{1} << 20));  // --split's
  q.bug_in = r.opt_text("bug_in");
  if (j.contains("lockdep")) q.lockdep = r.flag("lockdep");
  return a;
}

// The explore command line that runs this search again.
std::string command_of(const SearchArgs& a) {
  std::string out = "dcsim explore " + shell_quote(a.file) + a.rules.as_arguments();
  const explorer::SearchRequest& r = a.request;
  if (a.all) out += " --all";
  if (r.preemptions) out += fmt::format(" --preemptions {}", *r.preemptions);
  if (r.unbounded) out += " --unbounded";
  if (r.max_executions) out += fmt::format(" --max-executions {}", *r.max_executions);
  if (r.max_total_steps) out += fmt::format(" --max-total-steps {}", *r.max_total_steps);
  if (r.strategy) out += fmt::format(" --strategy {}", explorer::to_string(*r.strategy));
  if (r.seed) out += fmt::format(" --seed {}", *r.seed);
  if (r.pct_depth && *r.pct_depth != explorer::kDefaultPctDepth) out += fmt::format(" --depth {}", *r.pct_depth);
  if (r.split && *r.split != explorer::kDefaultSplit) out += fmt::format(" --split {}", *r.split);
  if (r.bug_in) out += " --bug-in " + shell_quote(*r.bug_in);
  if (r.lockdep) out += " --lockdep";
  return out;
}

std::string verdicts_text(const explorer::VerdictCounts& v) {
  std::string out;
  for (sim::Verdict k : sim::kAllVerdicts)
    if (v[k]) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", sim::to_string(k), v[k]);
  return out.empty() ? "none" : out;
}

}  // namespace

int explore_units(const SearchArgs& a, const UnitArgs& u, const model::Scenario& s,
                  const explorer::SearchPlan& plan, Progress& progress, const PrintReport& print) try {
  explorer::UnitsOptions o;
  if (u.shard) o.shard = explorer::parse_shard(*u.shard);
  o.checkpoint = u.checkpoint;
  o.resume = u.resume;
  o.stop_after_units = u.stop_after_units;
  o.warn = [](const std::string& why) { fmt::print(stderr, "dcsim: warning: {}\n", why); };
  // Refused before the search is cut, which can take a while.
  if (auto ck = explorer::checkpoint_path(o)) explorer::check_checkpoint_target(*ck);
  explorer::RunHooks hooks;
  hooks.stop_on_failure = !a.all;
  hooks.progress = progress.callback();
  explorer::UnitSearch search = explorer::unit_search(plan, hooks);
  o.key = explorer::search_key(args_json(a), a.file, search.split->size());
  const explorer::UnitsOutcome run = explorer::run_search_units(search, o);
  const std::optional<explorer::Shard>& shard = o.shard;

  if (run.interrupted) {
    const explorer::ExploreResult sum = explorer::sum_units(run.run.results);
    const std::string resume =
        run.checkpoint
            ? command_of(a) + (shard ? " --shard " + *u.shard : "") + " --resume " + shell_quote(*run.checkpoint)
            : "";
    if (u.json) {
      fmt::print("{}\n", explorer::interrupted_report_json(plan, run, resume).dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}\n", s.name, s.file,
                 plan.variant.empty() ? "" : ", variant " + plan.variant);
      fmt::print("interrupted: {} of {} work units explored\n", run.run.results.size(), run.mine);
      fmt::print("so far: {} ({}); verdicts: {}\n", explorer::counted(sum.executions, "execution"),
                 explorer::counted(sum.steps, "visible step"),
                 verdicts_text(sum.verdicts));
      if (sum.first_failure)
        fmt::print("a failure so far: {}, schedule {}\n", sim::to_string(sum.first_failure->failure.kind),
                   explorer::format_schedule(sum.first_failure->schedule));
      if (run.checkpoint)
        fmt::print("checkpoint: {}\nresume with: {}\n", *run.checkpoint, resume);
      else
        fmt::print("no checkpoint was written (--checkpoint FILE keeps the units done)\n");
    }
    return run.status;
  }

  if (shard) {
    const explorer::UnitResults own = explorer::shard_units(run.run.results, shard);
    const explorer::ExploreResult sum = explorer::sum_units(own);
    if (u.json) {
      fmt::print("{}\n", explorer::shard_report_json(plan, *shard, o.key, own).dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}, shard {}/{}\n", s.name, s.file,
                 plan.variant.empty() ? "" : ", variant " + plan.variant, shard->index, shard->count);
      fmt::print("work units: {} of {} explored (unit k is shard k mod {})\n", own.size(), run.units, shard->count);
      fmt::print("executions: {} ({}); verdicts: {}\n", sum.executions, explorer::counted(sum.steps, "visible step"),
                 verdicts_text(sum.verdicts));
      fmt::print("combine the --json reports of every shard with: dcsim merge FILE...\n");
    }
    if (sum.verdicts[sim::Verdict::Internal]) return kInternal;
    return sum.first_failure ? kFailure : kOk;
  }
  try {
    return print(explorer::finish(search, run.run.results));
  } catch (const explorer::ReplayMismatch&) {
    if (!u.resume) throw;  // this run's own units: an internal error
    throw UsageError(fmt::format("{}: /done: the first failure does not replay as recorded: expected a "
                                 "checkpoint dcsim wrote for this search, unedited",
                                 *u.resume));
  }
} catch (const explorer::UnitsError& e) {
  throw UsageError(e.what());
}

int merge_shards(const MergeInput& in) try {
  const explorer::MergedShards m = explorer::read_shard_reports(in.files);
  const std::string& report = in.files.front();  // every report's /search is the same
  const explorer::ShardSearch key = explorer::shard_search_of(m, report);
  const SearchArgs a = args_from_json(key.args, report);
  explorer::check_scenario_unchanged(key, a.file, report);
  model::Scenario s = model::load_scenario_file(a.file);
  explorer::SearchPlan plan;
  try {
    plan = plan_of(a, s);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("{}: /search/args: {}", report, e.what()));
  }
  explorer::RunHooks hooks;
  hooks.stop_on_failure = !a.all;
  const explorer::UnitSearch search = explorer::unit_search(plan, hooks);
  return in.print(a, s, plan, explorer::merge_exploration(m, key, search, in.files));
} catch (const explorer::UnitsError& e) {
  throw UsageError(e.what());
}

}  // namespace dcsim::cli
