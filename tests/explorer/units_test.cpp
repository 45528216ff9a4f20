// The work-units library (explorer/units/) called directly, without the
// binary: shards merged, checkpoints written, interrupted and resumed give
// the search run whole in one process, byte for byte; a checkpoint or shard
// report of the wrong shape, with counts that would wrap, or a checkpoint
// path that is not a regular file is refused with the file, the JSON path
// and what was expected, and no temporary file is left behind.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "dcsim_process.hpp"
#include "explorer/result/result_json.hpp"
#include "explorer/session.hpp"
#include "explorer/units/checkpoint.hpp"
#include "explorer/units/merge.hpp"
#include "explorer/units/search_units.hpp"
#include "explorer/units/unit_files.hpp"
#include "model/scenario/scenario.hpp"

namespace ex = dcsim::explorer;
using Json = nlohmann::ordered_json;

namespace {
std::string scenario_path(const std::string& name) { return std::string(DCSIM_SOURCE_DIR) + "/scenarios/" + name; }
std::string out_file(const std::string& name) { return std::string(DCSIM_BINARY_DIR) + "/units-test-" + name; }

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// A search cut into several units (source-DPOR over devfs-ls-rm, every verdict).
struct Search {
  dcsim::model::Scenario scenario = dcsim::model::load_scenario_file(scenario_path("devfs-ls-rm.json"));
  ex::Setup setup;
  Search() {
    setup = ex::setup_for(scenario);
    setup.strategy = ex::Strategy::SourceDpor;
  }
  ex::UnitSearch units(unsigned jobs = 1) const {
    ex::SearchRequest request;
    request.jobs = jobs;
    ex::RunHooks hooks;
    hooks.stop_on_failure = false;
    return ex::unit_search(ex::resolve_plan(setup, request), hooks);
  }
  Json key(const ex::UnitSearch& u) const {
    return ex::search_key(Json{{"test", "units"}}, scenario.file, u.split->size());
  }
};

// What a report prints of a result: its JSON, and the first failure.
std::string summary(const ex::Exploration& e) {
  std::string s = ex::result_json(e.result).dump();
  if (e.result.first_failure) s += " " + ex::format_schedule(e.result.first_failure->schedule);
  return s;
}

ex::UnitsOptions quiet(const Json& key) {
  ex::UnitsOptions o;
  o.key = key;
  o.signals = false;
  o.checkpoint_every = 0;
  return o;
}

// A checkpoint written by an interrupted run, as JSON to edit.
Json interrupted_checkpoint(const Search& s, const std::string& path) {
  std::remove(path.c_str());
  const ex::UnitSearch u = s.units();
  ex::UnitsOptions o = quiet(s.key(u));
  o.checkpoint = path;
  o.stop_after_units = 2;
  REQUIRE(ex::run_search_units(u, o).interrupted);
  return Json::parse(slurp(path));
}

// The message of the UnitsError `f` throws ("" when it throws none).
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const ex::UnitsError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("units: shards explored and merged in one process give the search run whole", "[explorer][units][shard]") {
  const Search s;
  const std::string whole = summary(ex::explore(s.setup, false));
  const ex::UnitSearch u = s.units();
  REQUIRE(u.split->size() >= 3);
  const Json key = s.key(u);
  std::vector<std::string> files;
  for (std::size_t i = 0; i < 3; ++i) {
    ex::UnitsOptions o = quiet(key);
    o.shard = ex::Shard{i, 3};
    const ex::UnitsOutcome run = ex::run_search_units(u, o);
    CHECK_FALSE(run.interrupted);
    files.push_back(out_file("shard-" + std::to_string(i) + ".json"));
    write(files.back(), ex::shard_report_json(ex::resolve_plan(s.setup), *o.shard, key, ex::shard_units(run.run.results, o.shard)).dump(2));
  }
  const ex::MergedShards m = ex::read_shard_reports(files);
  CHECK(m.key == key);
  CHECK(summary(ex::finish(u, m.results)) == whole);

  // What dcsim merge checks, without the binary: the reports' /search, the
  // scenario unchanged since, the units the search has now.
  const ex::ShardSearch search = ex::shard_search_of(m, files[0]);
  CHECK(search.args == Json{{"test", "units"}});
  CHECK(search.units == u.split->size());
  CHECK(refusal([&] { ex::check_scenario_unchanged(search, s.scenario.file, files[0]); }).empty());
  CHECK(summary(ex::merge_exploration(m, search, u, files)) == whole);
  const std::string edited = out_file("edited-scenario.json");
  write(edited, slurp(s.scenario.file) + "\n");
  CHECK_THAT(refusal([&] { ex::check_scenario_unchanged(search, edited, files[0]); }),
             Catch::Contains("changed since the shards explored it"));
  ex::ShardSearch recut = search;
  ++recut.units;
  CHECK_THAT(refusal([&] { ex::merge_exploration(m, recut, u, files); }), Catch::Contains("the search now has"));
  ex::MergedShards partial = m;
  partial.results.erase(partial.results.begin());
  CHECK_THAT(refusal([&] { ex::merge_exploration(partial, search, u, files); }),
             Catch::Contains("the shard reports are incomplete"));
  ex::MergedShards shapeless = m;
  shapeless.key.erase("units");
  CHECK_THAT(refusal([&] { ex::shard_search_of(shapeless, files[0]); }), Catch::Contains("/search/units"));

  // One shard short, or one twice: refused, naming the shard.
  CHECK_THAT(refusal([&] { ex::read_shard_reports({files[0], files[1]}); }), Catch::Contains("missing shard 2/3"));
  CHECK_THAT(refusal([&] { ex::read_shard_reports({files[0], files[1], files[1]}); }),
             Catch::Contains("shard 1/3 again"));
  // A shard count no search has is refused quickly, listing a few.
  Json big = Json::parse(slurp(files[0]));
  big["shard"]["count"] = std::uint64_t{1} << 60;
  big["units"] = Json::array();
  write(out_file("shard-big.json"), big.dump());
  CHECK_THAT(refusal([&] { ex::read_shard_reports({out_file("shard-big.json")}); }), Catch::Contains("more"));
}

TEST_CASE("units: a run checkpointed, interrupted and resumed gives the run never interrupted", "[explorer][units][checkpoint]") {
  const Search s;
  const std::string whole = summary(ex::explore(s.setup, false));
  const std::string ck = out_file("resume.json");
  std::remove(ck.c_str());
  const ex::UnitSearch u = s.units();
  const Json key = s.key(u);

  ex::UnitsOptions first = quiet(key);
  first.checkpoint = ck;
  first.stop_after_units = 2;
  const ex::UnitsOutcome a = ex::run_search_units(u, first);
  CHECK(a.interrupted);
  CHECK(a.status == 130);
  // The --json report of the interrupted run, as the library builds it.
  const Json partial = ex::interrupted_report_json(u.plan, a, "RESUME");
  CHECK(partial["interrupted"]["units_done"] == 2);
  CHECK(partial["interrupted"]["checkpoint"] == ck);
  CHECK(partial["interrupted"]["resume"] == "RESUME");
  CHECK(partial["result"]["executions"] == ex::sum_units(a.run.results).executions);
  CHECK(partial["setup"]["scenario"] == s.scenario.name);
  CHECK(partial["result"]["strategy"] == "source-dpor");
  // Its result is named as the plan names it: under a bound, bounded POR.
  ex::Setup bounded_setup = s.setup;
  bounded_setup.preemptions = 1;
  const ex::SearchPlan bounded = ex::resolve_plan(bounded_setup);
  CHECK(ex::interrupted_report_json(bounded, a, "")["result"]["strategy"] == "bounded-source-dpor");
  CHECK(a.run.results.size() == 2);
  CHECK(exists(ck));
  CHECK_FALSE(exists(ck + ".tmp"));
  CHECK_THROWS_AS(ex::finish(u, a.run.results), ex::MissingUnit);

  ex::UnitsOptions again = quiet(key);
  again.resume = ck;
  again.stop_after_units = 3;
  const ex::UnitsOutcome b = ex::run_search_units(u, again);
  CHECK(b.interrupted);
  CHECK(b.run.results.size() == 5);
  CHECK(ex::read_checkpoint(ck, key, std::nullopt, u.split->size()).size() == 5);

  ex::UnitsOptions rest = quiet(key);
  rest.resume = ck;
  const ex::UnitSearch threads = s.units(2);  // the same units, on two threads
  const ex::UnitsOutcome c = ex::run_search_units(threads, rest);
  CHECK_FALSE(c.interrupted);
  CHECK(summary(ex::finish(u, c.run.results)) == whole);
  CHECK_FALSE(exists(ck + ".tmp"));

  // Another search's key, or another shard, is refused.
  CHECK_THAT(refusal([&] { ex::read_checkpoint(ck, Json{{"other", 1}}, std::nullopt, u.split->size()); }),
             Catch::Contains("another search"));
  CHECK_THAT(refusal([&] { ex::read_checkpoint(ck, key, ex::Shard{0, 2}, u.split->size()); }),
             Catch::Contains("no --shard"));
}

TEST_CASE("units: a checkpoint whose fields have the wrong type is refused with its JSON path", "[explorer][units][checkpoint]") {
  const Search s;
  const ex::UnitSearch u = s.units();
  const Json key = s.key(u);
  const std::string ck = out_file("types.json");
  const Json good = interrupted_checkpoint(s, ck);
  struct Case {
    const char* what;
    std::function<void(Json&)> edit;
    const char* says;
  };
  const std::vector<Case> cases = {
      {"shard a string", [](Json& j) { j["shard"] = "0/2"; }, "/shard: expected null or {\"index\": I, \"count\": N}"},
      {"shard index a string", [](Json& j) { j["shard"] = {{"index", "0"}, {"count", 2}}; }, "/shard: expected"},
      {"shard index past count", [](Json& j) { j["shard"] = {{"index", 2}, {"count", 2}}; }, "/shard: expected"},
      {"no shard", [](Json& j) { j.erase("shard"); }, "/shard: missing"},
      {"marker a string", [](Json& j) { j["dcsim_checkpoint"] = "1"; }, "not a dcsim checkpoint"},
      {"no search", [](Json& j) { j.erase("search"); }, "/search: missing"},
      {"done an object", [](Json& j) { j["done"] = Json::object(); }, "/done: expected an array of work units"},
      {"a unit a number", [](Json& j) { j["done"][0] = 7; }, "/done/0/unit: missing"},
      {"executions negative", [](Json& j) { j["done"][0]["executions"] = -1; }, "/done/0/executions: expected"},
      {"executions a string", [](Json& j) { j["done"][0]["executions"] = "12"; }, "/done/0/executions: expected"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Json j = good;
    c.edit(j);
    write(ck, j.dump());
    const std::string why = refusal([&] { ex::read_checkpoint(ck, key, std::nullopt, u.split->size()); });
    CHECK_THAT(why, Catch::Contains(ck));
    CHECK_THAT(why, Catch::Contains(c.says));
    CHECK_THAT(why, !Catch::Contains("json.exception"));
  }
  // Through the binary: exit 2 and the same message, never an internal error.
  Json j = good;
  j["shard"] = "0/2";
  write(ck, j.dump());
  const std::string err = out_file("types.err");
  const dcsim_test::Run r = dcsim_test::dcsim("explore scenarios/devfs-ls-rm.json --strategy source-dpor --all --resume " +
                                              ck, err);
  CHECK(r.status == 2);
  CHECK_THAT(slurp(err), Catch::Contains("/shard: expected null or"));
  CHECK_THAT(slurp(err), !Catch::Contains("internal error"));
}

TEST_CASE("units: counts that would wrap are refused, in checkpoints and shard reports", "[explorer][units][checkpoint]") {
  const Search s;
  const ex::UnitSearch u = s.units();
  const Json key = s.key(u);
  const std::string ck = out_file("wrap.json");
  const Json good = interrupted_checkpoint(s, ck);
  REQUIRE(good["done"].size() == 2);
  auto read = [&](const Json& j) {
    write(ck, j.dump());
    return refusal([&] { ex::read_checkpoint(ck, key, std::nullopt, u.split->size()); });
  };
  Json huge = good;
  huge["done"][0]["executions"] = std::uint64_t{18446744073709551615u};
  CHECK_THAT(read(huge), Catch::Contains("executions 18446744073709551615"));
  // Each within the limit, the total beyond it.
  Json sum = good;
  for (int i = 0; i < 2; ++i) sum["done"][i]["steps"] = ex::kMaxCount - 1;
  CHECK_THAT(read(sum), Catch::Contains("steps"));
  // Verdicts that do not add up to the executions.
  Json verdicts = good;
  verdicts["done"][1]["verdicts"]["ok"] = verdicts["done"][1]["verdicts"]["ok"].get<std::uint64_t>() + 1;
  CHECK_THAT(read(verdicts), Catch::Contains("one verdict per execution"));
  CHECK(read(good).empty());
}

TEST_CASE("units: a checkpoint is written only to a regular file or a new path, leaving no temporary file",
          "[explorer][units][checkpoint]") {
  const Search s;
  const ex::UnitSearch u = s.units();
  const Json key = s.key(u);
  const std::string dir = out_file("dir");
  ::mkdir(dir.c_str(), 0755);
  const std::string fifo = out_file("fifo");
  std::remove(fifo.c_str());
  REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
  const std::string target = out_file("target.txt");
  write(target, "not ours\n");
  const std::string link = out_file("link.json");
  std::remove(link.c_str());
  REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);
  struct Case {
    std::string path, says;
  };
  const std::vector<Case> refused = {{dir, "a directory"},
                                     {fifo, "a FIFO"},
                                     {link, "a symbolic link"},
                                     {"/dev/null", "a device"},
                                     {out_file("no-such-dir") + "/ck.json", "cannot create"}};
  for (const Case& c : refused) {
    INFO(c.path);
    ex::UnitsOptions o = quiet(key);
    o.checkpoint = c.path;
    const std::string why = refusal([&] {
      if (c.says == "cannot create")
        ex::write_checkpoint(c.path, key, std::nullopt, {}, u.split->size());
      else
        ex::run_search_units(u, o);
    });
    CHECK_THAT(why, Catch::Contains(c.says));
    CHECK_FALSE(exists(c.path + ".tmp"));
  }
  CHECK(slurp(target) == "not ours\n");
  struct stat st {};
  REQUIRE(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));

