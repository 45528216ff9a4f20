// explore --jobs: on the bundled scenarios, two threads give exactly what
// one gives: counts, verdicts, the first failure, whether it stopped.
#include <catch2/catch.hpp>

#include <string>

#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

using namespace dcsim;

namespace {
std::string summary(const explorer::Exploration& e) {
  std::string out = explorer::result_json(e.result).dump();
  if (e.failure) out += " " + explorer::failure_json(*e.failure->execution).dump();
  if (e.result.first_failure) out += " " + explorer::format_schedule(e.result.first_failure->schedule);
  return out;
}

struct Case {
  const char* file;
  std::optional<explorer::Strategy> strategy;
  bool all;
  std::optional<unsigned> preemptions;
  std::optional<std::uint64_t> max_executions;
};
}  // namespace

TEST_CASE("parallel: --jobs 2 reproduces --jobs 1 on the bundled scenarios", "[explorer][parallel]") {
  using S = explorer::Strategy;
  // Searches large enough to be cut (the probe runs smaller ones whole).
  std::vector<Case> cases = {
      {"scenarios/devfs-ls-rm.json", S::SourceDpor, true, {}, {}},
      {"scenarios/devfs-ls-rm.json", S::Dpor, true, {}, {}},
      {"scenarios/devfs-revalidate-uaf.json", S::Dfs, true, {}, 1700},
      {"scenarios/autofs-expire-enoent.json", S::Bounded, true, {}, {}},
  };
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  cases.push_back({"scenarios/devfs-revalidate-uaf.json", S::Dpor, true, {}, 1500});
  cases.push_back({"scenarios/devfs-revalidate-uaf.json", S::Bounded, true, 2, {}});
  cases.push_back({"scenarios/autofs-expire-enoent-2lookups.json", {}, true, {}, {}});
  cases.push_back({"scenarios/nfs-ls-race.json", {}, false, {}, {}});
#endif
  for (const Case& c : cases) {
    const model::Scenario s = model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/" + c.file);
    explorer::Setup setup = explorer::setup_for(s);
    setup.strategy = c.strategy;
    if (c.preemptions) setup.preemptions = c.preemptions;
    if (c.max_executions) setup.max_executions = c.max_executions;
    INFO(c.file << " " << (c.strategy ? explorer::to_string(*c.strategy) : "default") << (c.all ? " --all" : ""));
    explorer::RunHooks hooks;
    hooks.stop_on_failure = !c.all;
    CHECK(explorer::unit_search(explorer::resolve_plan(setup), hooks).split->size() > 1);
    const explorer::Exploration one = explorer::explore(setup, !c.all);
    explorer::SearchRequest two_jobs;
    two_jobs.jobs = 2;
    const explorer::Exploration two = explorer::explore(setup, !c.all, two_jobs);
    CHECK(summary(two) == summary(one));
    CHECK(one.result.executions > 0);
  }
}
