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

#include "model/protocol/lexer.hpp"
#include "model/protocol/parser.hpp"
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
  for (std::size_t terms : {65, 2000, 20000}) {
    INFO(terms << " terms");
    const auto e = dcsim_test::load_error(program_scenario(chain(terms)));
    CHECK(e.path() == "/threads/0/program/0");
    CHECK_THAT(e.expected(), Catch::Contains("nested at most 64 deep") && Catch::Contains("column "));
  }
  // Past the scenario's size bound the parser alone: it refuses the chain
  // when the tree reaches the bound, building no more of it.
  std::string flat = "r = 1";
  for (int i = 1; i < 100000; ++i) flat += "+1";
  try {
    dcsim::model::protocol::parse({flat + ";"});
    FAIL("a 100,000-term chain parsed");
  } catch (const dcsim::model::protocol::ProgramError& e) {
    CHECK_THAT(e.what(), Catch::Contains("nested at most 64 deep"));
    CHECK(e.pos.line == 1);
    CHECK(e.pos.column == 130);  // the 64th '+'
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

TEST_CASE("hardening: a long command-line value is echoed cut, whoever refuses it", "[hardening][errors][cli]") {
  const std::string big(70000, 'A');
  const std::string err = std::string(DCSIM_BINARY_DIR) + "/hardening_args.stderr";
  const std::string scenario = "scenarios/proto-lost-update.json";
  // The catalogue (profile, rule), explore's options (variant), CLI11's
  // checks (strategy, an argument it does not expect) and the scenario file.
  for (const std::string& args :
       {"explore " + scenario + " --profile " + big, "explore " + scenario + " --rule " + big + "=1",
        "explore " + scenario + " --variant " + big, "explore " + scenario + " --strategy " + big,
        "explore " + scenario + " " + big, "explore " + big + ".json"}) {
    INFO(args.substr(0, 80));
    CHECK(dcsim_test::dcsim(args, err).status == 2);
    const std::string e = slurp(err);
    INFO(e.substr(0, 300));
    CHECK(e.size() < 1000);
    CHECK_THAT(e, Catch::Contains("AAAA") && Catch::Contains(" characters)"));  // cut, saying how long it was
  }
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

TEST_CASE("hardening: a scenario's size is bounded at load", "[hardening][errors]") {
  const json nfs = json::parse(slurp(std::string(DCSIM_SOURCE_DIR) + "/scenarios/nfs-open-race.json"));
  auto copied = [&](std::size_t n) {
    json doc = nfs;
    doc.erase("variants");
    doc["threads"] = json::array();
    for (std::size_t i = 0; i < n; ++i) {
      json t = nfs["threads"][0];
      t["name"] = "T" + std::to_string(i);
      doc["threads"].push_back(t);
    }
    return doc;
  };
  CHECK_NOTHROW(dcsim::model::load_scenario_text(copied(64).dump(), "ok.json"));
  for (std::size_t n : {65, 1000}) {
    const auto e = dcsim_test::load_error(copied(n));
    CHECK(e.path() == "/threads");
    CHECK_THAT(e.expected(), Catch::Contains("at most 64") && Catch::Contains(std::to_string(n)));
  }
  // Daemons count: 61 threads and an autofs mount's 4 daemons.
  json autofs = json::parse(slurp(std::string(DCSIM_SOURCE_DIR) + "/scenarios/autofs-expire-enoent.json"));
  autofs.erase("variants");
  autofs.erase("schedule");
  autofs["setup"]["mounts"][0]["daemon_threads"] = 4;
  const json t0 = autofs["threads"][0];
  autofs["threads"] = json::array();
  for (int i = 0; i < 61; ++i) {
    json t = t0;
    t["name"] = "T" + std::to_string(i);
    autofs["threads"].push_back(t);
  }
  CHECK_THAT(dcsim_test::load_error(autofs).expected(), Catch::Contains("with the set-up's daemons"));
  // Ops of a thread, lines of a program, set-up lists.
  json ops = copied(1);
  for (int i = 0; i < 1100; ++i) ops["threads"][0]["ops"].push_back(nfs["threads"][0]["ops"][0]);
  CHECK(dcsim_test::load_error(ops).path() == "/threads/0/ops");
  json prog = program_scenario(json::array());
  for (int i = 0; i < 1025; ++i) prog["threads"][0]["program"].push_back("x = 1;");
  CHECK_THAT(dcsim_test::load_error(prog).expected(), Catch::Contains("at most 1024 items") && Catch::Contains("got 1025"));
  prog = program_scenario(json::array());
  for (int i = 0; i < 17; ++i) prog["threads"][0]["program"].push_back(std::string(4000, ' ') + "x = 1;");
  CHECK_THAT(dcsim_test::load_error(prog).expected(), Catch::Contains("at most 65536 bytes"));
  json dirs = copied(1);
  for (int i = 0; i < 1100; ++i) dirs["setup"]["dirs"].push_back("/e" + std::to_string(i));
  CHECK(dcsim_test::load_error(dirs).path() == "/setup/dirs");
}
