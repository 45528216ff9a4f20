// E1 syscalls on the plain in-memory tree: each returns the errno 2.6.0
// returns. One thread, so each scenario is a single execution.
#include <catch2/catch.hpp>

#include "explorer/session.hpp"
#include "model/scenario/scenario.hpp"

namespace {

using namespace dcsim;

sim::Failure run(const std::string& ops_json) {
  const std::string text = R"({"name": "namei", "profile": "linux-2.5.74",
      "setup": {"dirs": ["/etc"], "files": ["/etc/passwd"]},
      "threads": [{"name": "t", "ops": )" + ops_json + R"(}],
      "expect": {"verdict": "ok"}})";
  model::Scenario s = model::load_scenario_text(text, "inline");
  explorer::Exploration e = explorer::explore(explorer::setup_for(s), true);
  REQUIRE(e.result.executions == 1);
  return e.failure ? e.failure->execution->failure() : sim::Failure{};
}

}  // namespace

TEST_CASE("namei: syscalls return the kernel's errors", "[model][namei]") {
  auto f = run(R"([
    {"op": "stat", "path": "/etc/passwd", "expect": 0},
    {"op": "lstat", "path": "/etc", "expect": 0},
    {"op": "stat", "path": "/etc/shadow", "expect": "ENOENT"},
    {"op": "stat", "path": "/nope/x", "expect": "ENOENT"},
    {"op": "stat", "path": "/etc/passwd/x", "expect": "ENOTDIR"},
    {"op": "mkdir", "path": "/a", "expect": 0},
    {"op": "mkdir", "path": "/a", "expect": "EEXIST"},
    {"op": "mkdir", "path": "/etc/passwd", "expect": "EEXIST"},
    {"op": "mkdir", "path": "/etc/passwd/x", "expect": "ENOTDIR"},
    {"op": "open", "path": "/a/f", "flags": ["O_CREAT"], "expect": 0},
    {"op": "open", "path": "/a/f", "flags": ["O_CREAT"], "expect": 0},
    {"op": "open", "path": "/a/f", "flags": ["O_CREAT", "O_EXCL"], "expect": "EEXIST"},
    {"op": "open", "path": "/a", "flags": ["O_CREAT"], "expect": "EISDIR"},
    {"op": "open", "path": "/a/f", "flags": ["O_DIRECTORY"], "expect": "ENOTDIR"},
    {"op": "open", "path": "/a", "flags": ["O_DIRECTORY"], "expect": 0},
    {"op": "open", "path": "/a/g", "expect": "ENOENT"},
    {"op": "rmdir", "path": "/a", "expect": "ENOTEMPTY"},
    {"op": "unlink", "path": "/a", "expect": "EISDIR"},
    {"op": "rmdir", "path": "/a/f", "expect": "ENOTDIR"},
    {"op": "unlink", "path": "/a/f", "expect": 0},
    {"op": "unlink", "path": "/a/f", "expect": "ENOENT"},
    {"op": "stat", "path": "/a/f", "expect": "ENOENT"},
    {"op": "rmdir", "path": "/a", "expect": 0},
    {"op": "stat", "path": "/a", "expect": "ENOENT"},
    {"op": "rmdir", "path": "/a", "expect": "ENOENT"},
    {"op": "unlink", "path": "/etc/passwd", "expect": 0},
    {"op": "stat", "path": "/etc/passwd", "expect": "ENOENT"},
    {"op": "open", "path": "/etc/passwd", "flags": ["O_CREAT", "O_EXCL"], "expect": 0},
    {"op": "stat", "path": "/etc/passwd", "expect": 0}
  ])");
  INFO(f.message);
  CHECK(f.kind == sim::Verdict::Ok);
}

TEST_CASE("namei: an unmet expectation names the op, the result and the JSON path", "[model][namei]") {
  auto f = run(R"([
    {"op": "mkdir", "path": "/a", "expect": 0},
    {"op": "mkdir", "path": "/a", "expect": 0}
  ])");
  CHECK(f.kind == sim::Verdict::Expectation);
  CHECK(f.message == "t: mkdir(/a) returned EEXIST, expected 0 (/threads/0/ops/1)");
}
