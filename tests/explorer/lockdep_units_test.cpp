// --lockdep with work units: each unit's lock-order graph travels in shard
// reports and checkpoints, merge and resume union them in unit order, and
// the potential-deadlock report is the one of a single process, byte for
// byte. A graph edited into the wrong type is bad input (exit 2, its path).
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dcsim_process.hpp"

using dcsim_test::dcsim;
using dcsim_test::Run;

namespace {
std::string out_file(const std::string& name) { return std::string(DCSIM_BINARY_DIR) + "/lockdep-units-" + name; }


std::string read(const std::string& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::vector<std::string> shards(const std::string& args, int n, const std::string& tag) {
  return dcsim_test::run_shards(args, n, tag, out_file);
}

// Searches large enough to be cut into units, whose graphs have cycles
// every one reached (devfs), or two that no execution within the bound
// reached (2.6.27's two lookups within 1 preemption: the i_mutex -> wait
// queue -> i_mutex cycle that deadlocks at bound 2).
const char* const kReached = "scenarios/devfs-ls-rm.json --all --lockdep";
const char* const kPredicted = "scenarios/autofs-expire-enoent-2lookups.json --variant 2.6.27 --all --lockdep";

std::vector<std::string> cases() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return {kReached};
#else
  return {kReached, kPredicted};
#endif
}
}  // namespace

TEST_CASE("lockdep units: the shards merged give the one-process report", "[lockdep][shard][cli]") {
  int tag = 0;
  for (const std::string& args : cases()) {
    INFO(args);
    const std::vector<std::string> files = shards(args, 3, "shard" + std::to_string(tag++));
    const nlohmann::json first = nlohmann::json::parse(read(files[0]));
    REQUIRE(first.at("search").at("units").get<int>() > 3);
    CHECK(first.at("search").at("args").at("lockdep") == true);
    // Each unit carries its own graph, not only the shard as a whole.
    REQUIRE_FALSE(first.at("units").empty());
    CHECK(first.at("units")[0].at("lockdep").at("edges").is_array());
    const Run json = dcsim("explore " + args + " --json"), text = dcsim("explore " + args);
    const nlohmann::json lockdep = nlohmann::json::parse(json.out).at("lockdep");
    if (args == kPredicted) {
      CHECK(lockdep.at("potential_deadlocks").size() == 2);
      CHECK(contains(text.out, "WARNING: possible circular locking dependency detected\n"
                               "  i_mutex -> wait queue"));
    } else {
      CHECK(lockdep.at("potential_deadlocks").empty());
    }
    const Run merged_json = dcsim("merge --json " + files[0] + " " + files[1] + " " + files[2]);
    const Run merged_text = dcsim("merge " + files[2] + " " + files[0] + " " + files[1]);
    CHECK(merged_json.status == json.status);
    CHECK(merged_json.out == json.out);
    CHECK(merged_text.status == text.status);
    CHECK(merged_text.out == text.out);
  }
}

TEST_CASE("lockdep units: an interrupted run resumed gives the one-process report", "[lockdep][checkpoint][cli]") {
  int tag = 0;
  for (const std::string& args : cases()) {
    for (const std::string format : {" --json", ""}) {
      INFO(args << format);
      const std::string ck = out_file("ck" + std::to_string(tag++) + ".json");
      std::remove(ck.c_str());
      const Run whole = dcsim("explore " + args + format);
      const Run part = dcsim("explore " + args + format + " --checkpoint " + ck + " --stop-after-units 2");
      CHECK(part.status == 130);
      CHECK(contains(part.out, "--lockdep --resume " + ck));  // the resume command keeps --lockdep
      CHECK(contains(read(ck), "\"lockdep\""));
      const Run resumed = dcsim("explore " + args + format + " --resume " + ck + " --jobs 2");
      CHECK(resumed.status == whole.status);
      CHECK(resumed.out == whole.out);
    }
  }
}

TEST_CASE("lockdep units: a checkpoint of the search without --lockdep is another search", "[lockdep][checkpoint][cli]") {
  const std::string args = "scenarios/devfs-ls-rm.json --all";
  const std::string ck = out_file("other.json");
  std::remove(ck.c_str());
  CHECK(dcsim("explore " + args + " --checkpoint " + ck + " --stop-after-units 1").status == 130);
  CHECK(dcsim("explore " + args + " --lockdep --resume " + ck).status == 2);
}

TEST_CASE("lockdep units: a unit's graph of the wrong type is refused with its JSON path", "[lockdep][shard][cli]") {
  const std::vector<std::string> files = shards(cases()[0], 2, "bad");
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(read(files[0]));
  std::size_t unit = 0;
  while (unit < j["units"].size() && j["units"][unit]["lockdep"]["edges"].empty()) ++unit;
  REQUIRE(unit < j["units"].size());
  const std::string bad = out_file("bad-edited.json");
  const std::string err = out_file("bad-edited.err");

  auto refused = [&](const nlohmann::ordered_json& edited, const std::string& path) {
    dcsim_test::write_file(bad, edited.dump(2));
    CHECK(dcsim("merge " + bad + " " + files[1], err).status == 2);
    const std::string e = read(err);
    INFO(e);
    CHECK(contains(e, bad));
    CHECK(contains(e, path));
  };
  const std::string at = "/units/" + std::to_string(unit) + "/lockdep";
  nlohmann::ordered_json e1 = j;
  e1["units"][unit]["lockdep"]["edges"][0]["all_read"] = "yes";
  refused(e1, at + "/edges/0/all_read: expected true or false");
  nlohmann::ordered_json e2 = j;
  e2["units"][unit]["lockdep"]["edges"][0]["chain"].erase("thread");
  refused(e2, at + "/edges/0/chain/thread: missing");
  nlohmann::ordered_json e3 = j;
  e3["units"][unit]["lockdep"] = 7;
  refused(e3, at + ": expected null or a lock-order graph");
  nlohmann::ordered_json e4 = j;
  e4["units"][unit]["lockdep"]["writers"] = {1};
  refused(e4, at + "/writers/0: expected a lock class");
  nlohmann::ordered_json e5 = j;
  e5["units"][unit]["lockdep"]["executions"] = -1;
  refused(e5, at + "/executions: expected a non-negative integer");
}
