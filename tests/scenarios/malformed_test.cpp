// The scenario loader on bad input: every malformed scenario is rejected
// with a ScenarioError that names the file, the JSON Pointer of the
// offending value and what was expected there, and no input makes it throw
// anything else (or crash).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/scenario/scenario.hpp"
#include "tests/scenarios/scenario_errors.hpp"

using dcsim::model::load_scenario_file;
using dcsim::model::load_scenario_text;
using dcsim::model::Scenario;
using dcsim::model::ScenarioError;
using nlohmann::json;

namespace {

const std::string& kFile = dcsim_test::kBadFile;
using dcsim_test::check_error;
using dcsim_test::check_text_error;
using dcsim_test::load_text_error;

// A copy of scenarios/devfs-ls-rm.json, the base every case mutates.
// Threads: 0 ls, 1 rm, 2 devfsd (the daemon the devfs mount starts).
constexpr std::string_view kBase = R"json({
  "name": "devfs-ls-rm",
  "description": "Seed 003, Race A: ls /dev/foo & rm -f /dev/foo with devfsd running.",
  "profile": "linux-2.5.74",
  "setup": {
    "mounts": [{"fs": "devfs", "at": "/dev", "entries": ["null"], "devfsd": true}]
  },
  "threads": [
    {"name": "ls", "ops": [{"op": "lstat", "path": "/dev/foo", "expect": "ENOENT"}]},
    {"name": "rm", "ops": [{"op": "unlink", "path": "/dev/foo", "expect": "ENOENT"}]}
  ],
  "bounds": {"max_steps": 500, "preemptions": 2},
  "expect": {"verdict": "deadlock"},
  "variants": [
    {"name": "F1", "rules": {"devfs.reacquire_i_sem": "after_wake"}, "expect": {"verdict": "ok"}},
    {"name": "2.6.0-test1", "profile": "linux-2.6.0-test1", "expect": {"verdict": "ok"}}
  ]
})json";

json base() { return json::parse(kBase); }

// The op of the open(2) tests replaces ls's lstat.
json with_open(json flags) {
  json doc = base();
  doc["threads"][0]["ops"][0] = {{"op", "open"}, {"path", "/dev/foo"}, {"flags", std::move(flags)}};
  return doc;
}

// Only the path's start is stable for errors deep inside junk.
void check_error_under(std::string_view text, const std::string& prefix, std::string_view word) {
  const ScenarioError e = load_text_error(text);
  INFO("what(): " << e.what());
  CHECK(e.file() == kFile);
  CHECK(e.path().rfind(prefix, 0) == 0);
  CHECK(e.path().size() < 1000);
  CHECK_THAT(e.expected(), Catch::Matchers::Contains(std::string(word)));
}

}  // namespace

TEST_CASE("malformed: the base scenario itself loads") {
  const Scenario s = load_scenario_text(kBase, kFile);
  CHECK(s.file == kFile);
  CHECK(s.thread_names() == std::vector<std::string>{"ls", "rm", "devfsd"});
}

TEST_CASE("malformed: bundled scenario files load, with the name passed in") {
  const std::filesystem::path dir = std::filesystem::path(DCSIM_SOURCE_DIR) / "scenarios";
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 2);
  for (const std::string& file : files) {
    INFO(file);
    Scenario s;
    REQUIRE_NOTHROW(s = load_scenario_file(file));
    CHECK(s.file == file);
  }
}

TEST_CASE("malformed: an unreadable file names itself") {
  const std::string file = std::string(DCSIM_SOURCE_DIR) + "/scenarios/no-such-scenario.json";
  try {
    load_scenario_file(file);
    FAIL("loaded a file that does not exist");
  } catch (const ScenarioError& e) {
    CHECK(e.file() == file);
    CHECK(e.path() == "");
    CHECK_THAT(e.expected(), Catch::Matchers::Contains("readable"));
  }
}

