// Why a scenario fails, in terms of the model's rules: delta debugging over
// the rules two assignments disagree on, binary search over the ordered
// kernel profiles, and single-rule changes that fix (or change) a failure.
// Everything comes from model::all_rules() / all_profiles(), so new rules and
// profiles need no change here.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "explorer/ddmin.hpp"
#include "explorer/refute.hpp"
#include "explorer/verdicts.hpp"

namespace dcsim::explorer {

struct RuleChange {
  std::string rule, from, to;
};

// The rules on which `good` and `bad` disagree, in all_rules() order.
std::vector<RuleChange> rule_diff(const model::RuleSet& good, const model::RuleSet& bad);
// `base` with the chosen changes applied.
model::RuleSet apply_changes(model::RuleSet base, const std::vector<RuleChange>& changes,
                             const Subset& chosen);

struct RuleBisection {
  std::vector<RuleChange> differing;
  Outcome good, bad;
  // Set when bisection cannot start: good fails, bad passes, or bad's rule
  // values on top of good pass (the difference is not in the rules).
  std::string problem;
  std::vector<RuleChange> culprits;  // 1-minimal: bad's values that, on good, fail
  model::RuleSet culprit_rules;
  Outcome culprit_outcome;
  DdminResult ddmin;
};
RuleBisection bisect_rules(VerdictCache& cache, const model::RuleSet& good, const model::RuleSet& bad);

// Binary search over n ordered items for the first whose verdict differs from
// its predecessor's, taking the newest item's verdict as the one to look for:
// at most ceil(log2 n) + 1 evaluations. Exact when the verdicts change once
// (like git bisect); otherwise it still returns a point where they change.
struct FirstChange {
  std::optional<std::size_t> index;  // none: every item has the newest's verdict
  std::vector<std::pair<std::size_t, bool>> walked;  // (item, fails), in evaluation order
};
FirstChange first_change(std::size_t n, const std::function<bool(std::size_t)>& fails);

// Every profile of the range explored (not one binary search: the verdict
// may change more than once along the chain, and change kind as well as
// pass/fail), and each step where it changes explained by a rule ddmin
// between the two neighbours. The scenario's own rule overrides are kept on
// top of every profile: they are part of what the scenario is.
struct ProfileStep {
  std::size_t index = 0;  // range[index - 1] -> range[index]
  // Both sides fail, in different ways: the ddmin counted this kind only.
  std::optional<sim::Verdict> counted;
  std::shared_ptr<VerdictCache> cache;  // what `why` was explored with, when not the caller's
  RuleBisection why;
  // The side that passes, when one does: not refuted, it is not called fixed.
  std::optional<Refutation> refutation;
};
struct ProfileBisection {
  std::vector<const model::Profile*> range;  // oldest first
  std::vector<model::RuleSet> rules;         // each profile's, with `kept` on top
  std::vector<Outcome> verdicts;             // each profile's
  std::map<std::string, std::string> kept;   // the scenario's own overrides
  std::vector<ProfileStep> steps;            // where the verdict changes, oldest first
};
model::RuleSet profile_rules(const model::Profile& p);
// The profiles, oldest first, of the era the scenario's file systems are
// modelled in: the only ones it can run under.
std::vector<const model::Profile*> profiles_for(const model::Scenario& s);
// "ok", or the failure kind: what the walk compares.
std::string verdict_label(const Outcome& o);
ProfileBisection bisect_profiles(VerdictCache& cache, std::vector<const model::Profile*> range,
                                 const std::map<std::string, std::string>& keep = {},
                                 const std::optional<RefuteBudget>& refute_with = std::nullopt);

enum class Effect { Fixes, ChangesFailure, SameFailure, Inconclusive, Refuted };
std::string_view to_string(Effect e);

struct BlameEntry {
  RuleChange change;
  std::optional<RuleChange> second;  // a pair of changes
  Outcome outcome;
  Effect effect;
  std::optional<Refutation> refutation;  // when the outcome found no failure and does not prove
};
struct BlameOptions {
  std::optional<RefuteBudget> refute = RefuteBudget{};  // none: take each search's word
  bool pairs = true;  // when no single change fixes
};
struct Blame {
  Outcome base;
  std::vector<std::string> consulted;      // rules the model read, all_rules() order
  std::vector<std::string> not_consulted;  // cannot change any execution
  std::vector<BlameEntry> changes;         // every other value of every consulted rule
  bool pairs_tried = false;                // no single change fixed it
  std::vector<BlameEntry> pairs;           // every pair of values of two consulted rules
};
Blame blame(VerdictCache& cache, const model::RuleSet& base, const BlameOptions& options = {});

}  // namespace dcsim::explorer
