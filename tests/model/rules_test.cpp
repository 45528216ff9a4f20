// Typed rules: a value the rule does not declare, or a rule of another era
// than the scenario's, is refused, never read as false.
#include <catch2/catch.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

#include "../explorer/dcsim_process.hpp"
#include "model/e1/rules.hpp"
#include "model/rules.hpp"

using namespace dcsim;

namespace {
std::string slurp(const std::string& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_CASE("rules: typed keys read the value a profile sets", "[rules]") {
  const model::RuleSet fixed = *model::resolve_rules("linux-2.6.0-test1", {}).rules;
  CHECK(fixed.get(model::e1::devfs_lookup_info) == model::e1::DevfsLookupInfo::refcounted);
  CHECK(fixed.is(model::e1::devfs_reacquire_i_sem, model::e1::DevfsReacquireISem::after_wake));
  const model::RuleSet old = *model::resolve_rules("linux-2.5.74", {}).rules;
  CHECK(old.is(model::e1::devfs_lookup_info, model::e1::DevfsLookupInfo::stack));
  // The key's names are the catalogue's: declared once.
  const model::Rule* r = model::find_rule(model::e1::devfs_lookup_info.name);
  REQUIRE(r);
  REQUIRE(r->values.size() == model::e1::devfs_lookup_info.values.size());
  for (std::size_t i = 0; i < r->values.size(); ++i) CHECK(r->values[i].name == model::e1::devfs_lookup_info.values[i]);
}

TEST_CASE("rules: a misspelt rule value is refused, not false", "[rules]") {
  const model::RuleSet set = *model::resolve_rules("linux-2.5.74", {}).rules;
  CHECK_THROWS_AS(set.is("devfs.lookup_info", "refcountd"), std::logic_error);
  CHECK_THROWS_AS(set.is("devfs.lookup_infp", "refcounted"), std::logic_error);
  model::RuleSet copy = set;
  CHECK_THROWS_AS(copy.set("devfs.lookup_info", "refcountd"), std::logic_error);
  CHECK_THROWS_AS(model::e1::devfs_lookup_info.parse("refcountd"), std::logic_error);

  const model::RuleSetOrError bad = model::resolve_rules("linux-2.5.74", {{"devfs.lookup_info", "refcountd"}});
  CHECK_FALSE(bad.rules);
  CHECK(bad.error.find("\"refcountd\"") != std::string::npos);
  CHECK(bad.error.find("stack, refcounted, no_touch_after_wake") != std::string::npos);

  const std::string err = std::string(DCSIM_BINARY_DIR) + "/rules_test_misspelt.err";
  dcsim_test::Run run =
      dcsim_test::dcsim("explore scenarios/devfs-ls-rm.json --rule devfs.lookup_info=refcountd", err);
  CHECK(run.status == 2);
  const std::string msg = slurp(err);
  CHECK(msg.find("unknown value \"refcountd\" for rule devfs.lookup_info") != std::string::npos);
}

TEST_CASE("rules: a rule of another era than the scenario's is refused", "[rules]") {
  const model::RuleSetOrError bad = model::resolve_rules("linux-4.7", {{"devfs.lookup_info", "refcounted"}});
  CHECK_FALSE(bad.rules);
  CHECK(bad.error.find("devfs.lookup_info") != std::string::npos);
  CHECK(bad.error.find(std::string(model::to_string(model::Era::E3))) != std::string::npos);
  CHECK(bad.error.find("nfs.atomic_open, nfs.owned_test, dcache.in_lookup_to_hashed") != std::string::npos);

  const std::string err = std::string(DCSIM_BINARY_DIR) + "/rules_test_era.err";
  dcsim_test::Run run =
      dcsim_test::dcsim("explore scenarios/nfs-open-race-4.json --rule devfs.lookup_info=refcounted", err);
  CHECK(run.status == 2);
  const std::string msg = slurp(err);
  CHECK(msg.find("rule devfs.lookup_info is a rule of E1") != std::string::npos);
  CHECK(msg.find("the scenario's era is E3") != std::string::npos);
  CHECK(msg.find("the rules that apply: nfs.atomic_open") != std::string::npos);
}

TEST_CASE("rules: every profile sets each rule of its era, and only those", "[rules]") {
  for (const model::Profile& p : model::all_profiles())
    for (const model::Rule& r : model::all_rules()) {
      INFO(p.name << " " << r.name);
      CHECK(p.values.count(r.name) == (r.era == p.era ? 1u : 0u));
    }
}
