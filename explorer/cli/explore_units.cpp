#include "explorer/cli/explore_units.hpp"

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "explorer/report.hpp"
#include "explorer/result/result_json.hpp"

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

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot read it", path));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// FNV-1a: shards and checkpoints must come from the same scenario text.
std::string content_hash(const std::string& path) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : read_file(path)) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

// What identifies a search: its options, the scenario's text, its units.
Json search_json(const SearchArgs& a, std::size_t units) {
  return Json{{"args", args_json(a)}, {"scenario_hash", content_hash(a.file)}, {"units", units}};
}

struct Shard {
  std::size_t index = 0, count = 1;
};

Shard parse_shard(const std::string& text) {
  Shard s;
  const auto slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used = 0;
    s.index = std::stoull(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("index");
    const std::string n = text.substr(slash + 1);
    s.count = std::stoull(n, &used);
    if (used != n.size()) throw std::invalid_argument("count");
  } catch (const std::logic_error&) {
    throw UsageError(fmt::format("--shard {}: expected I/N, e.g. 0/4 (shard I of N, 0 <= I < N)", text));
  }
  if (s.count == 0 || s.index >= s.count)
    throw UsageError(fmt::format("--shard {}: expected I/N with 0 <= I < N", text));
  return s;
}

Json parse_json_file(const std::string& path) {
  const std::string text = read_file(path);
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("{}: not JSON: {}", path, e.what()));
  }
}

explorer::UnitResults units_from(const Json& list, const std::string& file, const std::string& path) {
  explorer::UnitResults out;
  if (!list.is_array()) throw UsageError(fmt::format("{}: {}: expected an array of work units", file, path));
  for (std::size_t i = 0; i < list.size(); ++i) {
    try {
      auto [k, r] = explorer::unit_from_json(list[i], fmt::format("{}/{}", path, i));
      if (!out.emplace(k, std::move(r)).second)
        throw UsageError(fmt::format("{}: {}/{}: unit {} appears twice", file, path, i, k));
    } catch (const explorer::UnitJsonError& e) {
      throw UsageError(fmt::format("{}: {}", file, e.what()));
    }
  }
  return out;
}

Json units_json(const explorer::UnitResults& results, const std::function<bool(std::size_t)>& keep = {}) {
  Json a = Json::array();
  for (const auto& [k, r] : results)
    if (!keep || keep(k)) a.push_back(explorer::unit_json(k, r));
  return a;
}

volatile std::sig_atomic_t g_signal = 0;
// A second signal kills at once, for a search that does not stop soon enough.
extern "C" void on_signal(int sig) {
  if (g_signal) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
  g_signal = sig;
}

// SIGINT and SIGTERM set g_signal while a search runs; the old handlers
// come back after.
class SignalGuard {
 public:
  SignalGuard() {
    g_signal = 0;
    old_int_ = std::signal(SIGINT, on_signal);
    old_term_ = std::signal(SIGTERM, on_signal);
  }
  ~SignalGuard() {
    std::signal(SIGINT, old_int_);
    std::signal(SIGTERM, old_term_);
  }

 private:
  void (*old_int_)(int);
  void (*old_term_)(int);
};

// Written to FILE.tmp, then renamed: a crash never leaves half a checkpoint.
void write_checkpoint(const std::string& file, const Json& search, const std::optional<Shard>& shard,
                      const explorer::UnitResults& results, std::size_t units) {
  Json j;
  j["dcsim_checkpoint"] = 1;
  j["search"] = search;
  j["shard"] = shard ? Json{{"index", shard->index}, {"count", shard->count}} : Json(nullptr);
  j["done"] = units_json(results);
  Json remaining = Json::array();
  for (std::size_t k = 0; k < units; ++k)
    if (!results.count(k) && (!shard || k % shard->count == shard->index)) remaining.push_back(k);
  j["remaining"] = remaining;
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(1) << "\n";
    if (!out) throw UsageError(fmt::format("{}: cannot write the checkpoint", tmp));
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0)
    throw UsageError(fmt::format("{}: cannot rename it to {}", tmp, file));
}

