// Every rule and every profile, gathered from the eras (model/era_registry),
// and the resolution of a profile plus overrides into a RuleSet.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/rules/rule.hpp"
#include "model/rules/rule_set.hpp"

namespace dcsim::model {

// Every rule, in a fixed documented order. The first call checks the tables
// (every profile sets every rule of its era, and only declared values): an
// inconsistency throws std::logic_error at startup.
const std::vector<Rule>& all_rules();
// Every profile, oldest kernel first (the order bisect walks).
const std::vector<Profile>& all_profiles();
const Rule* find_rule(std::string_view name);
const Profile* find_profile(std::string_view name);
// The rules a scenario of `era` can set, comma-separated.
std::string rules_of(Era era);

// Resolves a profile plus overrides; returns an error message naming what is
// unknown (rule, value, profile) or of another era, and what was expected,
// or the set.
struct RuleSetOrError {
  std::optional<RuleSet> rules;
  std::string error;
};
RuleSetOrError resolve_rules(std::string_view profile,
                             const std::map<std::string, std::string>& overrides);

}  // namespace dcsim::model
