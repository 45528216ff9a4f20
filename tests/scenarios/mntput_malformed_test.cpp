// The loader on malformed E4 (mntput) scenarios: each error names the file,
// the JSON Pointer of the offending value and what was expected there.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/e4/spec.hpp"
#include "model/scenario/scenario.hpp"
#include "tests/scenarios/scenario_errors.hpp"

using dcsim::model::load_scenario_text;
using dcsim::model::ScenarioError;
using nlohmann::json;
using dcsim_test::check_error;
using dcsim_test::load_error;

namespace {

const std::string& kFile = dcsim_test::kBadFile;

// Threads: 0 T, 1 U, 2 kworker/0 (system_wq's worker, a daemon).
constexpr std::string_view kBase = R"json({
  "name": "mntput-base",
  "profile": "linux-3.14",
  "setup": {
    "locks": ["L"],
    "fs_types": [{"name": "xfs", "module": "xfsmod", "kill_sb": {"locks": ["L"], "io": true, "stack": 5000}}],
    "vfsmounts": [{"name": "data", "fs": "xfs", "refs": {"T": 1}},
                  {"name": "kmnt", "fs": "xfs", "internal": true}]
  },
  "threads": [
    {"name": "T", "stack_depth": 6000, "ops": [{"op": "mntput", "mount": "data", "holding": ["L"]}]},
    {"name": "U", "kthread": true, "ops": [{"op": "umount", "mount": "data", "lazy": true}]}
  ],
  "expect": {"verdict": "ok"}
})json";

json base() { return json::parse(kBase); }


}  // namespace

TEST_CASE("mntput malformed: the base scenario loads, kworker/0 after the threads", "[malformed][mntput]") {
  const dcsim::model::Scenario s = load_scenario_text(std::string(kBase), kFile);
  namespace e4 = dcsim::model::e4;
  CHECK(e4::mnt_setup(s).vfsmounts.size() == 2);
  CHECK(e4::mnt_thread(s.threads[0]).stack_depth == 6000);
  CHECK(e4::mnt_thread(s.threads[0]).stack_size == 8192);
  CHECK(e4::mnt_thread(s.threads[1]).kthread);
  CHECK(s.thread_names() == std::vector<std::string>{"T", "U", "kworker/0"});
  json doc = base();
  doc["schedule"] = "0,1,2";
  CHECK_NOTHROW(load_scenario_text(doc.dump(), kFile));
  doc["schedule"] = "0,3";
  check_error(doc, "/schedule", {"thread numbers 0..2"});
}

TEST_CASE("mntput malformed: set-up", "[malformed][mntput]") {
  SECTION("a mount of an unknown type") {
    json doc = base();
    doc["setup"]["vfsmounts"][1]["fs"] = "ext4";
    check_error(doc, "/setup/vfsmounts/1/fs", {"a file system type of /setup/fs_types", "xfs", "\"ext4\""});
  }
  SECTION("two mounts of one name") {
    json doc = base();
    doc["setup"]["vfsmounts"][1]["name"] = "data";
    check_error(doc, "/setup/vfsmounts/1/name", {"distinct mount names", "\"data\""});
  }
  SECTION("two types of one name") {
    json doc = base();
    doc["setup"]["fs_types"].push_back({{"name", "xfs"}});
    check_error(doc, "/setup/fs_types/1/name", {"distinct file system type names"});
  }
  SECTION("->kill_sb takes an unknown lock") {
    json doc = base();
    doc["setup"]["fs_types"][0]["kill_sb"]["locks"] = {"L", "M"};
    check_error(doc, "/setup/fs_types/0/kill_sb/locks/1", {"a lock listed in /setup/locks", "\"M\""});
  }
  SECTION("a lock listed twice") {
    json doc = base();
    doc["setup"]["locks"] = {"L", "L"};
    check_error(doc, "/setup/locks/1", {"distinct lock names"});
  }
  SECTION("references held by a thread that does not exist") {
    json doc = base();
    doc["setup"]["vfsmounts"][0]["refs"] = {{"X", 1}};
    check_error(doc, "/setup/vfsmounts/0/refs/X", {"the name of a scenario thread", "\"X\""});
  }
  SECTION("a reference count out of range (schema)") {
    json doc = base();
    doc["setup"]["vfsmounts"][0]["refs"] = {{"T", 0}};
    check_error(doc, "/setup/vfsmounts/0/refs/T", {});
  }
  SECTION("an unknown property of a mount (schema)") {
    json doc = base();
    doc["setup"]["vfsmounts"][0]["bind"] = true;
    check_error(doc, "/setup/vfsmounts/0/bind", {"unknown property \"bind\""});
  }
  SECTION("a negative ->kill_sb stack (schema)") {
    json doc = base();
    doc["setup"]["fs_types"][0]["kill_sb"]["stack"] = -1;
    check_error(doc, "/setup/fs_types/0/kill_sb/stack", {});
  }
}