TEST_CASE("malformed: not a JSON object") {
  SECTION("not JSON at all") { check_text_error("hello, world", "", {"not valid JSON"}); }
  SECTION("empty text") { check_text_error("", "", {"not valid JSON"}); }
  SECTION("truncated JSON") { check_text_error(kBase.substr(0, kBase.size() / 2), "", {"not valid JSON"}); }
  SECTION("trailing garbage") { check_text_error(std::string(kBase) + "}", "", {"not valid JSON"}); }
  SECTION("ill-formed UTF-8") { check_text_error("{\"name\": \"\xff\xfe\"}", "", {"not valid JSON"}); }
  SECTION("a number too large for a double") {
    std::string text(kBase);
    text.replace(text.find("500"), 3, "1e400");
    check_text_error(text, "", {"not valid JSON", "1e400"});
  }
  SECTION("top level an array") { check_error(json::array({base()}), "", {"expected an object", "got an array"}); }
  SECTION("top level null") { check_text_error("null", "", {"expected an object", "got null"}); }
}

TEST_CASE("malformed: top-level properties") {
  json doc = base();
  SECTION("missing name") {
    doc.erase("name");
    check_error(doc, "/name", {"missing required property", "a string"});
  }
  SECTION("missing profile") {
    doc.erase("profile");
    check_error(doc, "/profile", {"missing required property", "a string"});
  }
  SECTION("missing threads") {
    doc.erase("threads");
    check_error(doc, "/threads", {"missing required property", "an array"});
  }
  SECTION("missing expect") {
    doc.erase("expect");
    check_error(doc, "/expect", {"missing required property", "an object"});
  }
  SECTION("threads is a string") {
    doc["threads"] = "ls, rm";
    check_error(doc, "/threads", {"expected an array", "got a string"});
  }
  SECTION("threads is null") {
    doc["threads"] = nullptr;
    check_error(doc, "/threads", {"expected an array", "got null"});
  }
  SECTION("no threads") {
    doc["threads"] = json::array();
    check_error(doc, "/threads", {"at least 1 item"});
  }
  SECTION("name is a number") {
    doc["name"] = 42;
    check_error(doc, "/name", {"expected a string", "got an integer"});
  }
  SECTION("name with a space") {
    doc["name"] = "devfs ls rm";
    check_error(doc, "/name", {"pattern", "devfs ls rm"});
  }
  SECTION("unknown property") {
    doc["seed"] = 3;
    check_error(doc, "/seed", {"unknown property \"seed\"", "name", "profile", "threads", "variants"});
  }
}

TEST_CASE("malformed: ops") {
  json doc = base();
  json& ls_op = doc["threads"][0]["ops"][0];
  json& rm_op = doc["threads"][1]["ops"][0];
  SECTION("unknown op") {
    ls_op["op"] = "stats";
    check_error(doc, "/threads/0/ops/0/op", {"stat, lstat, open, unlink, mkdir, rmdir", "\"stats\""});
  }
  SECTION("missing op") {
    ls_op.erase("op");
    check_error(doc, "/threads/0/ops/0/op", {"missing required property", "stat, lstat, open, unlink, mkdir, rmdir"});
  }
  SECTION("op is a number") {
    ls_op["op"] = 4;
    check_error(doc, "/threads/0/ops/0/op", {"stat, lstat, open", "got 4"});
  }
  SECTION("missing path") {
    ls_op.erase("path");
    check_error(doc, "/threads/0/ops/0/path", {"missing required property", "a string"});
  }
  SECTION("relative path") {
    rm_op["path"] = "dev/foo";
    check_error(doc, "/threads/1/ops/0/path", {"pattern", "\"dev/foo\""});
  }
  SECTION("path with a .. component") {
    rm_op["path"] = "/dev/../dev/foo";
    check_error(doc, "/threads/1/ops/0/path", {"without . or .. components"});
  }
  SECTION("path with a . component") {
    rm_op["path"] = "/dev/./foo";
    check_error(doc, "/threads/1/ops/0/path", {"without . or .. components"});
  }
  SECTION("path with a trailing slash") {
    rm_op["path"] = "/dev/foo/";
    check_error(doc, "/threads/1/ops/0/path", {"pattern", "\"/dev/foo/\""});
  }
  SECTION("path with an empty component") {
    rm_op["path"] = "/dev//foo";
    check_error(doc, "/threads/1/ops/0/path", {"pattern", "\"/dev//foo\""});
  }
  SECTION("the root as a path") {
    rm_op["path"] = "/";
    check_error(doc, "/threads/1/ops/0/path", {"pattern"});
  }
  SECTION("unknown errno name") {
    ls_op["expect"] = "ENOPE";
    check_error(doc, "/threads/0/ops/0/expect", {"0 or an errno name", "ENOENT", "EEXIST", "\"ENOPE\""});
  }
  SECTION("integer expect other than 0") {
    ls_op["expect"] = 5;
    check_error(doc, "/threads/0/ops/0/expect", {"0 or an errno name", "got 5"});
  }
  SECTION("negative errno") {
    ls_op["expect"] = -2;
    check_error(doc, "/threads/0/ops/0/expect", {"0 or an errno name", "got -2"});
  }
  SECTION("expect is a boolean") {
    ls_op["expect"] = false;
    check_error(doc, "/threads/0/ops/0/expect", {"a string or an integer", "got a boolean"});
  }
  SECTION("property the op does not take") {
    ls_op["flags"] = {"O_CREAT"};
    check_error(doc, "/threads/0/ops/0/flags", {"unknown property \"flags\"", "expect, op, path"});
  }
  SECTION("thread without ops") {
    doc["threads"][1]["ops"] = json::array();
    check_error(doc, "/threads/1/ops", {"at least 1 item"});
  }
}

