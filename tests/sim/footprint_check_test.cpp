// Checked footprints (sim/shared.hpp): a step that touches an object its
// footprint does not name, or writes one it declared as read, is a model
// error naming the step, the kernel function and the object; a model whose
// footprints are right runs clean. The runtime switch turns the check on in
// every build, so these run in Release too.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "sim/shared.hpp"
#include "sim/sync.hpp"
#include "tests/sim/lambda_program.hpp"

namespace {

using namespace dcsim;
using sim::Access;
using sim::Footprint;
using testing::explore_all;
using testing::Lambda;

// Two shared cells; each has its own object id.
struct Cells {
  sim::ObjectId a_id, b_id;
  sim::Checked<int> a{a_id, "value"};
  sim::Checked<int> b{b_id, "value"};
  explicit Cells(sim::Execution& ex)
      : a_id(ex.objects().add("cell", "cell A")), b_id(ex.objects().add("cell", "cell B")) {}
};

enum class Mistake { None, Undeclared, WriteAsRead };

// t0 copies A into B in one step ("copy_a_to_b" in kernel function
// copy_cell); t1 bumps A. The copy's footprint is right, misses B, or
// declares B as read.
void copy_program(sim::Execution& ex, Mistake m) {
  auto cells = std::make_shared<Cells>(ex);
  ex.spawn("t0", [cells, m] {
    auto& ex = sim::Execution::current();
    sim::KernelFunction fn("copy_cell");
    const sim::Touch a{cells->a_id, Access::Read};
    if (m == Mistake::Undeclared)
      ex.visible(Footprint("copy_a_to_b", a));
    else
      ex.visible(Footprint("copy_a_to_b", a,
                           {cells->b_id, m == Mistake::WriteAsRead ? Access::Read : Access::Write}));
    cells->b = cells->a.get();
  });
  ex.spawn("t1", [cells] {
    auto& ex = sim::Execution::current();
    sim::KernelFunction fn("bump_cell");
    ex.visible(Footprint("bump", {cells->a_id, Access::Write}));
    ++cells->a;
  });
}

explorer::ExploreResult run(Mistake m) {
  sim::FootprintChecks on(true);
  Lambda p([m](sim::Execution& ex) { copy_program(ex, m); });
  return explore_all(p);
}

}  // namespace

TEST_CASE("footprints: a correct model passes the check", "[sim][footprints]") {
  auto r = run(Mistake::None);
  CHECK(r.complete);
  CHECK(r.executions == 2);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
}

TEST_CASE("footprints: an access to an undeclared object is a model error", "[sim][footprints]") {
  auto r = run(Mistake::Undeclared);
  REQUIRE(r.first_failure);
  const sim::Failure& f = r.first_failure->failure;
  CHECK(f.kind == sim::Verdict::Internal);
  CHECK(f.function == "copy_cell");
  CHECK_THAT(f.message, Catch::Contains("model error: wrong footprint"));
  CHECK_THAT(f.message, Catch::Contains("\"copy_a_to_b\""));
  CHECK_THAT(f.message, Catch::Contains("of t0 in copy_cell"));
  CHECK_THAT(f.message, Catch::Contains("write of value of cell B, undeclared"));
  CHECK(r.verdicts[sim::Verdict::Internal] == r.executions);
}

TEST_CASE("footprints: a write declared as a read is a model error", "[sim][footprints]") {
  auto r = run(Mistake::WriteAsRead);
  REQUIRE(r.first_failure);
  const sim::Failure& f = r.first_failure->failure;
  CHECK(f.kind == sim::Verdict::Internal);
  CHECK_THAT(f.message, Catch::Contains("write of value of cell B, declared only as read"));
  CHECK_THAT(f.message, Catch::Contains("(footprint: read cell A, read cell B)"));
}

TEST_CASE("footprints: the message names the step's index", "[sim][footprints]") {
  sim::FootprintChecks on(true);
  // One thread: step 1 declares A, step 2 declares nothing and writes A.
  Lambda p([](sim::Execution& ex) {
    auto cells = std::make_shared<Cells>(ex);
    ex.spawn("t0", [cells] {
      auto& ex = sim::Execution::current();
      sim::KernelFunction fn("twice");
      ex.visible(Footprint("first", {cells->a_id, Access::Write}));
      cells->a = 1;
      ex.visible(Footprint("second", {cells->b_id, Access::Read}));
      cells->a = 2;
    });
  });
  auto r = explore_all(p);
  REQUIRE(r.first_failure);
  CHECK(r.first_failure->failure.step == 2);
  CHECK_THAT(r.first_failure->failure.message, Catch::StartsWith("model error: wrong footprint: step 2 \"second\""));
}

