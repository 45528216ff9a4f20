// The dcsim binary as a user runs it: exit codes, a failure's schedule
// replayed from the printed text, byte-identical output across runs.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "dcsim_process.hpp"

using dcsim_test::dcsim;
using dcsim_test::Run;

namespace {

std::string slurp(const std::string& file) {
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string line_after(const std::string& text, const std::string& prefix) {
  auto at = text.find(prefix);
  if (at == std::string::npos) return "";
  at += prefix.size();
  return text.substr(at, text.find('\n', at) - at);
}

// The trace table: from the header row to the blank line after it.
std::string table(const std::string& text) {
  auto at = text.find(" step  thread");
  if (at == std::string::npos) return "";
  return text.substr(at, text.find("\n\n", at) - at);
}

}  // namespace

TEST_CASE("cli: explore finds the devfs and autofs races and replay reproduces them", "[cli]") {
  struct Want {
    const char* scenario;
    const char* says;
  };
  for (const Want& w : {Want{"scenarios/devfs-ls-rm.json", "cycle: ls -> rm -> ls"},
                        Want{"scenarios/autofs-create-deadlock.json", "cycle: Dm -> P2 -> Dm"},
                        Want{"scenarios/autofs-expire-enoent.json", "which it joined (type EXPIRE)"}}) {
    INFO(w.scenario);
    Run e = dcsim(std::string("explore ") + w.scenario);
    CHECK(e.status == 1);
    CHECK(e.out.find(w.says) != std::string::npos);
    const std::string replay = line_after(e.out, "replay with: dcsim ");
    REQUIRE(replay.find("--schedule ") != std::string::npos);
    Run r = dcsim(replay);
    CHECK(r.status == 1);
    REQUIRE_FALSE(table(e.out).empty());
    CHECK(table(r.out) == table(e.out));
    CHECK(r.out.find(w.says) != std::string::npos);
  }
}

TEST_CASE("cli: output is byte-identical across runs", "[cli][determinism]") {
  for (const char* args : {"explore scenarios/devfs-ls-rm.json --json",
                           "explore scenarios/devfs-revalidate-uaf.json --all --variant F2-refcounted",
                           "replay scenarios/devfs-ls-rm.json --format columns",
                           "check scenarios/devfs-ls-rm.json scenarios/devfs-revalidate-uaf.json",
                           "explore scenarios/autofs-expire-enoent.json --json",
                           "rules"}) {
    INFO(args);
    Run a = dcsim(args), b = dcsim(args);
    CHECK(a.status == b.status);
    CHECK_FALSE(a.out.empty());
    CHECK(a.out == b.out);
  }
}

TEST_CASE("cli: check passes every bundled scenario and variant", "[cli]") {
#if defined(__SANITIZE_ADDRESS__)
  // Under ASan the bounded NFS and autofs checks take minutes; their verdicts
  // are pinned by their own tests. Here: every devfs scenario and variant.
  Run c = dcsim("check scenarios/devfs-ls-rm.json scenarios/devfs-revalidate-uaf.json");
#else
  Run c = dcsim("check scenarios/");
#endif
  INFO(c.out);
  CHECK(c.status == 0);
  CHECK(c.out.find("FAIL") == std::string::npos);
  CHECK(c.out.find("ERROR") == std::string::npos);
  CHECK(c.out.find("devfs-ls-rm [F1]") != std::string::npos);
  CHECK(c.out.find(" 0 failed") != std::string::npos);
  CHECK(dcsim("check tests/").status == 2);  // no scenarios there
}

TEST_CASE("cli: exit codes for usage and input errors", "[cli]") {
  const std::string err = std::string(DCSIM_BINARY_DIR) + "/cli_test.stderr";
  CHECK(dcsim("--help").status == 0);
  CHECK(dcsim("explore --help").status == 0);
  CHECK(dcsim("").status == 2);
  CHECK(dcsim("frobnicate").status == 2);
  CHECK(dcsim("explore").status == 2);
  CHECK(dcsim("explore no/such/file.json", err).status == 2);
  CHECK(slurp(err).find("no/such/file.json") != std::string::npos);
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --rule bogus=1", err).status == 2);
  CHECK(slurp(err).find("unknown rule \"bogus\"") != std::string::npos);
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --rule devfs.lookup_info=heap", err).status == 2);
  CHECK(slurp(err).find("expected one of: stack, refcounted, no_touch_after_wake") != std::string::npos);
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --profile linux-9", err).status == 2);
  // devfs is modelled in E1 only: a profile of another era is bad input, not a crash.
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --profile linux-2.6.22", err).status == 2);
  CHECK(slurp(err).find("devfs is modelled in E1 only") != std::string::npos);
  CHECK(dcsim("bisect scenarios/devfs-ls-rm.json --profiles --from linux-4.7-rc6", err).status == 2);
  CHECK(slurp(err).find("runs only under the profiles of its era") != std::string::npos);
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --variant nope", err).status == 2);
  CHECK(dcsim("replay scenarios/devfs-ls-rm.json --schedule 7", err).status == 2);
  CHECK(slurp(err).find("names thread 7") != std::string::npos);
  CHECK(dcsim("replay scenarios/devfs-ls-rm.json --schedule 0x,1", err).status == 2);
  // Thread numbers and counts do not wrap (2^32 once ran as thread 0).
  for (const char* s : {"4294967296x1", "1000000000000", "0x18446744073709551615", "0x9000000,1x9000000"}) {
    INFO(s);
    CHECK(dcsim(std::string("replay scenarios/devfs-ls-rm.json --schedule ") + s, err).status == 2);
    CHECK(slurp(err).find("--schedule: bad schedule item") != std::string::npos);
  }
  CHECK(slurp(err).find("\"1x9000000\"") != std::string::npos);
  CHECK(dcsim("rules --profile linux-2.5.74").status == 0);
  CHECK(dcsim("rules --profile nope").status == 2);
}

TEST_CASE("cli: a malformed scenario names the file, the JSON path and what was expected", "[cli]") {
  const std::string dir = DCSIM_BINARY_DIR;
  const std::string bad = dir + "/cli_test_bad.json";
  const std::string err = dir + "/cli_test.stderr";
  {
    std::ofstream out(bad);
    out << R"({"name": "x", "profile": "linux-2.5.74", "expect": {"verdict": "ok"},
              "threads": [{"name": "a", "ops": [{"op": "stat", "path": "/dev"}]},
                          {"name": "b", "ops": [{"op": "stat", "path": "dev/foo"}]}]})";
  }
  Run r = dcsim("explore " + bad, err);
  CHECK(r.status == 2);
  const std::string msg = slurp(err);
  CHECK(msg.find(bad) != std::string::npos);
  CHECK(msg.find("/threads/1/ops/0/path") != std::string::npos);
  CHECK(msg.find("pattern") != std::string::npos);
}

