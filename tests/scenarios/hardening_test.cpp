// Hostile input found by fuzzing (issue 17): a program whose expression tree
// would overflow the recursive walks, and scenario files whose errors once
// echoed megabytes or the JSON library's own exception text.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <string>

#include <nlohmann/json.hpp>

#include "model/scenario/scenario.hpp"
#include "tests/explorer/dcsim_process.hpp"
#include "tests/scenarios/scenario_errors.hpp"

namespace {

using nlohmann::json;

// One program thread; `lines` is its program, as an array of strings.
json program_scenario(const json& lines) {
  json doc = json::parse(R"json({
    "name": "hardening", "profile": "linux-4.7",
    "shared": {"x": 0},
    "threads": [{"name": "T1", "program": ["x = 1;"]}],
    "expect": {"verdict": "ok"}
  })json");
  doc["threads"][0]["program"] = lines;
  return doc;
}

// `r = 1 op 1 op ... op 1;` of `terms` terms, cut into strings of at most
// 4000 bytes (the lines of one statement).
json chain(std::size_t terms, const std::string& op = "+") {
  std::string text = "r = 1";
  for (std::size_t i = 1; i < terms; ++i) text += op + "1";
  text += ";";
  json lines = json::array();
  for (std::size_t at = 0; at < text.size(); at += 4000) lines.push_back(text.substr(at, 4000));
  return lines;
}

std::string write(const std::string& name, const std::string& text) {
  const std::string file = std::string(DCSIM_BINARY_DIR) + "/" + name;
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

std::string slurp(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("hardening: a flat chain of operators is bounded like nesting", "[hardening][protocol]") {
  // ~1,900 terms once overflowed the interpreter's stack; 100,000 the parser's tree.
  for (std::size_t terms : {65, 2000, 100000}) {
    INFO(terms << " terms");
    const auto e = dcsim_test::load_error(program_scenario(chain(terms)));
    CHECK(e.path() == "/threads/0/program/0");
    CHECK_THAT(e.expected(), Catch::Contains("nested at most 64 deep") && Catch::Contains("column "));
  }
  for (const char* op : {"*", "&&", "||", "-"}) {
    INFO(op);
    CHECK_THAT(dcsim_test::load_error(program_scenario(chain(3000, op))).expected(),
               Catch::Contains("nested at most 64 deep"));
  }
  // Unary chains, calls' arguments and indices nest too.
  std::string unary = "r = ";
  for (int i = 0; i < 3000; ++i) unary += "-";
  unary += "1;";
  CHECK_THAT(dcsim_test::load_error(program_scenario(json::array({unary}))).expected(),
             Catch::Contains("nested at most 64 deep"));
  std::string parens = "r = ";
  for (int i = 0; i < 1000; ++i) parens += "1+(";
  parens += "1" + std::string(1000, ')') + ";";
  CHECK_THAT(dcsim_test::load_error(program_scenario(json::array({parens}))).expected(),
             Catch::Contains("nested at most 64 deep"));
  // Statement nesting counts with the expression inside it.
  std::string nested;
  for (int i = 0; i < 40; ++i) nested += "if (1) {";
  nested += chain(30)[0].get<std::string>() + std::string(40, '}');
  CHECK_THAT(dcsim_test::load_error(program_scenario(json::array({nested}))).expected(),
             Catch::Contains("nested at most 64 deep"));
}

TEST_CASE("hardening: a chain under the bound loads and computes its value", "[hardening][protocol][cli]") {
  json lines = chain(60);
  lines.push_back("x = r;");
  lines.push_back("assert (x == 60);");
  json doc = program_scenario(lines);
  const std::string ok = write("hardening_chain_ok.json", doc.dump());
  CHECK(dcsim_test::dcsim("check " + ok).status == 0);
  doc["threads"][0]["program"][2] = "assert (x == 61);";
  doc["expect"]["verdict"] = "bug";
  const std::string bug = write("hardening_chain_bug.json", doc.dump());
  CHECK(dcsim_test::dcsim("check " + bug).status == 0);
  const std::string deep = write("hardening_chain_deep.json", program_scenario(chain(2000)).dump());
  CHECK(dcsim_test::dcsim("explore " + deep).status == 2);
}

TEST_CASE("hardening: errors echo at most a couple of hundred characters", "[hardening][errors]") {
  json doc = program_scenario(json::array({"x = 1;"}));
  const std::string key(70000, 'k');
  doc[key] = 1;
  const auto e = dcsim_test::load_error(doc);
  CHECK_THAT(e.path(), Catch::Contains("... (70001 characters)"));
  CHECK(e.path().size() < 300);
  CHECK(std::string(e.what()).size() < 1000);
  // A long value echoed by a scenario check, not by the schema.
  doc = program_scenario(json::array({"x = 1;"}));
  doc["schedule"] = "0," + std::string(10000, '9') + "y";
  const auto s = dcsim_test::load_error(doc);
  CHECK(s.path() == "/schedule");
  CHECK(s.expected().size() < 400);
}

TEST_CASE("hardening: bad JSON is described without the library's exception text", "[hardening][errors]") {
  auto what = [](const std::string& text) { return std::string(dcsim_test::load_text_error(text).what()); };
  const std::string overflow = what("{\"name\": \"x\",\n  \"profile\": -1e309}");
  CHECK_THAT(overflow, Catch::Contains("number out of range") && Catch::Contains("line 2, column"));
  CHECK_THAT(overflow, Catch::Contains("-1e309"));
  for (const char* text : {"{\"name\": -1e309}", "{\"a\": tru}", "{", "[1,]", "\"\\ud800\""}) {
    INFO(text);
    const std::string m = what(text);
    CHECK(m.find("json.exception") == std::string::npos);
    CHECK(m.find("not valid JSON") != std::string::npos);
    CHECK(m.find("line 1, column") != std::string::npos);
  }
  CHECK_THAT(what(""), Catch::Contains("the file is empty"));
  CHECK_THAT(what(" \n"), Catch::Contains("the file is empty"));
  const std::string longtoken = what("{\"a\": " + std::string(100000, '1') + "x}");
  CHECK(longtoken.size() < 500);
}

TEST_CASE("hardening: a directory or a missing file as the scenario", "[hardening][errors][cli]") {
  const std::string dir = std::string(DCSIM_BINARY_DIR) + "/hardening_dir.json";
  std::filesystem::create_directories(dir);
  try {
    dcsim::model::load_scenario_file(dir);
    FAIL("a directory loaded");
  } catch (const dcsim::model::ScenarioError& e) {
    CHECK(e.file() == dir);
    CHECK_THAT(e.expected(), Catch::Contains("this is a directory"));
  }
  try {
    dcsim::model::load_scenario_file(dir + "/none.json");
    FAIL("a missing file loaded");
  } catch (const dcsim::model::ScenarioError& e) {
    CHECK_THAT(e.expected(), Catch::Contains("no such file"));
  }
  const std::string err = std::string(DCSIM_BINARY_DIR) + "/hardening.stderr";
  CHECK(dcsim_test::dcsim("explore " + dir, err).status == 2);
  CHECK_THAT(slurp(err), Catch::Contains("this is a directory"));
  if (geteuid() != 0) {  // root reads any file
    const std::string locked = write("hardening_locked.json", "{}");
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    CHECK(dcsim_test::dcsim("explore " + locked, err).status == 2);
    CHECK_THAT(slurp(err), Catch::Contains("cannot open it"));
  }
}