TEST_CASE("malformed: open flags") {
  SECTION("O_EXCL without O_CREAT") {
    check_error(with_open({"O_EXCL"}), "/threads/0/ops/0/flags", {"O_EXCL only together with O_CREAT"});
  }
  SECTION("a flag that does not exist") {
    check_error(with_open({"O_CREAT", "O_TRUNC"}), "/threads/0/ops/0/flags/1",
                {"O_RDONLY, O_CREAT, O_EXCL, O_DIRECTORY", "\"O_TRUNC\""});
  }
  SECTION("flags as a string") {
    check_error(with_open("O_CREAT"), "/threads/0/ops/0/flags", {"expected an array", "got a string"});
  }
  SECTION("a flag as a number") {
    check_error(with_open({64}), "/threads/0/ops/0/flags/0", {"O_RDONLY, O_CREAT", "got 64"});
  }
  SECTION("O_CREAT|O_EXCL is fine") {
    CHECK_NOTHROW(load_scenario_text(with_open({"O_CREAT", "O_EXCL"}).dump(), kFile));
  }
}

TEST_CASE("malformed: thread names") {
  json doc = base();
  SECTION("duplicate thread name") {
    doc["threads"][1]["name"] = "ls";
    check_error(doc, "/threads/1/name", {"not used by another thread", "\"ls\" is taken"});
  }
  SECTION("the daemon's name") {
    doc["threads"][0]["name"] = "devfsd";
    check_error(doc, "/threads/0/name", {"not used by another thread or daemon", "\"devfsd\""});
  }
  SECTION("missing thread name") {
    doc["threads"][0].erase("name");
    check_error(doc, "/threads/0/name", {"missing required property", "a string"});
  }
  SECTION("unknown thread property") {
    doc["threads"][0]["priority"] = 1;
    check_error(doc, "/threads/0/priority", {"unknown property \"priority\"", "name, ops"});
  }
}

