// The fuzzers' findings, fixed, replayed in the ordinary build: every file
// of tests/fuzz/regressions/TARGET/ (and every seed of tests/fuzz/corpus/)
// goes through the same check as the fuzz target's (targets.hpp); the
// checkpoint and merge inputs through the dcsim binary, which must refuse
// them with exit 2 naming the file, or run them (exit 0 or 1).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "tests/explorer/dcsim_process.hpp"
#include "tests/fuzz/targets.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> out;
  for (const char* set : {"regressions", "corpus"}) {
    const fs::path dir = fs::path(DCSIM_SOURCE_DIR) / "tests/fuzz" / set / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The input cut at NUL bytes into files, as the fuzz targets cut it.
std::vector<std::string> split_files(const std::string& text, const std::string& stem, std::size_t most) {
  std::vector<std::string> files;
  std::size_t at = 0;
  for (;;) {
    std::size_t nul = text.find('\0', at);
    if (files.size() + 1 == most) nul = std::string::npos;
    const std::string file = std::string(DCSIM_BINARY_DIR) + "/" + stem + std::to_string(files.size()) + ".json";
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        << text.substr(at, nul == std::string::npos ? std::string::npos : nul - at);
    files.push_back(file);
    if (nul == std::string::npos) break;
    at = nul + 1;
  }
  return files;
}

// Regressions that are bad input, each refused with exit 2 at this JSON path
// (or with these words where the fault has no single path).
const std::map<std::string, std::string> kRefusedAt = {
    {"checkpoint/checkpoint-key-a-string", "\"dcsim_checkpoint\": 1"},
    {"checkpoint/done-missing", ": /done: missing"},
    {"checkpoint/executions-2e64-1", "unit 0: executions 18446744073709551615"},
    {"checkpoint/shard-a-string", ": /shard: expected"},
    {"merge/depth0", ": /search/args/depth: expected an integer from 1 to 64, found 0"},
    {"merge/failure-does-not-replay", ": /units: the first failure does not replay"},
    {"merge/file-dir", ": /search/args/file: /etc: cannot read it: not a regular file"},
    {"merge/hash-int", ": /search/scenario_hash: expected a string, found 5"},
    {"merge/pre-big", ": /search/args/preemptions: expected an integer from 0 to 4294967295, found 1099511627776"},
    {"merge/rule", ": /search/args: unknown rule \"R8\""},
    {"merge/search-arr", ": /search: expected"},
    {"merge/split-str", ": /search/args/split: expected an integer from 1 to 1048576, found \"a\""},
    {"merge/strat", ": /search/args/strategy: expected null or one of dpor"},
    {"merge/units-str", ": /search/units: expected a number of work units, found \"x\""},
};

void check_cli_run(const std::string& args, const std::vector<std::string>& files, const fs::path& input) {
  const std::string err = std::string(DCSIM_BINARY_DIR) + "/fuzz-replay.err";
  const dcsim_test::Run r = dcsim_test::dcsim(args, err);
  const std::string e = slurp(err);
  INFO(args);
  INFO(e);
  CHECK((r.status == 0 || r.status == 1 || r.status == 2));
  CHECK(e.find("[json.exception") == std::string::npos);
  const auto refused = kRefusedAt.find(input.parent_path().filename().string() + "/" + input.filename().string());
  if (refused != kRefusedAt.end()) {
    CHECK(r.status == 2);
    CHECK(e.find(refused->second) != std::string::npos);
  }
  if (r.status == 2) {
    CHECK(std::any_of(files.begin(), files.end(), [&](const std::string& f) { return e.find(f) != std::string::npos; }));
    CHECK(e.size() < 1000);
  }
}

}  // namespace

TEST_CASE("fuzz regressions: the in-process targets' inputs load or are refused as they must",
          "[fuzz][hardening]") {
  const std::vector<std::pair<std::string, void (*)(std::string_view)>> targets = {
      {"scenario", dcsim_fuzz::check_scenario},
      {"program", dcsim_fuzz::check_program},
      {"schedule", dcsim_fuzz::check_schedule}};
  for (const auto& [target, check] : targets) {
    const auto files = inputs(target);
    CHECK_FALSE(files.empty());
    for (const fs::path& f : files) {
      INFO(f.string());
      CHECK_NOTHROW(check(slurp(f)));
    }
  }
}

TEST_CASE("fuzz regressions: checkpoints and shard reports are resumed, merged or refused with exit 2",
          "[fuzz][hardening][cli]") {
  std::size_t named = 0;
  for (const char* target : {"checkpoint", "merge"})
    for (const fs::path& f : inputs(target))
      named += kRefusedAt.count(std::string(target) + "/" + f.filename().string());
  CHECK(named == kRefusedAt.size());  // no expectation left without its input
  for (const fs::path& f : inputs("checkpoint")) {
    const auto files = split_files(slurp(f), "fuzz-replay-ck", 1);
    check_cli_run("explore scenarios/proto-lost-update.json --all --split 1 --resume " + files[0], files, f);
  }
  for (const fs::path& f : inputs("merge")) {
    const auto files = split_files(slurp(f), "fuzz-replay-shard", 3);
    std::string args = "merge";
    for (const std::string& file : files) args += " " + file;
    check_cli_run(args, files, f);
  }
}