std::string verdicts_text(const explorer::VerdictCounts& v) {
  std::string out;
  for (sim::Verdict k : sim::kAllVerdicts)
    if (v[k]) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", sim::to_string(k), v[k]);
  return out.empty() ? "none" : out;
}

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int explore_units(const SearchArgs& a, const UnitArgs& u, const model::Scenario& s,
                  const explorer::Setup& setup, Progress& progress, const PrintReport& print) {
  explorer::UnitSearch search = explorer::unit_search(setup, !a.all, progress.callback());
  const std::size_t units = search.split->size();
  const Json key = search_json(a, units);
  std::optional<Shard> shard;
  if (u.shard) shard = parse_shard(*u.shard);

  explorer::UnitPlan plan;
  plan.jobs = u.jobs;
  if (shard) plan.mine = [sh = *shard](std::size_t k) { return k % sh.count == sh.index; };
  plan.stop_after_units = u.stop_after_units;
  if (u.resume) {
    const Json c = parse_json_file(*u.resume);
    if (!c.is_object() || c.value("dcsim_checkpoint", 0) != 1)
      throw UsageError(fmt::format("{}: not a dcsim checkpoint (expected \"dcsim_checkpoint\": 1)", *u.resume));
    if (c.at("search") != key)
      throw UsageError(fmt::format("{}: a checkpoint of another search: the scenario, its options or "
                                   "--split differ; resume with the same options as the run that wrote it",
                                   *u.resume));
    const Json want = shard ? Json{{"index", shard->index}, {"count", shard->count}} : Json(nullptr);
    if (c.at("shard") != want)
      throw UsageError(fmt::format("{}: written by a run with {}; resume with the same --shard", *u.resume,
                                   c.at("shard").is_null() ? "no --shard" : "--shard " +
                                       fmt::format("{}/{}", c["shard"]["index"].get<std::size_t>(),
                                                   c["shard"]["count"].get<std::size_t>())));
    plan.known = units_from(c.at("done"), *u.resume, "/done");
    for (const auto& [k, r] : plan.known)
      if (k >= units) throw UsageError(fmt::format("{}: /done: unit {} does not exist ({} units)", *u.resume, k, units));
  }
  const std::optional<std::string> checkpoint = u.checkpoint ? u.checkpoint : u.resume;
  double last_write = now_seconds();
  if (checkpoint)
    plan.on_unit = [&](const explorer::UnitResults& results) {
      // At most every 2 s: writing costs more than a small unit.
      if (now_seconds() - last_write < 2) return;
      last_write = now_seconds();
      try {
        write_checkpoint(*checkpoint, key, shard, results, units);
      } catch (const std::exception& e) {
        fmt::print(stderr, "dcsim: warning: {}\n", e.what());
      }
    };

  explorer::UnitRun run;
  {
    SignalGuard guard;
    plan.interrupt = &g_signal;
    run = explorer::run_units(*search.split, search.options, plan);
  }
  const int signal = g_signal;
  if (checkpoint) write_checkpoint(*checkpoint, key, shard, run.results, units);

  if (run.interrupted) {
    const explorer::ExploreResult sum = explorer::sum_units(run.results);
    std::size_t mine = 0;
    for (std::size_t k = 0; k < units; ++k) mine += !shard || k % shard->count == shard->index;
    const std::string resume =
        checkpoint ? command_of(a) + (shard ? " --shard " + *u.shard : "") + " --resume " + shell_quote(*checkpoint)
                   : "";
    if (u.json) {
      Json j;
      j["dcsim_report"] = 1;
      j["command"] = "explore";
      j["setup"] = explorer::setup_json(setup);
      j["interrupted"] = {{"units", mine},
                          {"units_done", run.results.size()},
                          {"checkpoint", checkpoint ? Json(*checkpoint) : Json(nullptr)},
                          {"resume", checkpoint ? Json(resume) : Json(nullptr)}};
      Json r = explorer::result_json(sum);
      r["strategy"] = explorer::to_string(search.strategy);
      j["result"] = r;
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}\n", s.name, s.file,
                 setup.variant.empty() ? "" : ", variant " + setup.variant);
      fmt::print("interrupted: {} of {} work units explored\n", run.results.size(), mine);
      fmt::print("so far: {} executions ({} visible steps); verdicts: {}\n", sum.executions, sum.steps,
                 verdicts_text(sum.verdicts));
      if (sum.first_failure)
        fmt::print("a failure so far: {}, schedule {}\n", sim::to_string(sum.first_failure->failure.kind),
                   explorer::format_schedule(sum.first_failure->schedule));
      if (checkpoint)
        fmt::print("checkpoint: {}\nresume with: {}\n", *checkpoint, resume);
      else
        fmt::print("no checkpoint was written (--checkpoint FILE keeps the units done)\n");
    }
    return signal == SIGTERM ? 128 + SIGTERM : 128 + SIGINT;
  }

  if (shard) {
    explorer::UnitResults own;
    for (const auto& [k, r] : run.results)
      if (k % shard->count == shard->index) own.emplace(k, r);
    const explorer::ExploreResult sum = explorer::sum_units(own);
    if (u.json) {
      Json j;
      j["dcsim_report"] = 1;
      j["command"] = "explore-shard";
      j["setup"] = explorer::setup_json(setup);
      j["shard"] = {{"index", shard->index}, {"count", shard->count}};
      j["search"] = key;
      j["units"] = units_json(own);
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("dcsim explore: {} ({}){}, shard {}/{}\n", s.name, s.file,
                 setup.variant.empty() ? "" : ", variant " + setup.variant, shard->index, shard->count);
      fmt::print("work units: {} of {} explored (unit k is shard k mod {})\n", own.size(), units, shard->count);
      fmt::print("executions: {} ({} visible steps); verdicts: {}\n", sum.executions, sum.steps,
                 verdicts_text(sum.verdicts));
      fmt::print("combine the --json reports of every shard with: dcsim merge FILE...\n");
    }
    if (sum.verdicts[sim::Verdict::Internal]) return kInternal;
    return sum.first_failure ? kFailure : kOk;
  }
  return print(explorer::finish(setup, search, run.results));
}

