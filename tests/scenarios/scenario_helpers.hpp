// What the race tests share: loading a bundled scenario and checking that a
// failure's printed schedule replays to the same execution and report.
#pragma once
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "explorer/report.hpp"
#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim_test {

inline dcsim::model::Scenario load(const std::string& name) {
  return dcsim::model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name);
}

inline bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// The scenario's variant of that name (fails the test if there is none).
inline const dcsim::model::Variant& variant(const dcsim::model::Scenario& s, const std::string& name) {
  for (const dcsim::model::Variant& v : s.variants)
    if (v.name == name) return v;
  FAIL("no variant " << name);
  throw;
}

// The scenario as written, then each of its variants.
inline std::vector<dcsim::explorer::Setup> setups_of(const dcsim::model::Scenario& s) {
  std::vector<dcsim::explorer::Setup> out{dcsim::explorer::setup_for(s)};
  for (const dcsim::model::Variant& v : s.variants) out.push_back(dcsim::explorer::setup_for_variant(s, v));
  return out;
}

// The failure's schedule, printed and parsed back, replays to the same
// execution and report, step for step.
inline void check_replays(const dcsim::explorer::Setup& st, const dcsim::explorer::Exploration& e) {
  using namespace dcsim;
  const sim::Execution& ex = *e.failure->execution;
  const std::string text = explorer::format_schedule(e.result.first_failure->schedule);
  explorer::Replay again = explorer::replay(st, explorer::parse_schedule(text));
  CHECK_FALSE(again.schedule_error);
  CHECK(again.execution->failure().kind == ex.failure().kind);
  CHECK(explorer::failure_text(*again.execution) == explorer::failure_text(ex));
  CHECK(explorer::trace_table(*again.execution) == explorer::trace_table(ex));
}

// Race D's failure: P's stat returns ENOENT because the queue it joined was
// the expire's (posted by E); returns the failing execution's trace table.
inline std::string check_race_d_enoent(const dcsim::explorer::Setup& st) {
  using namespace dcsim;
  REQUIRE(st.preemptions == 2u);
  explorer::Exploration e = explorer::explore(st, true);
  REQUIRE(e.failure);
  const sim::Execution& ex = *e.failure->execution;
  const sim::Failure& f = ex.failure();
  REQUIRE(f.kind == sim::Verdict::Expectation);
  CHECK(ex.thread_name(f.thread) == "P");
  CHECK(contains(f.message, "stat(/auto/foo) returned ENOENT, expected 0"));
  CHECK(contains(f.message, "EXPIRE, posted by E"));
  check_replays(st, e);
  return explorer::trace_table(ex) + "\n" + f.message;
}

}  // namespace dcsim_test
