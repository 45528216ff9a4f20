#include "model/rules/catalog.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "model/era_registry.hpp"

namespace dcsim::model {

const RuleValue* Rule::find(std::string_view value) const {
  for (const RuleValue& v : values)
    if (v.name == value) return &v;
  return nullptr;
}

namespace {

// What the typed keys cannot check at compile time: rule names unique, and
// each profile sets exactly the rules of its era to declared values.
void check_tables(const std::vector<Rule>& rules, const std::vector<Profile>& profiles) {
  auto find = [&](const std::string& name) -> const Rule* {
    for (const Rule& r : rules)
      if (r.name == name) return &r;
    return nullptr;
  };
  for (std::size_t i = 0; i < rules.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (rules[i].name == rules[j].name)
        throw std::logic_error(fmt::format("dcsim: rule {} is declared twice", rules[i].name));
  for (const Profile& p : profiles) {
    for (const auto& [name, value] : p.values) {
      const Rule* r = find(name);
      if (!r) throw std::logic_error(fmt::format("dcsim: profile {} sets unknown rule {}", p.name, name));
      if (r->era != p.era)
        throw std::logic_error(fmt::format("dcsim: profile {} sets rule {} of another era", p.name, name));
      if (!r->find(value))
        throw std::logic_error(fmt::format("dcsim: profile {} sets rule {} to undeclared \"{}\"", p.name, name, value));
    }
    for (const Rule& r : rules)
      if (r.era == p.era && !p.values.count(r.name))
        throw std::logic_error(fmt::format("dcsim: profile {} does not set rule {}", p.name, r.name));
  }
}

struct Catalog {
  std::vector<Rule> rules;
  std::vector<Profile> profiles;
  Catalog() {
    for (Era e : all_eras())
      for (const Rule& r : era_rules(e)) rules.push_back(r);
    for (Era e : eras_oldest_first())
      for (const Profile& p : era_profiles(e)) profiles.push_back(p);
    check_tables(rules, profiles);
  }
};

const Catalog& catalog() {
  static const Catalog c;
  return c;
}

std::string list_names(const auto& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i.name;
  return out;
}

}  // namespace

const std::vector<Rule>& all_rules() { return catalog().rules; }
const std::vector<Profile>& all_profiles() { return catalog().profiles; }

const Rule* find_rule(std::string_view name) {
  for (const Rule& r : all_rules())
    if (r.name == name) return &r;
  return nullptr;
}

const Profile* find_profile(std::string_view name) {
  for (const Profile& p : all_profiles())
    if (p.name == name) return &p;
  return nullptr;
}

std::string rules_of(Era era) {
  std::string out;
  for (const Rule& r : all_rules())
    if (r.era == era) out += (out.empty() ? "" : ", ") + r.name;
  return out;
}

namespace {
// A name that is no profile, rule or value is quoted cut: it comes from a
// file or the command line, whose readers also quote where it stood.
std::string quoted(std::string_view name) {
  constexpr std::size_t kMost = 60;
  if (name.size() <= kMost) return fmt::format("\"{}\"", name);
  return fmt::format("\"{}...\" ({} characters)", name.substr(0, kMost), name.size());
}
}  // namespace

RuleSetOrError resolve_rules(std::string_view profile,
                             const std::map<std::string, std::string>& overrides) {
  const Profile* p = find_profile(profile);
  if (!p)
    return {std::nullopt, fmt::format("unknown profile {}; expected one of: {}", quoted(profile),
                                      list_names(all_profiles()))};
  RuleSet set(p->era, p->values);
  for (const auto& [rule, value] : overrides) {
    const Rule* r = find_rule(rule);
    if (!r)
      // Only the profile's own era's rules are listed: the whole catalogue
      // outgrows a message that quotes a couple of hundred characters.
      return {std::nullopt, fmt::format("unknown rule {}; expected one of the rules of {} ({}): {}", quoted(rule),
                                        to_string(p->era), p->name, rules_of(p->era))};
    if (r->era != p->era)
      return {std::nullopt,
              fmt::format("rule {} is a rule of {}, but the scenario's era is {} (profile {}); "
                          "the rules that apply: {}",
                          rule, to_string(r->era), to_string(p->era), p->name, rules_of(p->era))};
    if (!r->find(value))
      return {std::nullopt, fmt::format("unknown value {} for rule {}; expected one of: {}",
                                        quoted(value), rule, list_names(r->values))};
    set.set(rule, value);
  }
  return {std::move(set), {}};
}

}  // namespace dcsim::model
