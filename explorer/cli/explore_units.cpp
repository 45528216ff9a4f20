#include "explorer/cli/explore_units.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "explorer/report.hpp"
#include "explorer/result/result_json.hpp"
#include "explorer/units/checkpoint.hpp"
#include "explorer/units/merge.hpp"
#include "explorer/units/search_units.hpp"
#include "explorer/units/unit_files.hpp"

namespace dcsim::cli {

using explorer::Json;

explorer::Setup setup_of(const SearchArgs& a, const model::Scenario& s) {
  explorer::Setup setup = a.rules.apply(s);
  if (a.preemptions) setup.preemptions = a.preemptions;
  if (a.unbounded) setup.preemptions.reset();
  if (a.max_executions) setup.max_executions = a.max_executions;
  if (a.max_total_steps) setup.max_total_steps = *a.max_total_steps;
  if (a.strategy) setup.strategy = *explorer::strategy_from_string(*a.strategy);
  if (a.seed) setup.seed = *a.seed;
  setup.pct_depth = a.depth;
  setup.split = a.split;
  if (a.bug_in) setup.failure_function = *a.bug_in == "any" ? std::nullopt : a.bug_in;
  return setup;
}

namespace {

template <class T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json args_json(const SearchArgs& a) {
  Json j;
  j["file"] = a.file;
  j["profile"] = opt(a.rules.profile);
  j["rules"] = a.rules.rules;
  j["variant"] = opt(a.rules.variant);
  j["max_steps"] = opt(a.rules.max_steps);
  j["all"] = a.all;
  j["preemptions"] = opt(a.preemptions);
  j["unbounded"] = a.unbounded;
  j["max_executions"] = opt(a.max_executions);
  j["max_total_steps"] = opt(a.max_total_steps);
  j["strategy"] = opt(a.strategy);
  j["seed"] = opt(a.seed);
  j["depth"] = a.depth;
  j["split"] = a.split;
  j["bug_in"] = opt(a.bug_in);
  return j;
}

template <class T>
std::optional<T> read_opt(const Json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

SearchArgs args_from_json(const Json& j) {
  SearchArgs a;
  a.file = j.at("file").get<std::string>();
  a.rules.profile = read_opt<std::string>(j, "profile");
  a.rules.rules = j.at("rules").get<std::vector<std::string>>();
  a.rules.variant = read_opt<std::string>(j, "variant");
  a.rules.max_steps = read_opt<std::uint64_t>(j, "max_steps");
  a.all = j.at("all").get<bool>();
  a.preemptions = read_opt<unsigned>(j, "preemptions");
  a.unbounded = j.at("unbounded").get<bool>();
  a.max_executions = read_opt<std::uint64_t>(j, "max_executions");
  a.max_total_steps = read_opt<std::uint64_t>(j, "max_total_steps");
  a.strategy = read_opt<std::string>(j, "strategy");
  a.seed = read_opt<std::uint64_t>(j, "seed");
  a.depth = j.at("depth").get<unsigned>();
  a.split = j.at("split").get<std::size_t>();
  a.bug_in = read_opt<std::string>(j, "bug_in");
  return a;
}

// The explore command line that runs this search again.
std::string command_of(const SearchArgs& a) {
  std::string out = "dcsim explore " + shell_quote(a.file) + a.rules.as_arguments();
  if (a.all) out += " --all";
  if (a.preemptions) out += fmt::format(" --preemptions {}", *a.preemptions);
  if (a.unbounded) out += " --unbounded";
  if (a.max_executions) out += fmt::format(" --max-executions {}", *a.max_executions);
  if (a.max_total_steps) out += fmt::format(" --max-total-steps {}", *a.max_total_steps);
  if (a.strategy) out += " --strategy " + *a.strategy;
  if (a.seed) out += fmt::format(" --seed {}", *a.seed);
  if (a.depth != 3) out += fmt::format(" --depth {}", a.depth);
  if (a.split != explorer::ExploreOptions{}.split) out += fmt::format(" --split {}", a.split);
  if (a.bug_in) out += " --bug-in " + shell_quote(*a.bug_in);
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
                  const explorer::Setup& setup, Progress& progress, const PrintReport& print) try {
  explorer::UnitsOptions o;
  o.jobs = u.jobs;
  if (u.shard) o.shard = explorer::parse_shard(*u.shard);
  o.checkpoint = u.checkpoint;
  o.resume = u.resume;
  o.stop_after_units = u.stop_after_units;
  o.warn = [](const std::string& why) { fmt::print(stderr, "dcsim: warning: {}\n", why); };
  // Refused before the search is cut, which can take a while.
  if (auto ck = explorer::checkpoint_path(o)) explorer::check_checkpoint_target(*ck);
  explorer::UnitSearch search = explorer::unit_search(setup, !a.all, progress.callback());
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
      Json j;
      j["dcsim_report"] = 1;
      j["command"] = "explore";
      j["setup"] = explorer::setup_json(setup);
      j["interrupted"] = {{"units", run.mine},
                          {"units_done", run.run.results.size()},
                          {"checkpoint", run.checkpoint ? Json(*run.checkpoint) : Json(nullptr)},
                          {"resume", run.checkpoint ? Json(resume) : Json(nullptr)}};
      Json r = explorer::result_json(sum);
      r["strategy"] = explorer::to_string(search.strategy);
      j["result"] = r;
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}\n", s.name, s.file,
                 setup.variant.empty() ? "" : ", variant " + setup.variant);
      fmt::print("interrupted: {} of {} work units explored\n", run.run.results.size(), run.mine);
      fmt::print("so far: {} executions ({} visible steps); verdicts: {}\n", sum.executions, sum.steps,
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
      fmt::print("{}\n", explorer::shard_report_json(setup, *shard, o.key, own).dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}, shard {}/{}\n", s.name, s.file,
                 setup.variant.empty() ? "" : ", variant " + setup.variant, shard->index, shard->count);
      fmt::print("work units: {} of {} explored (unit k is shard k mod {})\n", own.size(), run.units, shard->count);
      fmt::print("executions: {} ({} visible steps); verdicts: {}\n", sum.executions, sum.steps,
                 verdicts_text(sum.verdicts));
      fmt::print("combine the --json reports of every shard with: dcsim merge FILE...\n");
    }
    if (sum.verdicts[sim::Verdict::Internal]) return kInternal;
    return sum.first_failure ? kFailure : kOk;
  }
  return print(explorer::finish(setup, search, run.run.results));
} catch (const explorer::UnitsError& e) {
  throw UsageError(e.what());
}

