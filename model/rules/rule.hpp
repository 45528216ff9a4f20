// Rules are the model's knobs: each names a place where the kernel's locking
// or lifetime protocol changed, with one value per historical (or proposed)
// variant. A profile is one kernel version's choice of values. Model code
// branches on a rule only where the kernel changed, and reads it through a
// typed key (RuleKey), so a misspelt rule or value does not compile.
#pragma once
#include <array>
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/era_registry.hpp"  // Era

namespace dcsim::model {

struct RuleValue {
  std::string name;
  std::string doc;    // what the kernel does under this value
  std::string since;  // the kernel version or commit that has it
};

struct Rule {
  std::string name;  // "devfs.reacquire_i_sem"
  std::string doc;   // the locking rule at stake
  std::vector<RuleValue> values;
  Era era = Era::E1;  // the era whose model reads it
  const RuleValue* find(std::string_view value) const;
};

struct Profile {
  std::string name;  // "linux-2.5.74"
  std::string doc;
  Era era;
  std::map<std::string, std::string> values;  // every rule of its era
};

// A rule as the model reads it: enumerator i of E is the value named
// values[i]. The enum and the names sit side by side in the era's rules.hpp,
// the only place a rule's values are declared.
template <typename E, std::size_t N>
struct RuleKey {
  std::string_view name;
  std::array<std::string_view, N> values;

  constexpr std::string_view value(E e) const { return values.at(static_cast<std::size_t>(e)); }
  // The enumerator named `v`; throws for an undeclared name.
  E parse(std::string_view v) const {
    for (std::size_t i = 0; i < N; ++i)
      if (values[i] == v) return static_cast<E>(i);
    throw std::logic_error("dcsim: rule " + std::string(name) + " has no value \"" + std::string(v) + "\"");
  }
};

// The documentation of one value of a rule, keyed by its enumerator.
template <typename E>
struct ValueDoc {
  E value;
  std::string doc;
  std::string since;
};

// A Rule whose value names come from its key; the docs must list the
// enumerators in declaration order, which is checked when the table is built.
template <typename E, std::size_t N>
Rule describe(Era era, const RuleKey<E, N>& key, std::string doc, const ValueDoc<E> (&docs)[N]) {
  Rule r{std::string(key.name), std::move(doc), {}, era};
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(docs[i].value) != i)
      throw std::logic_error("dcsim: the values of rule " + r.name + " are documented out of order");
    r.values.push_back({std::string(key.values[i]), docs[i].doc, docs[i].since});
  }
  return r;
}

// One entry of a profile's values.
template <typename E, std::size_t N>
std::pair<const std::string, std::string> fix(const RuleKey<E, N>& key, E value) {
  return {std::string(key.name), std::string(key.value(value))};
}

}  // namespace dcsim::model
