// The Era interface: the registry gives each era its own model, and a
// scenario with the set-up of two eras is refused naming the other era.
#include <catch2/catch.hpp>

#include "model/core/era.hpp"
#include "model/era_registry.hpp"
#include "model/scenario/scenario.hpp"

using namespace dcsim;

TEST_CASE("era registry: each era's model reports its own era", "[model][era]") {
  for (model::Era e : model::all_eras()) CHECK(model::era_model(e).era() == e);
  CHECK(model::era_model(model::Era::E1).lookup_hash_name() == "lookup_hash");
  CHECK(model::era_model(model::Era::E2).lookup_hash_name() == "__lookup_hash");
  CHECK(model::era_model(model::Era::E1).dcache().d_alloc_parallel == nullptr);
  CHECK(model::era_model(model::Era::E3).dcache().d_alloc_parallel != nullptr);
}

TEST_CASE("era: a devfs and an nfs mount in one scenario are refused", "[model][era]") {
  const std::string text = R"({
    "name": "two-eras", "profile": "linux-2.5.74",
    "setup": {"mounts": [{"fs": "devfs", "at": "/dev", "entries": ["null"], "devfsd": true},
                         {"fs": "nfs", "at": "/d", "files": ["g"]}]},
    "threads": [{"name": "ls", "ops": [{"op": "stat", "path": "/dev/null"}]}],
    "expect": {"verdict": "ok"}})";
  std::string what;
  try {
    model::load_scenario_text(text, "two.json");
  } catch (const model::ScenarioError& e) {
    what = e.expected();
  }
  CHECK_THAT(what, Catch::Matchers::Contains("an nfs mount"));
  CHECK_THAT(what, Catch::Matchers::Contains("NFS is modelled in E3 only"));
}
