// The rule values in force for one execution.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "model/rules/rule.hpp"

namespace dcsim::model {

// A complete assignment: the profile's values, then overrides on top.
class RuleSet {
 public:
  RuleSet() = default;
  RuleSet(Era era, std::map<std::string, std::string> values)
      : era_(era), values_(std::move(values)) {}

  Era era() const { return era_; }

  // What the model reads: the value of a typed rule.
  template <typename E, std::size_t N>
  E get(const RuleKey<E, N>& key) const {
    return key.parse(get(key.name));
  }
  template <typename E, std::size_t N>
  bool is(const RuleKey<E, N>& key, E value) const {
    return get(key) == value;
  }

  // By name, for reports and the command line. An unknown rule, or a value
  // the rule does not declare, throws std::logic_error: never silently false.
  const std::string& get(std::string_view rule) const;
  bool is(std::string_view rule, std::string_view value) const;
  const std::map<std::string, std::string>& values() const { return values_; }
  void set(const std::string& rule, const std::string& value);

  // From now on, record every rule the model reads from this set or its
  // copies (the Kernel's): a rule never read cannot change any execution,
  // so blame only tries rules that were read. Copies share the record, and
  // explore --jobs runs executions on several OS threads: it is locked.
  void record_consulted() { consulted_ = std::make_shared<Consulted>(); }
  std::set<std::string> consulted() const;

  // Not a rule but travels with one: whether the scenario checks the R8
  // invariant (the file system never makes negative a dentry that others
  // still hold; scenario field `invariants`).
  bool check_r8 = true;
  // Likewise: whether DCACHE_AUTOFS_PENDING must be set, cleared and tested
  // under one lock (seed 001; scenario field `invariants`, default off).
  bool check_pending_lock = false;

 private:
  Era era_ = Era::E1;
  std::map<std::string, std::string> values_;
  struct Consulted {
    std::mutex mutex;
    std::set<std::string> names;
  };
  std::shared_ptr<Consulted> consulted_;
};

}  // namespace dcsim::model