int merge_shards(const MergeInput& in) {
  if (in.files.empty()) throw UsageError("merge: expected the shard reports (explore --shard I/N --json)");
  std::optional<Json> key;
  std::optional<std::size_t> count;
  std::map<std::size_t, std::string> seen;  // shard index -> file
  explorer::UnitResults results;
  for (const std::string& f : in.files) {
    const Json j = parse_json_file(f);
    if (!j.is_object() || j.value("command", "") != "explore-shard" || !j.contains("shard") ||
        !j.contains("search") || !j.contains("units"))
      throw UsageError(fmt::format("{}: not a shard report (expected the output of dcsim explore --shard I/N "
                                   "--json, with \"command\": \"explore-shard\")",
                                   f));
    const Json& sh = j.at("shard");
    if (!sh.contains("index") || !sh.contains("count") || !sh["index"].is_number_unsigned() ||
        !sh["count"].is_number_unsigned())
      throw UsageError(fmt::format("{}: /shard: expected {{\"index\": I, \"count\": N}}", f));
    if (!key) {
      key = j.at("search");
      count = sh["count"].get<std::size_t>();
    } else if (j.at("search") != *key) {
      throw UsageError(fmt::format("{}: a shard of another search than {}: the scenario, its options or "
                                   "--split differ",
                                   f, in.files.front()));
    } else if (sh["count"].get<std::size_t>() != *count) {
      throw UsageError(fmt::format("{}: /shard/count is {}, but {} says {}", f, sh["count"].get<std::size_t>(),
                                   in.files.front(), *count));
    }
    const std::size_t index = sh["index"].get<std::size_t>();
    if (index >= *count) throw UsageError(fmt::format("{}: /shard/index {} is not below /shard/count {}", f, index, *count));
    if (auto it = seen.find(index); it != seen.end())
      throw UsageError(fmt::format("{}: shard {}/{} again (also {})", f, index, *count, it->second));
    seen[index] = f;
    for (auto& [k, r] : units_from(j.at("units"), f, "/units")) {
      if (k % *count != index) throw UsageError(fmt::format("{}: /units: unit {} is not in shard {}/{}", f, k, index, *count));
      results.emplace(k, std::move(r));
    }
  }
  std::string missing;
  for (std::size_t i = 0; i < *count; ++i)
    if (!seen.count(i)) missing += fmt::format("{}{}/{}", missing.empty() ? "" : ", ", i, *count);
  if (!missing.empty()) throw UsageError(fmt::format("merge: missing shard {}", missing));

  SearchArgs a;
  try {
    a = args_from_json(key->at("args"));
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("{}: /search/args: {}", in.files.front(), e.what()));
  }
  if (content_hash(a.file) != key->value("scenario_hash", ""))
    throw UsageError(fmt::format("{}: changed since the shards explored it", a.file));
  model::Scenario s = model::load_scenario_file(a.file);
  const explorer::Setup setup = setup_of(a, s);
  explorer::UnitSearch search = explorer::unit_search(setup, !a.all);
  if (search.split->size() != key->value("units", std::size_t{0}))
    throw UsageError(fmt::format("{}: the search now has {} work units, the shards had {}", a.file,
                                 search.split->size(), key->value("units", std::size_t{0})));
  try {
    return in.print(a, s, setup, explorer::finish(setup, search, results));
  } catch (const explorer::MissingUnit& e) {
    throw UsageError(fmt::format("merge: {}: the shard reports are incomplete", e.what()));
  }
}

}  // namespace dcsim::cli
