// check --json: one object, scenarios[] (each run's file, variant, expected,
// got, complete, bound, executions, pass) and totals, which count the
// passes that hold only within a bound; the text tally says how many.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "dcsim_process.hpp"

using dcsim_test::dcsim;

namespace {
bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
}  // namespace

TEST_CASE("check --json: scenarios[] and totals, every ok with its bound", "[cli][check][verdicts]") {
  // devfs-revalidate-uaf: its fixes are complete and unbounded (proven ok);
  // autofs-create-deadlock: a preemption bound of 2 (ok only within it).
  const std::string files = "scenarios/devfs-revalidate-uaf.json scenarios/autofs-create-deadlock.json";
  const auto r = dcsim("check --json " + files);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["command"] == "check");
  REQUIRE(j["scenarios"].is_array());
  REQUIRE(j["scenarios"].size() >= 6);
  int passed = 0, within = 0, proven = 0;
  for (const auto& s : j["scenarios"]) {
    INFO(s.dump());
    for (const char* key : {"file", "variant", "expected", "got", "complete", "bound", "executions", "pass"})
      CHECK(s.contains(key));
    CHECK(s["executions"].get<std::uint64_t>() > 0);
    if (s["pass"] == true) ++passed;
    const std::string got = s["got"];
    if (starts_with(got, "ok")) {
      // "ok" alone only where the search proves it; otherwise the bound is named.
      CHECK(s["complete"] == true);
      if (s["bound"]["proves"] == true) {
        CHECK(got == "ok");
        ++proven;
      } else {
        CHECK(got == "ok within " + std::to_string(s["bound"]["preemptions"].get<unsigned>()) + " preemptions");
        ++within;
      }
    }
  }
  CHECK(proven >= 2);  // F2-refcounted, F3-no-touch-after-wake
  CHECK(within >= 4);  // G1, revalidate-unlocked, 2.6.26-rc4, 2.6.27 (and move-in)
  CHECK(j["totals"]["passed"] == passed);
  CHECK(j["totals"]["failed"] == 0);
  CHECK(j["totals"]["within_bound"] == within);
  CHECK(j["totals"]["errors"] == 0);

  const auto t = dcsim("check " + files);
  CHECK(t.status == 0);
  CHECK(t.out.find(std::to_string(passed) + " passed (" + std::to_string(within) +
                   " of them ok only within a bound), 0 failed\n") != std::string::npos);
}

TEST_CASE("check --json: a file that does not load is counted as an error", "[cli][check]") {
  const auto r = dcsim("check --json scenarios/schema.json");
  CHECK(r.status == 2);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["scenarios"].size() == 1);
  CHECK(j["scenarios"][0].contains("error"));
  CHECK(j["totals"]["errors"] == 1);
  CHECK(j["totals"]["passed"] == 0);
}