  // A temporary file that its writer holds locked is another run's: refused,
  // and left alone.
  const std::string ck = out_file("tmp-there.json");
  std::remove(ck.c_str());
  write(ck + ".tmp", "someone else's\n");
  {
    const int held = ::open((ck + ".tmp").c_str(), O_RDONLY);
    REQUIRE(held >= 0);
    REQUIRE(::flock(held, LOCK_EX) == 0);
    CHECK_THAT(refusal([&] { ex::write_checkpoint(ck, key, std::nullopt, {}, u.split->size()); }),
               Catch::Contains("another run is writing it"));
    ::close(held);
  }
  CHECK(slurp(ck + ".tmp") == "someone else's\n");
  CHECK_FALSE(exists(ck));
  // Unlocked, it is what a run killed while writing left: replaced, and the
  // checkpoint written.
  ex::write_checkpoint(ck, key, std::nullopt, {}, u.split->size());
  CHECK_FALSE(exists(ck + ".tmp"));
  CHECK(slurp(ck).find("\"dcsim_checkpoint\"") != std::string::npos);
  std::remove(ck.c_str());
  // A temporary path that is a symbolic link is not ours either.
  REQUIRE(::symlink(target.c_str(), (ck + ".tmp").c_str()) == 0);
  CHECK_THAT(refusal([&] { ex::write_checkpoint(ck, key, std::nullopt, {}, u.split->size()); }),
             Catch::Contains("a symbolic link"));
  CHECK(slurp(target) == "not ours\n");
  CHECK_FALSE(exists(ck));
  std::remove((ck + ".tmp").c_str());

  // Through the binary: exit 2 before any unit runs, nothing written.
  const std::string err = out_file("dir.err");
  CHECK(dcsim_test::dcsim("explore scenarios/devfs-ls-rm.json --all --checkpoint " + dir, err).status == 2);
  CHECK_THAT(slurp(err), Catch::Contains("a checkpoint is written only to a regular file or a new path"));
  CHECK_FALSE(exists(dir + ".tmp"));
}
