// Protocol programs on bad input: every error in a program or in /shared and
// /locks is a ScenarioError naming the JSON path of the offending string
// (with the line and column inside it) and what was expected there, and
// `dcsim check` exits with code 2 on it.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/scenario/scenario.hpp"
#include "tests/scenarios/scenario_errors.hpp"
#include "tests/explorer/dcsim_process.hpp"

namespace {

using dcsim::model::load_scenario_text;
using dcsim::model::ScenarioError;
using nlohmann::json;
using dcsim_test::check_error;
using dcsim_test::load_error;

// Two program threads over a shared counter, a mutex and /d, under an E3
// profile; every case breaks one thing.
json base() {
  return json::parse(R"json({
    "name": "program-errors",
    "profile": "linux-4.7",
    "setup": {"dirs": ["/d"]},
    "shared": {"x": 0, "flag": [0, 0]},
    "locks": {"m": "mutex", "q": "waitqueue"},
    "threads": [
      {"name": "T1", "program": ["mutex_lock(m);", "x = x + 1;", "mutex_unlock(m);"]},
      {"name": "T2", "program": "r = flag[1];\nd = d_alloc_parallel(dentry(\"/d\"), \"f\");"}
    ],
    "expect": {"verdict": "ok"}
  })json");
}


json with_t1(std::initializer_list<const char*> lines) {
  json doc = base();
  doc["threads"][0]["program"] = json::array();
  for (const char* l : lines) doc["threads"][0]["program"].push_back(l);
  return doc;
}

}  // namespace

TEST_CASE("the base program scenario loads", "[protocol][errors]") {
  const auto s = load_scenario_text(base().dump(), "ok.json");
  REQUIRE(s.protocol);
  CHECK(s.threads[0].program);
  CHECK(s.threads[1].program);
  CHECK(s.threads[0].ops.empty());
}

TEST_CASE("program errors: undefined variable", "[protocol][errors]") {
  check_error(with_t1({"mutex_lock(m);", "x = y + 1;"}), "/threads/0/program/1",
              {"column 5", "undefined variable 'y'", "/shared"});
}

TEST_CASE("program errors: a register used before its first assignment", "[protocol][errors]") {
  check_error(with_t1({"x = r;", "r = 1;"}), "/threads/0/program/0", {"column 5", "undefined variable 'r'"});
}

TEST_CASE("program errors: type errors", "[protocol][errors]") {
  check_error(with_t1({"d = dentry(\"/d\");", "x = d + 1;"}), "/threads/0/program/1",
              {"left operand of +", "int", "dentry"});
  check_error(with_t1({"r = 1;", "r = dentry(\"/d\");"}), "/threads/0/program/1", {"register 'r'", "int", "dentry"});
  check_error(with_t1({"if (dentry(\"/d\")) { x = 1; }"}), "/threads/0/program/0", {"a condition", "int"});
  check_error(with_t1({"d_drop(1);"}), "/threads/0/program/0", {"argument 1 of d_drop", "a dentry, got int"});
}

TEST_CASE("program errors: unknown primitive", "[protocol][errors]") {
  check_error(with_t1({"spin_lokc(m);"}), "/threads/0/program/0", {"'spin_lokc' is not one"});
}

TEST_CASE("program errors: a lock of the wrong kind", "[protocol][errors]") {
  check_error(with_t1({"down(m);"}), "/threads/0/program/0",
              {"argument 1 of down: a semaphore", "'m' is a mutex"});
  check_error(with_t1({"mutex_lock(x);"}), "/threads/0/program/0", {"'x' is a variable"});
}

TEST_CASE("program errors: a primitive the era does not have", "[protocol][errors]") {
  json doc = base();
  doc["profile"] = "linux-2.6.22";
  check_error(doc, "/threads/1/program", {"line 2, column 5", "d_alloc_parallel exists in era E3 only", "E2"});
  // i_sem is E1's directory lock; 4.7 has i_rwsem.
  check_error(with_t1({"down(i_sem(\"/d\"));"}), "/threads/0/program/0", {"i_sem exists in era E1 only"});
  // A variant's profile is checked too.
  doc = base();
  doc["variants"] = json::parse(R"([{"name": "old", "profile": "linux-2.6.27", "expect": {"verdict": "ok"}}])");
  check_error(doc, "/threads/1/program", {"d_alloc_parallel exists in era E3 only"});
}

TEST_CASE("program errors: syntax", "[protocol][errors]") {
  check_error(with_t1({"x = x + ;"}), "/threads/0/program/0", {"column 9", "an expression", "';'"});
  check_error(with_t1({"if (x == 1) x = 2;"}), "/threads/0/program/0", {"column 13", "braces are required"});
  check_error(with_t1({"while (x < 3) {", "x = x + 1;"}), "/threads/0/program/1", {"'}' closing the block"});
  check_error(with_t1({"x = 1 < 2 < 3;"}), "/threads/0/program/0", {"no second comparison"});
  check_error(with_t1({"x = 1 # 2;"}), "/threads/0/program/0", {"column 7", "the character '#'"});
}

