// Rules are the model's knobs: each names a place where the kernel's locking
// or lifetime protocol changed, with one value per historical (or proposed)
// variant. A profile is one kernel version's choice of values. Model code
// branches on a rule only where the kernel changed.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace dcsim::model {

enum class Era { E1, E2, E3, E4 };
std::string_view to_string(Era e);

struct RuleValue {
  std::string name;
  std::string doc;    // what the kernel does under this value
  std::string since;  // the kernel version or commit that has it
};

struct Rule {
  std::string name;  // "devfs.reacquire_i_sem"
  std::string doc;   // the locking rule at stake
  std::vector<RuleValue> values;
  const RuleValue* find(std::string_view value) const;
};

struct Profile {
  std::string name;  // "linux-2.5.74"
  std::string doc;
  Era era;
  std::map<std::string, std::string> values;  // every rule the profile fixes
};

// Every rule, in a fixed documented order.
const std::vector<Rule>& all_rules();
// Every profile, oldest kernel first (the order bisect walks).
const std::vector<Profile>& all_profiles();
const Rule* find_rule(std::string_view name);
const Profile* find_profile(std::string_view name);

// A complete assignment: the profile's values, then overrides on top.
class RuleSet {
 public:
  RuleSet() = default;
  RuleSet(Era era, std::map<std::string, std::string> values)
      : era_(era), values_(std::move(values)) {}

  Era era() const { return era_; }
  // The value of `rule`; the rule's first value if nothing set it.
  const std::string& get(std::string_view rule) const;
  bool is(std::string_view rule, std::string_view value) const { return get(rule) == value; }
  const std::map<std::string, std::string>& values() const { return values_; }
  void set(const std::string& rule, const std::string& value) { values_[rule] = value; }

  // From now on, record every rule the model reads from this set or its
  // copies (the Kernel's): a rule never read cannot change any execution,
  // so blame only tries rules that were read. Copies share the record, and
  // explore --jobs runs executions on several OS threads: it is locked.
  void record_consulted() { consulted_ = std::make_shared<Consulted>(); }
  std::set<std::string> consulted() const;

  // Not a rule but travels with one: whether the scenario checks the R8
  // invariant (KERNEL.md §3.5; scenario field `invariants`).
  bool check_r8 = true;

 private:
  Era era_ = Era::E1;
  std::map<std::string, std::string> values_;
  struct Consulted {
    std::mutex mutex;
    std::set<std::string> names;
  };
  std::shared_ptr<Consulted> consulted_;
};

// Resolves a profile plus overrides; returns an error message naming what is
// unknown (rule, value, profile) and what was expected, or the set.
struct RuleSetOrError {
  std::optional<RuleSet> rules;
  std::string error;
};
RuleSetOrError resolve_rules(std::string_view profile,
                             const std::map<std::string, std::string>& overrides);

}  // namespace dcsim::model