int merge_shards(const MergeInput& in) try {
  const explorer::MergedShards m = explorer::read_shard_reports(in.files);
  SearchArgs a;
  try {
    a = args_from_json(m.key.at("args"));
  } catch (const nlohmann::json::exception&) {
    throw UsageError(fmt::format("{}: /search/args: expected the options of the explore run that wrote it",
                                 in.files.front()));
  }
  if (explorer::content_hash(a.file) != m.key.value("scenario_hash", ""))
    throw UsageError(fmt::format("{}: changed since the shards explored it", a.file));
  model::Scenario s = model::load_scenario_file(a.file);
  const explorer::Setup setup = setup_of(a, s);
  explorer::UnitSearch search = explorer::unit_search(setup, !a.all);
  if (!m.key.contains("units") || m.key["units"] != search.split->size())
    throw UsageError(fmt::format("{}: the search now has {} work units, the shards had {}", a.file,
                                 search.split->size(), explorer::excerpt(m.key.value("units", Json(nullptr)))));
  try {
    return in.print(a, s, setup, explorer::finish(setup, search, m.results));
  } catch (const explorer::MissingUnit& e) {
    throw UsageError(fmt::format("merge: {}: the shard reports are incomplete", e.what()));
  }
} catch (const explorer::UnitsError& e) {
  throw UsageError(e.what());
}

}  // namespace dcsim::cli
