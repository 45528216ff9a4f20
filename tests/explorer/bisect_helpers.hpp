// What the bisect and blame tests share: a bundled scenario, a profile's
// rules with overrides, and a verdict cache over the scenario's bounds.
#pragma once
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "explorer/bisect.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim_test {

inline dcsim::model::Scenario load(const std::string& name) {
  return dcsim::model::load_scenario_file(std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name);
}

inline dcsim::model::RuleSet rules(const std::string& profile,
                                   std::map<std::string, std::string> overrides = {}) {
  auto r = dcsim::model::resolve_rules(profile, overrides);
  REQUIRE(r.rules);
  return *r.rules;
}

// `kind`: count only that kind of failure (bisect and blame --verdict).
inline dcsim::explorer::VerdictCache cache_for(const dcsim::model::Scenario& s, unsigned jobs = 1,
                                               std::optional<dcsim::sim::Verdict> kind = std::nullopt) {
  dcsim::explorer::Setup st = dcsim::explorer::setup_for(s);
  st.failure_kind = kind;
  return dcsim::explorer::VerdictCache(st, jobs);
}

// The culprits of a rule bisection as RULE=VALUE.
inline std::vector<std::string> culprit_names(const dcsim::explorer::RuleBisection& b) {
  std::vector<std::string> out;
  for (const auto& c : b.culprits) out.push_back(c.rule + "=" + c.to);
  return out;
}

}  // namespace dcsim_test