TEST_CASE("malformed: profile and rules") {
  json doc = base();
  SECTION("unknown profile") {
    doc["profile"] = "linux-2.4.20";
    check_error(doc, "/profile", {"unknown profile \"linux-2.4.20\"", "linux-2.5.74", "linux-2.6.0-test1"});
  }
  SECTION("empty profile") {
    doc["profile"] = "";
    check_error(doc, "/profile", {"at least 1 character"});
  }
  SECTION("unknown rule") {
    doc["rules"] = {{"devfs.nope", "stack"}};
    check_error(doc, "/rules/devfs.nope",
                {"unknown rule \"devfs.nope\"", "devfs.reacquire_i_sem", "devfs.lookup_info"});
  }
  SECTION("unknown rule whose name needs escaping") {
    doc["rules"] = {{"devfs/nope~", "stack"}};
    check_error(doc, "/rules/devfs~1nope~0", {"unknown rule \"devfs/nope~\""});
  }
  SECTION("bad rule value") {
    doc["rules"] = {{"devfs.reacquire_i_sem", "sometimes"}};
    check_error(doc, "/rules/devfs.reacquire_i_sem", {"\"sometimes\"", "before_wake", "after_wake"});
  }
  SECTION("a value of another rule") {
    doc["rules"] = {{"devfs.lookup_info", "after_wake"}};
    check_error(doc, "/rules/devfs.lookup_info", {"stack", "refcounted", "no_touch_after_wake"});
  }
  SECTION("rule value not a string") {
    doc["rules"] = {{"devfs.reacquire_i_sem", true}};
    check_error(doc, "/rules/devfs.reacquire_i_sem", {"expected a string", "got a boolean"});
  }
  SECTION("rules not an object") {
    doc["rules"] = {"devfs.reacquire_i_sem"};
    check_error(doc, "/rules", {"expected an object", "got an array"});
  }
}

TEST_CASE("malformed: bounds") {
  json doc = base();
  SECTION("negative preemption bound") {
    doc["bounds"]["preemptions"] = -1;
    check_error(doc, "/bounds/preemptions", {">= 0", "got -1"});
  }
  SECTION("zero max_steps") {
    doc["bounds"]["max_steps"] = 0;
    check_error(doc, "/bounds/max_steps", {">= 1", "got 0"});
  }
  SECTION("zero max_executions") {
    doc["bounds"]["max_executions"] = 0;
    check_error(doc, "/bounds/max_executions", {">= 1"});
  }
  SECTION("fractional max_steps") {
    doc["bounds"]["max_steps"] = 2.5;
    check_error(doc, "/bounds/max_steps", {"expected an integer", "got a number"});
  }
  SECTION("max_steps as a string") {
    doc["bounds"]["max_steps"] = "500";
    check_error(doc, "/bounds/max_steps", {"expected an integer", "got a string"});
  }
  SECTION("unknown bound") {
    doc["bounds"]["max_depth"] = 10;
    check_error(doc, "/bounds/max_depth", {"unknown property \"max_depth\"", "max_executions, max_steps, preemptions"});
  }
}

TEST_CASE("malformed: schedule") {
  json doc = base();
  SECTION("a thread that does not exist") {
    doc["schedule"] = "0,5";
    check_error(doc, "/schedule", {"thread numbers 0..2", "item 2", "thread 5"});
  }
  SECTION("the first number past the daemon") {
    doc["schedule"] = "0x3,1,3";
    check_error(doc, "/schedule", {"thread numbers 0..2", "item 3"});
  }
  SECTION("an empty item") {
    doc["schedule"] = "0,,1";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 2 is \"\""});
  }
  SECTION("a trailing comma") {
    doc["schedule"] = "0,1,";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 3 is \"\""});
  }
  SECTION("a letter") {
    doc["schedule"] = "a1";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 1 is \"a1\""});
  }
  SECTION("a letter after the number") {
    doc["schedule"] = "0,1a";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 2 is \"1a\""});
  }
  SECTION("a repeat without a count") {
    doc["schedule"] = "0x";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 1 is \"0x\""});
  }
  SECTION("two repeats") {
    doc["schedule"] = "0x2x3";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 1 is \"0x2x3\""});
  }
  SECTION("spaces") {
    doc["schedule"] = "0, 1";
    check_error(doc, "/schedule", {"THREADxCOUNT", "item 2 is \" 1\""});
  }
  SECTION("zero repeat count") {
    doc["schedule"] = "1x0";
    check_error(doc, "/schedule", {"repeat count from 1 to 10000000", "item 1"});
  }
  SECTION("a thread number beyond 64 bits") {
    doc["schedule"] = "99999999999999999999999";
    check_error(doc, "/schedule", {"fit in 32 bits", "item 1"});
  }
  SECTION("a repeat count beyond 32 bits") {
    doc["schedule"] = "0x4294967296";
    check_error(doc, "/schedule", {"fit in 32 bits"});
  }
  SECTION("not a string") {
    doc["schedule"] = json::array({0, 1});
    check_error(doc, "/schedule", {"expected a string", "got an array"});
  }
  SECTION("well-formed schedules load") {
    for (const char* schedule : {"", "0", "0x9,1x4,2", "2,1,0"}) {
      INFO(schedule);
      doc["schedule"] = schedule;
      CHECK(load_scenario_text(doc.dump(), kFile).schedule == schedule);
    }
  }
}