TEST_CASE("cli: rules lists every rule with its documentation", "[cli]") {
  Run r = dcsim("rules");
  CHECK(r.status == 0);
  for (const char* s : {"devfs.reacquire_i_sem", "before_wake", "after_wake", "devfs.lookup_info",
                        "refcounted", "no_touch_after_wake", "linux-2.5.74", "linux-2.6.0-test1",
                        "autofs4.hash_in_lookup", "autofs4.unhashed_reuse", "rehash_list", "look_aside",
                        "autofs4.wait_match", "not historical", "linux-2.6.22", "linux-2.6.26-rc4",
                        "linux-2.6.27"})
    CHECK(r.out.find(s) != std::string::npos);
}

TEST_CASE("cli: explore --strategy pct prints its seed and bound, and the seed repeats it", "[cli][pct]") {
  const std::string args =
      "explore scenarios/devfs-ls-rm.json --strategy pct --seed 2 --depth 2 --no-trace";
  const Run a = dcsim(args);
  CHECK(a.status == 1);
  CHECK(a.out.find("search: pct (seed 2, depth 2)") != std::string::npos);
  CHECK(a.out.find("seed: 2 (--seed 2 repeats this run)") != std::string::npos);
  CHECK(a.out.find("with probability at least") != std::string::npos);
  CHECK(line_after(a.out, "first failure: ").rfind("deadlock", 0) == 0);
  CHECK(dcsim(args).out == a.out);
}

TEST_CASE("cli: explore --strategy dpor --all --json reports the DPOR fields", "[cli][dpor]") {
  const Run r = dcsim("explore scenarios/devfs-ls-rm.json --variant F1-F3 --strategy dpor --all --json");
  CHECK(r.status == 0);
  CHECK(r.out.find("\"strategy\": \"dpor\"") != std::string::npos);
  CHECK(r.out.find("\"blocked\":") != std::string::npos);
  CHECK(r.out.find("\"complete\": true") != std::string::npos);
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --strategy nope").status == 2);
}

TEST_CASE("cli: explore --bug-in and the scenario's expect.function", "[cli]") {
#if !defined(__SANITIZE_ADDRESS__)  // 6,000 DPOR executions twice: 20 s under ASan; the model test covers it
  // nfs-ls-splice names d_splice_alias: explore passes over the __d_rehash
  // BUGs of the same race; --bug-in any stops at the first of them.
  Run named = dcsim("explore scenarios/nfs-ls-splice.json --no-trace");
  CHECK(named.status == 1);
  CHECK(named.out.find("looking for: a failure raised in d_splice_alias") != std::string::npos);
  CHECK(named.out.find("BUG_ON(!d_unhashed(dentry)) in d_splice_alias") != std::string::npos);
  Run any = dcsim("explore scenarios/nfs-ls-splice.json --no-trace --bug-in any");
  CHECK(any.status == 1);
  CHECK(any.out.find("looking for:") == std::string::npos);
  CHECK(any.out.find("BUG_ON(!d_unhashed(entry)) in __d_rehash") != std::string::npos);
#endif
  // A function no failure is raised in: every execution explored, none reported.
  Run none = dcsim("explore scenarios/devfs-ls-rm.json --no-trace --bug-in d_splice_alias --json");
  auto j = nlohmann::json::parse(none.out);
  CHECK(j["failure"].is_null());
  CHECK(j["setup"]["failure_function"] == "d_splice_alias");
  CHECK(j["result"]["complete"] == true);
}