TEST_CASE("mntput malformed: threads and ops", "[malformed][mntput]") {
  SECTION("a depth beyond the stack") {
    json doc = base();
    doc["threads"][0]["stack_size"] = 4096;
    check_error(doc, "/threads/0/stack_depth", {"a depth below the thread's stack_size (4096)", "6000"});
  }
  SECTION("an op's depth beyond the stack") {
    json doc = base();
    doc["threads"][0]["ops"][0]["stack_depth"] = 9000;
    check_error(doc, "/threads/0/ops/0/stack_depth", {"below the thread's stack_size (8192)", "9000"});
  }
  SECTION("a stack too small (schema)") {
    json doc = base();
    doc["threads"][0]["stack_size"] = 100;
    check_error(doc, "/threads/0/stack_size", {});
  }
  SECTION("kthread not a boolean (schema)") {
    json doc = base();
    doc["threads"][1]["kthread"] = "yes";
    check_error(doc, "/threads/1/kthread", {});
  }
  SECTION("an op on an unknown mount") {
    json doc = base();
    doc["threads"][1]["ops"][0]["mount"] = "home";
    check_error(doc, "/threads/1/ops/0/mount", {"a mount of /setup/vfsmounts", "data, kmnt", "\"home\""});
  }
  SECTION("holding an unknown lock") {
    json doc = base();
    doc["threads"][0]["ops"][0]["holding"] = {"M"};
    check_error(doc, "/threads/0/ops/0/holding/0", {"a lock listed in /setup/locks", "\"M\""});
  }
  SECTION("holding a lock twice") {
    json doc = base();
    doc["threads"][0]["ops"][0]["holding"] = {"L", "L"};
    check_error(doc, "/threads/0/ops/0/holding/1", {"distinct locks"});
  }
  SECTION("mntput of a reference the thread does not hold") {
    json doc = base();
    doc["threads"][1]["ops"].push_back({{"op", "mntput"}, {"mount", "data"}});
    check_error(doc, "/threads/1/ops/1/mount", {"a mount U holds a reference to", "\"data\" has none left"});
  }
  SECTION("mntput once too often") {
    json doc = base();
    doc["threads"][0]["ops"].push_back({{"op", "mntput"}, {"mount", "data"}});
    check_error(doc, "/threads/0/ops/1/mount", {"none left"});
  }
  SECTION("umount of an internal mount") {
    json doc = base();
    doc["threads"][1]["ops"][0]["mount"] = "kmnt";
    check_error(doc, "/threads/1/ops/0/mount", {"\"kmnt\" is internal (use kern_unmount)"});
  }
  SECTION("a path walk into an internal mount") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "path_walk"}, {"mount", "kmnt"}};
    check_error(doc, "/threads/1/ops/0/mount", {"a mount a path walk can reach"});
  }
  SECTION("kern_unmount of a mount in the namespace") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "kern_unmount"}, {"mount", "data"}};
    check_error(doc, "/threads/1/ops/0/mount", {"an internal (kern_mount) mount", "(use umount)"});
  }
  SECTION("kern_unmount twice") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "kern_unmount"}, {"mount", "kmnt"}};
    doc["threads"][0]["ops"].push_back({{"op", "kern_unmount"}, {"mount", "kmnt"}});
    check_error(doc, "/threads/1/ops/0/mount", {"not kern_unmount()ed already; /threads/0/ops/1 does it"});
  }
  SECTION("kern_mount of a mount that is mounted at the start") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "kern_mount"}, {"mount", "kmnt"}};
    check_error(doc, "/threads/1/ops/0/mount", {"a mount set up with \"mounted\": false"});
  }
  SECTION("\"mounted\": false on a mount in the namespace") {
    json doc = base();
    doc["setup"]["vfsmounts"][0]["mounted"] = false;
    check_error(doc, "/setup/vfsmounts/0/mounted", {"only on an internal mount"});
  }
  SECTION("kern_unmount of a mount kern_mount()ed by another thread") {
    json doc = base();
    doc["setup"]["vfsmounts"][1]["mounted"] = false;
    doc["threads"][0]["ops"].push_back({{"op", "kern_mount"}, {"mount", "kmnt"}});
    doc["threads"][1]["ops"][0] = {{"op", "kern_unmount"}, {"mount", "kmnt"}};
    check_error(doc, "/threads/1/ops/0/mount", {"a mount this thread kern_mount()ed before"});
  }
  SECTION("kern_mount twice") {
    json doc = base();
    doc["setup"]["vfsmounts"][1]["mounted"] = false;
    doc["threads"][1]["ops"] = {{{"op", "kern_mount"}, {"mount", "kmnt"}}, {{"op", "kern_mount"}, {"mount", "kmnt"}}};
    check_error(doc, "/threads/1/ops/1/mount", {"not kern_mount()ed already; /threads/1/ops/0 does it"});
  }
  SECTION("flush_filesystem of an unknown type") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "flush_filesystem"}, {"fs", "ext4"}};
    check_error(doc, "/threads/1/ops/0/fs", {"a file system type of /setup/fs_types", "\"ext4\""});
  }
  SECTION("unloading a module that owns no file system type") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "module_unload"}, {"module", "ext4"}};
    check_error(doc, "/threads/1/ops/0/module", {"modules: xfsmod", "\"ext4\""});
  }
  SECTION("lazy not a boolean (schema)") {
    json doc = base();
    doc["threads"][1]["ops"][0]["lazy"] = "yes";
    const ScenarioError e = load_error(doc);
    INFO("what(): " << e.what());
    CHECK(e.path().rfind("/threads/1/ops/0", 0) == 0);
  }
  SECTION("an op without its mount (schema)") {
    json doc = base();
    doc["threads"][1]["ops"][0].erase("mount");
    const ScenarioError e = load_error(doc);
    INFO("what(): " << e.what());
    CHECK(e.path().rfind("/threads/1/ops/0", 0) == 0);
  }
}