TEST_CASE("malformed: expect") {
  json doc = base();
  SECTION("unknown verdict") {
    doc["expect"]["verdict"] = "crash";
    check_error(doc, "/expect/verdict", {"ok, deadlock, bug, use-after-free, expectation, step-bound", "\"crash\""});
  }
  SECTION("missing verdict") {
    doc["expect"] = json::object();
    check_error(doc, "/expect/verdict", {"missing required property"});
  }
  SECTION("verdict as a string instead of an object") {
    doc["expect"] = "deadlock";
    check_error(doc, "/expect", {"expected an object", "got a string"});
  }
  SECTION("unknown verdict in a variant") {
    doc["variants"][1]["expect"]["verdict"] = "fine";
    check_error(doc, "/variants/1/expect/verdict", {"ok, deadlock", "\"fine\""});
  }
}

TEST_CASE("malformed: setup") {
  json doc = base();
  json& mount = doc["setup"]["mounts"][0];
  SECTION("unknown file-system type") {
    mount["fs"] = "ext2";
    check_error(doc, "/setup/mounts/0/fs", {"devfs", "\"ext2\""});
  }
  SECTION("mount without a type") {
    mount.erase("fs");
    check_error(doc, "/setup/mounts/0/fs", {"missing required property", "devfs"});
  }
  SECTION("mount without a mount point") {
    mount.erase("at");
    check_error(doc, "/setup/mounts/0/at", {"missing required property"});
  }
  SECTION("mount point whose parent does not exist") {
    mount["at"] = "/mnt/dev";
    check_error(doc, "/setup/mounts/0/at", {"parent directory /mnt exists", "/setup/dirs"});
  }
  SECTION("mount point that already exists") {
    doc["setup"]["dirs"] = {"/dev"};
    check_error(doc, "/setup/mounts/0/at", {"not already created", "/dev exists"});
  }
  SECTION("file whose parent directory does not exist") {
    doc["setup"]["files"] = {"/etc/passwd"};
    check_error(doc, "/setup/files/0", {"parent directory /etc exists"});
  }
  SECTION("directory listed after its child") {
    doc["setup"]["dirs"] = {"/tmp/a", "/tmp"};
    check_error(doc, "/setup/dirs/0", {"parent directory /tmp exists", "before /tmp/a"});
  }
  SECTION("directory listed twice") {
    doc["setup"]["dirs"] = {"/tmp", "/tmp"};
    check_error(doc, "/setup/dirs/1", {"not already created", "/tmp exists"});
  }
  SECTION("setup path with a .. component") {
    doc["setup"]["dirs"] = {"/tmp", "/tmp/.."};
    check_error(doc, "/setup/dirs/1", {"without . or .. components"});
  }
  SECTION("setup path without a leading slash") {
    doc["setup"]["files"] = {"etc"};
    check_error(doc, "/setup/files/0", {"pattern", "\"etc\""});
  }
  SECTION("duplicate entry names") {
    mount["entries"] = {"null", "zero", "null"};
    check_error(doc, "/setup/mounts/0/entries/2", {"distinct entry names", "\"null\" is listed twice"});
  }
  SECTION("entry name with a slash") {
    mount["entries"] = {"misc/rtc"};
    check_error(doc, "/setup/mounts/0/entries/0", {"pattern"});
  }
  SECTION("devfsd not a boolean") {
    mount["devfsd"] = "yes";
    check_error(doc, "/setup/mounts/0/devfsd", {"expected a boolean", "got a string"});
  }
  SECTION("unknown setup property") {
    doc["setup"]["links"] = json::array();
    check_error(doc, "/setup/links", {"unknown property \"links\"", "dirs, files, fs_types, locks, mounts"});
  }
}

