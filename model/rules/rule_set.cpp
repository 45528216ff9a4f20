#include "model/rules/rule_set.hpp"

#include <fmt/format.h>

#include "model/rules/catalog.hpp"

namespace dcsim::model {

namespace {
const Rule& declared(std::string_view rule) {
  const Rule* r = find_rule(rule);
  if (!r) throw std::logic_error(fmt::format("dcsim: the model asked for unknown rule {}", rule));
  return *r;
}

void check_value(const Rule& r, std::string_view value) {
  if (!r.find(value))
    throw std::logic_error(fmt::format("dcsim: rule {} has no value \"{}\"", r.name, value));
}
}  // namespace

const std::string& RuleSet::get(std::string_view rule) const {
  if (consulted_) {
    std::lock_guard<std::mutex> lock(consulted_->mutex);
    consulted_->names.emplace(rule);
  }
  const Rule& r = declared(rule);
  auto it = values_.find(std::string(rule));
  if (it != values_.end()) return it->second;
  return r.values.front().name;
}

bool RuleSet::is(std::string_view rule, std::string_view value) const {
  check_value(declared(rule), value);
  return get(rule) == value;
}

void RuleSet::set(const std::string& rule, const std::string& value) {
  check_value(declared(rule), value);
  values_[rule] = value;
}

std::set<std::string> RuleSet::consulted() const {
  if (!consulted_) return {};
  std::lock_guard<std::mutex> lock(consulted_->mutex);
  return consulted_->names;
}

}  // namespace dcsim::model
