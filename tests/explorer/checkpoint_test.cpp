// explore --checkpoint / --resume: a run interrupted (here by
// --stop-after-units, which acts as SIGINT does) exits 130 with a partial
// report and a checkpoint; resumed, it prints exactly the report of a run
// that was never interrupted. A checkpoint of another search is refused.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "dcsim_process.hpp"

using dcsim_test::dcsim;
using dcsim_test::Run;

namespace {
std::string out_file(const std::string& name) { return std::string(DCSIM_BINARY_DIR) + "/checkpoint-test-" + name; }
}  // namespace

TEST_CASE("checkpoint: an interrupted run resumed gives the uninterrupted report", "[cli][checkpoint]") {
  // Searches large enough to be cut (the probe runs smaller ones whole).
  std::vector<std::string> cases = {
      "scenarios/devfs-ls-rm.json --strategy source-dpor --all",
      "scenarios/devfs-revalidate-uaf.json --all",  // optimal DPOR
  };
  std::vector<std::string> formats = {" --json"};
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  cases.push_back("scenarios/autofs-expire-enoent.json --strategy bounded --all");
  cases.push_back("scenarios/autofs-expire-enoent-2lookups.json --all");  // bounded POR
  formats.push_back("");
#endif
  int tag = 0;
  for (const std::string& args : cases) {
    for (const std::string& format : formats) {
      INFO(args << format);
      const std::string ck = out_file(std::to_string(tag++) + ".json");
      std::remove(ck.c_str());
      const Run whole = dcsim("explore " + args + format);
      const Run part = dcsim("explore " + args + format + " --checkpoint " + ck + " --stop-after-units 2");
      CHECK(part.status == 130);
      CHECK(part.out.find("interrupted") != std::string::npos);
      CHECK(part.out.find("--resume " + ck) != std::string::npos);
      // Resumed twice over: first interrupted again, then to the end.
      const Run again = dcsim("explore " + args + format + " --resume " + ck + " --stop-after-units 3");
      CHECK(again.status == 130);
      const Run resumed = dcsim("explore " + args + format + " --resume " + ck + " --jobs 2");
      CHECK(resumed.status == whole.status);
      CHECK(resumed.out == whole.out);
    }
  }
}

TEST_CASE("checkpoint: resuming another search's checkpoint is refused with exit 2", "[cli][checkpoint]") {
  const std::string ck = out_file("other.json");
  std::remove(ck.c_str());
  const std::string args = "scenarios/devfs-ls-rm.json --strategy source-dpor --all";
  CHECK(dcsim("explore " + args + " --checkpoint " + ck + " --stop-after-units 1").status == 130);
  CHECK(dcsim("explore " + args + " --split 8 --resume " + ck).status == 2);
  CHECK(dcsim("explore scenarios/devfs-revalidate-uaf.json --strategy source-dpor --all --resume " + ck).status == 2);
  CHECK(dcsim("explore " + args + " --shard 0/2 --resume " + ck).status == 2);
  CHECK(dcsim("explore " + args + " --resume " + out_file("does-not-exist.json")).status == 2);
  CHECK(dcsim("explore " + args + " --resume " + ck).status == 1);
}