TEST_CASE("malformed: variants") {
  json doc = base();
  SECTION("duplicate variant names") {
    doc["variants"][1]["name"] = "F1";
    check_error(doc, "/variants/1/name", {"distinct variant names", "\"F1\" is used twice"});
  }
  SECTION("unknown profile in a variant") {
    doc["variants"][0]["profile"] = "linux-9.9";
    check_error(doc, "/variants/0/profile", {"unknown profile \"linux-9.9\"", "linux-2.5.74"});
  }
  SECTION("unknown rule in a variant") {
    doc["variants"][0]["rules"] = {{"devfs.nope", "after_wake"}};
    check_error(doc, "/variants/0/rules/devfs.nope", {"unknown rule \"devfs.nope\"", "devfs.reacquire_i_sem"});
  }
  SECTION("bad rule value in a variant") {
    doc["variants"][0]["rules"]["devfs.reacquire_i_sem"] = "never";
    check_error(doc, "/variants/0/rules/devfs.reacquire_i_sem", {"\"never\"", "before_wake, after_wake"});
  }
  SECTION("variant without expect") {
    doc["variants"][1].erase("expect");
    check_error(doc, "/variants/1/expect", {"missing required property", "an object"});
  }
  SECTION("variant with a thread list") {
    doc["variants"][0]["threads"] = doc["threads"];
    check_error(doc, "/variants/0/threads", {"unknown property \"threads\""});
  }
  SECTION("negative preemption bound in a variant") {
    doc["variants"][1]["preemptions"] = -1;
    check_error(doc, "/variants/1/preemptions", {">= 0", "got -1"});
  }
  SECTION("preemption bound of a variant as a string") {
    doc["variants"][0]["preemptions"] = "2";
    check_error(doc, "/variants/0/preemptions", {"expected an integer", "got a string"});
  }
}

