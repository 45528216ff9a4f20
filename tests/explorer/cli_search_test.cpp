// dcsim explore's search options as a user meets them: --minimize prints a
// replayable schedule that fails the same way with no more preemptions and
// steps, budgets say which one stopped the search, every verdict comes with
// one schedule, and all of it is byte-identical across runs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "dcsim_process.hpp"

using dcsim_test::dcsim;
using dcsim_test::Run;

TEST_CASE("cli: --minimize finds a replayable failure as bad, as early, as short", "[cli][minimize]") {
  const std::string args =
      "explore scenarios/devfs-revalidate-uaf.json --strategy random --seed 1 --minimize --json --no-trace";
  Run e = dcsim(args);
  CHECK(e.status == 1);
  const auto j = nlohmann::json::parse(e.out);
  CHECK(j["result"]["seed"] == 1);
  REQUIRE(j["failure"].is_object());
  const auto& m = j["minimized"];
  REQUIRE(m.is_object());
  CHECK(m["fewest_preemptions"] == true);
  CHECK(m["fewest_steps"] == true);
  // A random walk preempts freely; this failure needs no preemption at all.
  CHECK(m["preemptions"].get<unsigned>() < j["failure"]["preemptions"].get<unsigned>());
  CHECK(m["identity"].get<std::string>().rfind(j["failure"]["kind"].get<std::string>() + "|", 0) == 0);
  // The printed command replays it, to the same kind of failure.
  std::string replay = m["replay"].get<std::string>();
  REQUIRE(replay.rfind("dcsim ", 0) == 0);
  Run r = dcsim(replay.substr(6) + " --json");
  CHECK(r.status == 1);
  const auto rj = nlohmann::json::parse(r.out);
  CHECK(rj["verdict"] == j["failure"]["kind"]);
  CHECK(rj["steps"] == m["steps"]);
  const std::string original = j["failure"]["replay"].get<std::string>();
  Run o = dcsim(original.substr(6) + " --json");
  CHECK(m["steps"].get<unsigned>() <= nlohmann::json::parse(o.out)["steps"].get<unsigned>());
  // Deterministic, minimization included.
  CHECK(dcsim(args).out == e.out);
}

TEST_CASE("cli: budgets name the bound that stopped the search", "[cli][search]") {
  Run e = dcsim("explore scenarios/devfs-ls-rm.json --all --max-total-steps 500 --json --no-trace");
  const auto j = nlohmann::json::parse(e.out);
  CHECK(j["result"]["complete"] == false);
  CHECK(j["result"]["stopped_by"] == "max-total-steps");
  CHECK(j["setup"]["bounds"]["max_total_steps"] == 500);
  CHECK(j["setup"]["bounds"]["max_time"].is_null());
  // A preemption bound with a DPOR strategy: bounded POR, and it says so.
  Run b = dcsim("explore scenarios/devfs-ls-rm.json --preemptions 1 --strategy dpor --all --json --no-trace");
  CHECK(nlohmann::json::parse(b.out)["result"]["strategy"] == "bounded-source-dpor");
  CHECK(nlohmann::json::parse(b.out)["result"]["complete"] == true);
  Run t = dcsim("explore scenarios/devfs-ls-rm.json --all --max-time 0.000001 --no-trace");
  CHECK(t.out.find("incomplete: stopped by max-time") != std::string::npos);
  // Every verdict seen comes with one schedule, which replays to it.
  Run a = dcsim("explore scenarios/devfs-ls-rm.json --all --json --no-trace");
  const auto aj = nlohmann::json::parse(a.out);
  const auto& schedules = aj["result"]["schedules"];
  for (const auto& [kind, count] : aj["result"]["verdicts"].items()) {
    INFO(kind);
    CHECK(schedules.contains(kind) == (count.get<unsigned>() > 0));
    if (!schedules.contains(kind)) continue;
    Run r = dcsim("replay scenarios/devfs-ls-rm.json --json --schedule " + schedules[kind].get<std::string>());
    CHECK(nlohmann::json::parse(r.out)["verdict"] == kind);
  }
}

TEST_CASE("cli: the search line and setup JSON say what the plan ran", "[cli][plan]") {
  // --strategy bounded with no bound runs with bound 2: the report says so.
  Run t = dcsim("explore scenarios/devfs-ls-rm.json --strategy bounded --no-trace");
  CHECK(t.out.find("search: bounded, preemption bound 2 (raised from 0)") != std::string::npos);
  Run j = dcsim("explore scenarios/devfs-ls-rm.json --strategy bounded --json --no-trace");
  const auto bj = nlohmann::json::parse(j.out);
  CHECK(bj["setup"]["bounds"]["preemptions"] == 2);
  // Samplers report what they sampled, never "every trace".
  Run p = dcsim("explore scenarios/devfs-ls-rm.json --strategy pct --seed 5 --max-executions 40 --no-trace");
  CHECK(p.out.find("search: pct (seed 5, depth 3), 40 sampled runs") != std::string::npos);
  CHECK(p.out.find("every trace") == std::string::npos);
  Run r = dcsim("explore scenarios/devfs-ls-rm.json --strategy random --no-trace");
  CHECK(r.out.find("search: random (seed 1), 1000 sampled runs") != std::string::npos);
  // And so does their JSON: the runs sampled and the seed, no bound proved.
  for (const char* sampler : {"pct --seed 5", "random --seed 5"}) {
    INFO(sampler);
    Run js = dcsim(std::string("explore scenarios/devfs-ls-rm.json --all --json --no-trace --max-executions 40 "
                               "--strategy ") + sampler);
    const auto sj = nlohmann::json::parse(js.out);
    CHECK(sj["verdict"]["bound"]["sampled_runs"] == 40);
    CHECK(sj["verdict"]["bound"]["seed"] == 5);
    CHECK(sj["verdict"]["bound"]["proves"] == false);
    CHECK(sj["verdict"]["bound"]["preemptions"].is_null());
    CHECK(sj["setup"]["bounds"]["preemptions"].is_null());
  }
}