TEST_CASE("mntput malformed: eras", "[malformed][mntput]") {
  SECTION("mounts and super blocks under an E1 profile") {
    json doc = base();
    doc["profile"] = "linux-2.5.74";
    check_error(doc, "/profile", {"a profile of era E4", "linux-3.14, linux-3.18", "mntput is modelled in E4 only"});
  }
  SECTION("a variant of another era") {
    json doc = base();
    doc["variants"] = {{{"name", "old"}, {"profile", "linux-2.6.22"}, {"expect", {{"verdict", "ok"}}}}};
    check_error(doc, "/variants/0/profile", {"a profile of era E4"});
  }
  SECTION("a path-walk op of E1 under an E4 profile") {
    json doc = base();
    doc["threads"][1]["ops"][0] = {{"op", "stat"}, {"path", "/data"}};
    check_error(doc, "/threads/1/ops/0/op", {"under an E4 profile", "\"stat\" is not modelled in E4"});
  }
  SECTION("an E4 op in a scenario of another era") {
    json doc = json::parse(R"json({"name": "x", "profile": "linux-2.6.22",
      "setup": {"dirs": ["/d"]},
      "threads": [{"name": "T", "ops": [{"op": "stat", "path": "/d"}, {"op": "mntput", "mount": "m"}]}],
      "expect": {"verdict": "ok"}})json");
    check_error(doc, "/threads/0/ops/1/op", {"\"mntput\" needs an E4 profile (linux-3.14, linux-3.18)"});
  }
  SECTION("an E4 profile for a scenario without mounts") {
    json doc = json::parse(R"json({"name": "x", "profile": "linux-3.18",
      "setup": {"dirs": ["/d"]},
      "threads": [{"name": "T", "ops": [{"op": "stat", "path": "/d"}]}],
      "expect": {"verdict": "ok"}})json");
    check_error(doc, "/profile", {"setup.vfsmounts or setup.fs_types under an E4 profile"});
  }
}
