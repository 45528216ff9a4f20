// explore --shard I/N and dcsim merge: the shards' reports merged are the
// unsharded report, byte for byte, in text and JSON; merge refuses (exit 2)
// shards that are missing, repeated, or of another search.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "dcsim_process.hpp"

using dcsim_test::dcsim;
using dcsim_test::Run;

namespace {
std::string out_file(const std::string& name) { return std::string(DCSIM_BINARY_DIR) + "/shard-test-" + name; }


// Runs the N shards of `args` with --json, each into its own file.
std::vector<std::string> shards(const std::string& args, int n, const std::string& tag) {
  return dcsim_test::run_shards(args, n, tag, out_file);
}

std::string joined(const std::vector<std::string>& files) {
  std::string out;
  for (const std::string& f : files) out += " " + f;
  return out;
}
}  // namespace

TEST_CASE("shard: merging every shard prints the unsharded report", "[cli][shard]") {
  // Searches large enough to be cut (the probe runs smaller ones whole).
  // Under ASan (slow): one search per kind of cut, the rest in the normal build.
  std::vector<std::string> cases = {
      "scenarios/devfs-ls-rm.json --strategy source-dpor --all",
      "scenarios/devfs-ls-rm.json --all",  // optimal DPOR
      "scenarios/autofs-expire-enoent.json --strategy bounded --all",
      "scenarios/devfs-ls-rm.json --strategy random --all --max-executions 400",
  };
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  cases.push_back("scenarios/devfs-revalidate-uaf.json --strategy dfs --all --max-executions 1500");
  cases.push_back("scenarios/devfs-revalidate-uaf.json --all --max-executions 1500");
  cases.push_back("scenarios/devfs-revalidate-uaf.json --all --max-total-steps 60000");
  cases.push_back("scenarios/autofs-expire-enoent-2lookups.json --all");  // bounded POR
  cases.push_back("scenarios/nfs-ls-race.json");  // bounded POR, to the first failure
  cases.push_back("scenarios/devfs-revalidate-uaf.json --variant F2-refcounted --strategy bounded --all");
  cases.push_back("scenarios/devfs-revalidate-uaf.json --strategy pct --seed 7");
#endif
  int tag = 0;
  for (const std::string& args : cases) {
    INFO(args);
    const std::vector<std::string> files = shards(args, 3, std::to_string(tag++));
    std::ifstream first(files[0]);
    CHECK(nlohmann::json::parse(first).at("search").at("units").get<int>() > 3);
    const Run json = dcsim("explore " + args + " --json"), text = dcsim("explore " + args);
    const Run merged_json = dcsim("merge --json" + joined(files));
    const Run merged_text = dcsim("merge " + files[2] + " " + files[0] + " " + files[1]);
    CHECK(merged_json.status == json.status);
    CHECK(merged_json.out == json.out);
    CHECK(merged_text.status == text.status);
    CHECK(merged_text.out == text.out);
    CHECK(text.out.find("executions: ") != std::string::npos);
  }
}

TEST_CASE("shard: merge refuses missing, repeated and foreign shards with exit 2", "[cli][shard]") {
  const std::string args = "scenarios/devfs-ls-rm.json --strategy source-dpor --all";
  const std::vector<std::string> files = shards(args, 3, "bad");
  const std::vector<std::string> other = shards("scenarios/devfs-ls-rm.json --strategy bounded --all --preemptions 1", 3, "other");
  const std::string err = out_file("merge-err.txt");
  auto stderr_text = [&] {
    std::ifstream in(err);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };

  CHECK(dcsim("merge " + files[0] + " " + files[1], err).status == 2);
  CHECK(stderr_text().find("missing shard 2/3") != std::string::npos);

  CHECK(dcsim("merge" + joined(files) + " " + files[1], err).status == 2);
  CHECK(stderr_text().find("shard 1/3 again") != std::string::npos);

  CHECK(dcsim("merge " + files[0] + " " + files[1] + " " + other[2], err).status == 2);
  CHECK(stderr_text().find("another search") != std::string::npos);

  const std::vector<std::string> four = shards(args, 4, "four");
  CHECK(dcsim("merge " + files[0] + " " + files[1] + " " + four[2], err).status == 2);

  const std::string junk = out_file("junk.json");
  dcsim_test::write_file(junk, "{\"dcsim_report\": 1, \"command\": \"explore\"}");
  CHECK(dcsim("merge " + junk, err).status == 2);
  CHECK(stderr_text().find("not a shard report") != std::string::npos);
  dcsim_test::write_file(junk, "not json");
  CHECK(dcsim("merge " + junk, err).status == 2);
  CHECK(dcsim("explore " + args + " --shard 3/3", err).status == 2);
  CHECK(dcsim("explore " + args + " --shard x", err).status == 2);
  // A time budget would make each shard's units depend on its own clock.
  CHECK(dcsim("explore " + args + " --shard 0/2 --max-time 5", err).status == 2);
  CHECK(stderr_text().find("--max-time") != std::string::npos);
}