TEST_CASE("program errors: shared state where the footprint must be known", "[protocol][errors]") {
  check_error(with_t1({"r = flag[x];"}), "/threads/0/program/0", {"an index that reads registers only", "'x'"});
  check_error(with_t1({"r = flag[2];"}), "/threads/0/program/0", {"an index from 0 to 1", "got 2"});
  check_error(with_t1({"r = flag;"}), "/threads/0/program/0", {"an element of array 'flag'"});
  check_error(with_t1({"x = atomic_read(x);"}), "/threads/0/program/0", {"assigned to a register"});
  json doc = base();
  doc["shared"] = json::parse(R"({"a": 0, "b": 0, "c": 0, "d": 0, "e": 0})");
  doc["threads"][0]["program"] = "a = b + c + d + e;";
  check_error(doc, "/threads/0/program", {"line 1, column 1", "at most 4 shared objects", "touches 5"});
}

TEST_CASE("program errors: paths and names of the world", "[protocol][errors]") {
  check_error(with_t1({"d = dentry(\"/nowhere\");"}), "/threads/0/program/0",
              {"/setup/dirs or /setup/files", "\"/nowhere\""});
  check_error(with_t1({"d = d_lookup(dentry(\"/d\"), \"a/b\");"}), "/threads/0/program/0",
              {"argument 2 of d_lookup", "one path component"});
  check_error(with_t1({"d_drop(dentry(\"/d\"), 1);"}), "/threads/0/program/0", {"1 argument for d_drop, got 2"});
  check_error(with_t1({"await (new_inode() != null);"}), "/threads/0/program/0", {"new_inode() outside a condition"});
}

TEST_CASE("program errors: declarations", "[protocol][errors]") {
  json doc = base();
  doc["locks"]["x"] = "mutex";
  check_error(doc, "/locks/x", {"declared once", "\"x\" is taken"});
  doc = base();
  doc["locks"]["s"] = "semaphor";
  check_error(doc, "/locks/s", {"mutex"});  // the schema's pattern
  doc = base();
  doc["shared"]["if"] = 0;
  check_error(doc, "/shared/if", {"not a keyword"});
  doc = base();
  doc["shared"]["big"] = json::array();
  check_error(doc, "/shared/big", {"1"});
  doc = base();
  doc["threads"][0]["ops"] = json::parse(R"([{"op": "stat", "path": "/d"}])");
  check_error(doc, "/threads/0", {"either \"ops\"", "not both"});
  doc = base();
  doc["threads"][0].erase("program");
  check_error(doc, "/threads/0", {"either \"ops\""});
  doc = base();
  doc["threads"][0]["program"] = json::array({"r = 1;", 5});
  check_error(doc, "/threads/0/program/1", {"string"});
  doc = with_t1({"x = 1;"});
  doc["threads"][0]["program"] = "local m = 1;";
  check_error(doc, "/threads/0/program", {"'m' is shared"});
}

TEST_CASE("program errors: nesting is bounded", "[protocol][errors]") {
  std::string deep = "x = ";
  for (int i = 0; i < 100; ++i) deep += "(";
  deep += "1";
  for (int i = 0; i < 100; ++i) deep += ")";
  deep += ";";
  json doc = base();
  doc["threads"][0]["program"] = deep;
  check_error(doc, "/threads/0/program", {"nested at most 64 deep"});
}

TEST_CASE("program errors: dcsim check exits 2 naming the path", "[protocol][errors][cli]") {
  const std::string file = std::string(DCSIM_BINARY_DIR) + "/program_error.json";
  {
    json doc = with_t1({"mutex_lock(m);", "x = y + 1;"});
    FILE* f = std::fopen(file.c_str(), "w");
    REQUIRE(f);
    const std::string text = doc.dump(2);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  const std::string err = file + ".err";
  const dcsim_test::Run r = dcsim_test::dcsim("check " + file, err);
  CHECK(r.status == 2);
  CHECK_THAT(r.out, Catch::Matchers::Contains("/threads/0/program/1: column 5: undefined variable 'y'"));
  std::string text(4096, '\0');
  FILE* f = nullptr;

  // A profile of another era on the command line is bad input too.
  CHECK(dcsim_test::dcsim("explore scenarios/proto-race-e.json --profile linux-2.6.22", err).status == 2);
  f = std::fopen(err.c_str(), "r");
  REQUIRE(f);
  text.assign(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), f));
  std::fclose(f);
  CHECK_THAT(text, Catch::Matchers::Contains("i_rwsem exists in era E3 only"));
}