// Inputs built to break the loader rather than to look like a mistake: each
// must end in a ScenarioError, never in another exception or a crash.
TEST_CASE("malformed: adversarial inputs") {
  json doc = base();
  SECTION("preemption bound beyond 32 bits") {
    doc["bounds"]["preemptions"] = 5'000'000'000ULL;
    check_error(doc, "/bounds/preemptions", {"<= 4294967295", "got 5000000000"});
  }
  SECTION("max_steps beyond 64 bits") {
    std::string text = doc.dump();
    text.replace(text.find("500"), 3, "99999999999999999999999");
    check_text_error(text, "/bounds/max_steps", {"expected an integer", "got a number"});
  }
  SECTION("the largest 64-bit max_steps loads") {
    doc["bounds"]["max_steps"] = 18446744073709551615ULL;
    CHECK(load_scenario_text(doc.dump(), kFile).bounds.max_steps == 18446744073709551615ULL);
  }
  SECTION("expect beyond 64 bits") {
    doc["threads"][0]["ops"][0]["expect"] = 18446744073709551615ULL;
    check_error(doc, "/threads/0/ops/0/expect", {"0 or an errno name", "18446744073709551615"});
  }
  SECTION("deeply nested junk as a verdict") {
    const std::size_t depth = 100'000;
    std::string text = doc.dump();
    text.replace(text.find("\"deadlock\""), 10, std::string(depth, '[') + std::string(depth, ']'));
    check_error_under(text, "/expect/verdict/0/0/0", "nested at most");
  }
  SECTION("deeply nested objects as an op") {
    const std::size_t depth = 100'000;
    std::string junk;
    for (std::size_t i = 0; i < depth; ++i) junk += "{\"a\":";
    junk += '1';
    junk.append(depth, '}');  // not "1" + std::string(...): a GCC 12 -O3 false -Wrestrict
    doc["threads"][0]["ops"][0] = "JUNK";
    std::string text = doc.dump();
    text.replace(text.find("\"JUNK\""), 6, junk);
    check_error_under(text, "/threads/0/ops/0/a/a/a", "nested at most");
  }
  SECTION("deeply nested array at the top") {
    const std::size_t depth = 1'000'000;
    check_text_error(std::string(depth, '[') + std::string(depth, ']'), "", {"expected an object", "got an array"});
  }
  SECTION("unterminated deep nesting") { check_text_error(std::string(1'000'000, '['), "", {"not valid JSON"}); }
  SECTION("a very long path") {
    doc["threads"][1]["ops"][0]["path"] = "/" + std::string(1'000'000, 'a');
    check_error(doc, "/threads/1/ops/0/path", {"at most 4096 bytes", "got 1000001 bytes"});
  }
  SECTION("a very long path of slashes") {
    doc["threads"][1]["ops"][0]["path"] = std::string(100'000, '/');
    check_error(doc, "/threads/1/ops/0/path", {"at most 4096 bytes"});
  }
  SECTION("a very long name") {
    doc["name"] = std::string(1'000'000, 'n');
    check_error(doc, "/name", {"at most 4096 bytes"});
  }
  SECTION("a very long rule value") {
    doc["rules"] = {{"devfs.lookup_info", std::string(100'000, 'x')}};
    check_error(doc, "/rules/devfs.lookup_info", {"at most 4096 bytes"});
  }
  SECTION("a very long description loads") {
    doc["description"] = std::string(1'000'000, 'd');
    CHECK_NOTHROW(load_scenario_text(doc.dump(), kFile));
  }
  SECTION("a very long schedule loads, and one with a bad item deep inside fails") {
    std::string schedule = "0";
    for (int i = 0; i < 100'000; ++i) schedule += i % 2 ? ",0" : ",1x2";
    doc["schedule"] = schedule;
    CHECK(load_scenario_text(doc.dump(), kFile).schedule == schedule);
    doc["schedule"] = schedule + ",3";
    check_error(doc, "/schedule", {"thread numbers 0..2", "item 100002"});
  }
  SECTION("many duplicate-free entries and one duplicate at the end") {
    json entries = json::array();
    for (int i = 0; i < 1000; ++i) entries.push_back("tty" + std::to_string(i));
    entries.push_back("tty7");
    doc["setup"]["mounts"][0]["entries"] = entries;
    check_error(doc, "/setup/mounts/0/entries/1000", {"\"tty7\" is listed twice"});
    // Past the size bound (docs/scenarios.md, "Limits") the list itself is refused.
    for (int i = 1001; i < 50'000; ++i) entries.push_back("tty" + std::to_string(i));
    doc["setup"]["mounts"][0]["entries"] = entries;
    check_error(doc, "/setup/mounts/0/entries", {"at most 1024 items", "got 50000"});
  }
  SECTION("wrong types in every optional field") {
    json& op = doc["threads"][0]["ops"][0];
    op = {{"op", "open"}, {"path", "/dev/foo"}, {"flags", "O_CREAT"}, {"expect", json::object()}};
    check_error(doc, "/threads/0/ops/0/expect", {"a string or an integer", "got an object"});
    op.erase("expect");
    check_error(doc, "/threads/0/ops/0/flags", {"expected an array", "got a string"});
    op.erase("flags");
    doc["description"] = 3;
    check_error(doc, "/description", {"expected a string", "got an integer"});
    doc.erase("description");
    doc["setup"]["mounts"][0]["entries"] = "null";
    check_error(doc, "/setup/mounts/0/entries", {"expected an array", "got a string"});
    doc["setup"]["mounts"] = json::object();
    check_error(doc, "/setup/mounts", {"expected an array", "got an object"});
    doc["setup"] = nullptr;
    check_error(doc, "/setup", {"expected an object", "got null"});
    doc.erase("setup");
    doc["variants"] = {{"name", "F1"}};
    check_error(doc, "/variants", {"expected an array", "got an object"});
    doc["variants"] = json::array({"F1"});
    check_error(doc, "/variants/0", {"expected an object", "got a string"});
  }
  SECTION("a NUL byte in a name") {
    doc["threads"][0]["name"] = std::string("l\0s", 3);
    check_error(doc, "/threads/0/name", {"pattern"});
  }
}

namespace {

// An autofs scenario (Race D's shape): threads 0 E, 1 P, 2 Dm (the daemon).
json autofs_base() {
  return json::parse(R"json({
    "name": "autofs", "profile": "linux-2.6.22",
    "setup": {"mounts": [{"fs": "autofs", "at": "/auto", "map": ["foo", "bar"], "mounted": ["foo"]}]},
    "threads": [
      {"name": "E", "ops": [{"op": "expire", "path": "/auto/foo"}]},
      {"name": "P", "ops": [{"op": "stat", "path": "/auto/foo", "expect": 0, "mounted": true}]}
    ],
    "expect": {"verdict": "ok"},
    "variants": [{"name": "v", "profile": "linux-2.6.27", "invariants": {"R8": false}, "expect": {"verdict": "ok"}}]
  })json");
}

}  // namespace

TEST_CASE("malformed: autofs mounts, expire and invariants") {
  json doc = autofs_base();
  json& mount = doc["setup"]["mounts"][0];
  SECTION("the base loads, the daemon after the threads") {
    const Scenario s = load_scenario_text(doc.dump(), kFile);
    CHECK(s.thread_names() == std::vector<std::string>{"E", "P", "Dm"});
    CHECK(s.rules.check_r8);
    CHECK_FALSE(s.variants[0].rules.check_r8);
  }
  SECTION("an E1 profile") {
    doc["profile"] = "linux-2.5.74";
    check_error(doc, "/profile", {"era E2", "autofs mount", "era E1"});
  }
  SECTION("a variant with an E1 profile") {
    doc["variants"][0]["profile"] = "linux-2.6.0-test1";
    check_error(doc, "/variants/0/profile", {"era E2", "autofs mount"});
  }
  SECTION("devfs under an E2 profile") {
    json d = base();
    d["profile"] = "linux-2.6.27";
    d.erase("variants");
    check_error(d, "/profile", {"era E1", "devfs mount"});
  }
  SECTION("a map key listed twice") {
    mount["map"] = {"foo", "foo"};
    check_error(doc, "/setup/mounts/0/map/1", {"distinct map keys", "\"foo\""});
  }
  SECTION("a mounted key not in the map") {
    mount["mounted"] = {"baz"};
    check_error(doc, "/setup/mounts/0/mounted/0", {"a key of this mount's map", "\"baz\""});
  }
  SECTION("no daemon threads") {
    mount["daemon_threads"] = 0;
    check_error(doc, "/setup/mounts/0/daemon_threads", {"an integer >= 1", "got 0"});
  }
  SECTION("an unknown autofs property") {
    mount["timeout"] = 5;
    check_error(doc, "/setup/mounts/0/timeout", {"unknown property \"timeout\"", "daemon_threads", "map", "mounted"});
  }
  SECTION("expire of a path not below an autofs mount") {
    doc["threads"][0]["ops"][0]["path"] = "/foo";
    check_error(doc, "/threads/0/ops/0/path", {"directly below an autofs mount", "/auto", "/foo"});
  }
  SECTION("expire two levels below the mount") {
    doc["threads"][0]["ops"][0]["path"] = "/auto/foo/bar";
    check_error(doc, "/threads/0/ops/0/path", {"directly below an autofs mount", "/auto/foo/bar"});
  }
  SECTION("expire without an autofs mount") {
    json d = base();
    d["threads"][0]["ops"][0] = {{"op", "expire"}, {"path", "/dev/foo"}};
    check_error(d, "/threads/0/ops/0/path", {"directly below an autofs mount", "none"});
  }
  SECTION("a thread named like the daemon") {
    doc["threads"][1]["name"] = "Dm";
    check_error(doc, "/threads/1/name", {"not used by another thread or daemon", "\"Dm\""});
  }
  SECTION("mounted is not a boolean") {
    doc["threads"][1]["ops"][0]["mounted"] = "yes";
    check_error(doc, "/threads/1/ops/0/mounted", {"a boolean", "got a string"});
  }
  SECTION("mounted on an op other than stat") {
    doc["threads"][1]["ops"][0]["op"] = "lstat";
    check_error(doc, "/threads/1/ops/0/mounted", {"unknown property \"mounted\""});
  }
  SECTION("an unknown invariant") {
    doc["invariants"] = {{"R9", true}};
    check_error(doc, "/invariants/R9", {"unknown property \"R9\"", "R8"});
  }
  SECTION("an invariant that is not a boolean") {
    doc["variants"][0]["invariants"] = {{"R8", "off"}};
    check_error(doc, "/variants/0/invariants/R8", {"a boolean", "got a string"});
  }
}
