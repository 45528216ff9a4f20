// dcsim check: explore each scenario (and each of its variants) with its own
// bounds and compare the verdict with its `expect`.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "explorer/cli/commands.hpp"
#include "explorer/cli/common.hpp"
#include "explorer/report.hpp"
#include "explorer/verdict/bound.hpp"
#include "explorer/verdict/lockdep_report.hpp"

namespace dcsim::cli {

namespace {
struct CheckArgs {
  std::vector<std::string> files;
  bool json = false;
  bool lockdep = false;
};

struct Outcome {
  bool pass = false;
  bool failure_found = false;  // a failure decided it: no bound needed to believe it
  std::uint64_t executions = 0;
  std::string found;   // the verdict found
  std::string detail;  // why it failed, or how it was decided
  explorer::SearchBound bound;
  std::optional<sim::LockOrderGraph> lock_order;  // --lockdep
};

// Without `never`, the search stops at the first failure, which must be of
// the expected kind. With `never`, every execution is explored: some must
// end as expected and none as any verdict in `never`.
Outcome judge(const explorer::Setup& setup, const explorer::SearchRequest& request,
              const model::Expectation& expect) {
  const bool exhaustive = !expect.never.empty();
  explorer::Exploration e = explorer::explore(setup, !exhaustive, request);
  const explorer::ExploreResult& r = e.result;
  Outcome o;
  o.bound = explorer::bound_of(r);
  o.executions = r.executions;
  o.failure_found = r.first_failure.has_value();
  o.lock_order = r.lock_order;
  const std::string ok = explorer::no_failure_text(o.bound);
  const std::string search =
      fmt::format("{} execution{}{}", r.executions, r.executions == 1 ? "" : "s",
                  r.preemption_bound ? fmt::format(", preemption bound {}", *r.preemption_bound) : "");
  if (exhaustive && r.complete) {
    std::string seen;
    for (sim::Verdict v : sim::kAllVerdicts)
      if (r.verdicts[v]) seen += fmt::format("{}{} {}", seen.empty() ? "" : ", ", sim::to_string(v), r.verdicts[v]);
    o.found = r.first_failure ? std::string(sim::to_string(expect.verdict)) : ok;
    o.pass = expect.verdict == sim::Verdict::Ok ? !r.first_failure : r.verdicts[expect.verdict] > 0;
    if (!o.pass && r.first_failure) o.found = std::string(sim::to_string(r.first_failure->failure.kind));
    std::string forbidden;
    for (sim::Verdict v : expect.never)
      if (r.verdicts[v]) forbidden += fmt::format("{}{} {}", forbidden.empty() ? "" : ", ", r.verdicts[v], sim::to_string(v));
    if (!forbidden.empty()) {
      o.pass = false;
      o.found = "forbidden";
    }
    o.detail = fmt::format("{}, all explored: {}{}", search, seen,
                           forbidden.empty() ? "" : fmt::format("; never expected: {}", forbidden));
  } else if (r.first_failure) {
    const sim::Failure& f = r.first_failure->failure;
    o.found = std::string(sim::to_string(f.kind));
    o.pass = !exhaustive && f.kind == expect.verdict;
    o.detail = fmt::format("{}; {}; schedule {}", search, f.message,
                           explorer::format_schedule(r.first_failure->schedule));
    if (exhaustive) o.detail += fmt::format("; search incomplete ({})", r.stopped_by);
  } else if (r.complete) {
    o.found = ok;
    o.pass = expect.verdict == sim::Verdict::Ok;
    o.detail = fmt::format("{}, all ok, search complete", search);
  } else {
    o.found = "inconclusive";
    o.detail = fmt::format("{}, no failure, but the search stopped early ({})", search, r.stopped_by);
  }
  return o;
}
// A directory stands for its *.json scenarios, in name order; the schema
// that lives beside them is not one.
std::vector<std::string> expand(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const std::string& a : args) {
    std::error_code ec;
    if (!std::filesystem::is_directory(a, ec)) {
      files.push_back(a);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(a, ec)) {
      const auto& p = entry.path();
      if (p.extension() == ".json" && p.filename() != "schema.json") found.push_back(p.string());
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) throw UsageError(fmt::format("{}: a directory with *.json scenarios (found none)", a));
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

Action add_check(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Explore each scenario and each of its variants and compare with its expected verdict");
  cmd->add_option("scenarios", args->files,
                  "Scenario JSON files, or directories of them (schema.json is skipped)")
      ->required();
  cmd->add_flag("--json", args->json, "Print a JSON report instead of text");
  cmd->add_flag("--lockdep", args->lockdep,
                "Also record the lock order of every execution and report the potential deadlocks no "
                "explored execution reached (explore --lockdep)");
  return [args] {
    int worst = kOk;
    // within_bound: passed, but on a search that proves nothing beyond its
    // bound (no failure found, and bounded, sampled or cut short).
    int passed = 0, failed = 0, errors = 0, within_bound = 0;
    explorer::Json report = explorer::Json::array();
    for (const std::string& file : expand(args->files)) {
      model::Scenario s;
      try {
        s = model::load_scenario_file(file);
      } catch (const model::ScenarioError& e) {
        ++errors;
        worst = std::max(worst, int(kBadInput));
        if (args->json)
          report.push_back({{"file", file}, {"error", e.what()}});
        else
          fmt::print("ERROR {}\n", e.what());
        continue;
      }
      std::vector<std::pair<explorer::Setup, model::Expectation>> runs;
      runs.emplace_back(explorer::setup_for(s), s.expect);
      for (const model::Variant& v : s.variants)
        runs.emplace_back(explorer::setup_for_variant(s, v), v.expect);
      // Not a structured binding: clang 14 cannot capture one in the lambdas below.
      for (auto& run : runs) {
        explorer::Setup& setup = run.first;
        const model::Expectation& expect = run.second;
        explorer::SearchRequest request;
        request.lockdep = args->lockdep;
        Outcome o = judge(setup, request, expect);
        (o.pass ? passed : failed)++;
        if (o.pass && !o.failure_found && !explorer::proves(o.bound)) ++within_bound;
        if (!o.pass) worst = std::max(worst, int(kFailure));
        const std::string label = setup.variant.empty() ? s.name : s.name + " [" + setup.variant + "]";
        if (args->json) {
          report.push_back({{"file", file},
                            {"scenario", s.name},
                            {"variant", setup.variant.empty() ? explorer::Json(nullptr) : explorer::Json(setup.variant)},
                            {"profile", setup.profile},
                            {"expected", sim::to_string(expect.verdict)},
                            {"never", [&] {
                               explorer::Json n = explorer::Json::array();
                               for (sim::Verdict v : expect.never) n.push_back(sim::to_string(v));
                               return n;
                             }()},
                            {"function", expect.function ? explorer::Json(*expect.function) : explorer::Json(nullptr)},
                            {"got", o.found},
                            {"complete", o.bound.complete},
                            {"bound", explorer::bound_json(o.bound)},
                            {"executions", o.executions},
                            {"pass", o.pass},
                            {"detail", o.detail},
                            {"lockdep", o.lock_order ? explorer::lockdep_json(*o.lock_order) : explorer::Json(nullptr)}});
        } else {
          fmt::print("{}  {:<46} expected {:<15} found {:<24} {}\n", o.pass ? "PASS" : "FAIL", label,
                     sim::to_string(expect.verdict), o.found, o.detail);
          if (o.lock_order && !o.lock_order->potential_deadlocks().empty())
            fmt::print("{}", explorer::lockdep_text(*o.lock_order));
        }
      }
    }
    if (args->json) {
      explorer::Json j;
      j["dcsim_report"] = 1;
      j["command"] = "check";
      j["scenarios"] = report;
      j["totals"] = {{"passed", passed}, {"failed", failed}, {"within_bound", within_bound}, {"errors", errors}};
      fmt::print("{}\n", j.dump(2));
    } else {
      fmt::print("{} passed{}, {} failed{}\n", passed,
                 within_bound ? fmt::format(" ({} of them ok only within a bound)", within_bound) : "", failed,
                 errors ? fmt::format(", {} file(s) with errors", errors) : "");
    }
    return worst;
  };
}

}  // namespace dcsim::cli