TEST_CASE("footprints: set-up code, a thread's prologue and its own new objects are not checked",
          "[sim][footprints]") {
  sim::FootprintChecks on(true);
  Lambda p([](sim::Execution& ex) {
    auto cells = std::make_shared<Cells>(ex);
    cells->a = 5;  // set-up: no thread runs
    ex.spawn("t0", [cells] {
      auto& ex = sim::Execution::current();
      cells->b = cells->a + 1;  // prologue: nothing ran before it
      ex.visible(Footprint("step", {cells->a_id, Access::Read}));
      // An object t0 makes now is its own until another thread names it.
      auto mine = std::make_shared<sim::ObjectId>(ex.objects().add("cell", "private cell"));
      sim::Checked<int> field{*mine, "value"};
      field = 3;
      ex.visible(Footprint("step", {cells->a_id, Access::Read}));
      ++field;
    });
  });
  auto r = explore_all(p);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
}

TEST_CASE("footprints: another thread's object is checked once it is shared", "[sim][footprints]") {
  sim::FootprintChecks on(true);
  // t0 makes an object in its step and publishes its id; t1 writes it
  // without declaring it.
  Lambda p([](sim::Execution& ex) {
    auto box = std::make_shared<sim::ObjectId>(sim::kNoObject);
    auto flag = std::make_shared<sim::ObjectId>(ex.objects().add("cell", "mailbox"));
    auto value = std::make_shared<std::unique_ptr<sim::Checked<int>>>();
    ex.spawn("t0", [box, flag, value] {
      auto& ex = sim::Execution::current();
      ex.visible(Footprint("publish", {*flag, Access::Write}));
      *box = ex.objects().add("cell", "new cell");
      *value = std::make_unique<sim::Checked<int>>(*box, "value");
    });
    ex.spawn("t1", [box, flag, value] {
      auto& ex = sim::Execution::current();
      sim::KernelFunction fn("reader");
      ex.visible(Footprint("take", {*flag, Access::Read}));
      if (*value) **value = 7;
    });
  });
  auto r = explore_all(p);
  REQUIRE(r.first_failure);
  CHECK(r.first_failure->failure.function == "reader");
  CHECK_THAT(r.first_failure->failure.message, Catch::Contains("write of value of new cell, undeclared"));
  CHECK(r.verdicts[sim::Verdict::Ok] == 1);  // t1 first: nothing to write
}

TEST_CASE("footprints: without the switch a Release build does not check", "[sim][footprints]") {
  if (sim::kFootprintChecksBuilt) return;  // a checking build always checks
  Lambda p([](sim::Execution& ex) { copy_program(ex, Mistake::Undeclared); });
  auto r = explore_all(p);
  CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
}

TEST_CASE("footprints: a count is updated under a read touch but read only under a write",
          "[sim][footprints]") {
  sim::FootprintChecks on(true);
  const bool read_under_read = GENERATE(false, true);
  Lambda p([read_under_read](sim::Execution& ex) {
    auto id = std::make_shared<sim::ObjectId>(ex.objects().add("dentry", "dentry /a"));
    auto count = std::make_shared<sim::Checked<int, sim::Sharing::Count>>(*id, "d_count", 1);
    for (int t = 0; t < 2; ++t)
      ex.spawn("lookup", [id, count] {
        auto& ex = sim::Execution::current();
        sim::KernelFunction fn("__d_lookup");
        ex.visible(Footprint("__d_lookup", {*id, Access::Read}));
        ++*count;  // dget under the chain's read: two of them commute
      });
    ex.spawn("invalidate", [id, count, read_under_read] {
      auto& ex = sim::Execution::current();
      sim::KernelFunction fn("d_invalidate");
      ex.visible(Footprint("d_invalidate", {*id, read_under_read ? Access::Read : Access::Write}));
      if (*count > 1) ex.result("EBUSY");
    });
  });
  auto r = explore_all(p);
  if (read_under_read) {
    REQUIRE(r.first_failure);
    CHECK(r.first_failure->failure.function == "d_invalidate");
    CHECK_THAT(r.first_failure->failure.message,
               Catch::Contains("read of a count of d_count of dentry /a, declared only as read"));
  } else {
    CHECK(r.verdicts[sim::Verdict::Ok] == r.executions);
  }
}
