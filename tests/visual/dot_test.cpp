// The DOT outputs are accepted by Graphviz (`dot -Tsvg`, Debian's graphviz)
// and draw what a deadlock is read from.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "../explorer/dcsim_process.hpp"
#include "explorer/visual/dot.hpp"
#include "explorer/visual/replay_events.hpp"
#include "tests/scenarios/scenario_helpers.hpp"

namespace {

using namespace dcsim;
namespace visual = dcsim::explorer::visual;

// `dot -Tsvg` on `text`: its exit status and stdout.
std::pair<int, std::string> run_dot(const std::string& text, const std::string& name) {
  const std::string file = std::string(DCSIM_BINARY_DIR) + "/" + name + ".dot";
  {
    std::ofstream out(file);
    out << text;
  }
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    FAIL("Graphviz's dot is not installed: run .ci/install-deps (Debian package graphviz)");
  FILE* p = popen(("dot -Tsvg " + file + " 2>&1").c_str(), "r");
  REQUIRE(p);
  std::string svg;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) svg.append(buf.data(), n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, svg};
}

}  // namespace

TEST_CASE("dot: the devfs deadlock's wait-for graph and lock order are valid Graphviz", "[dot][visual]") {
  const model::Scenario s = dcsim_test::load("devfs-ls-rm.json");
  const explorer::Setup st = explorer::setup_for(s);
  explorer::Replay r = visual::replay_with_events(explorer::resolve_plan(st), {});
  const sim::Execution& ex = *r.execution;
  REQUIRE(ex.failure().kind == sim::Verdict::Deadlock);

  const std::string wf = visual::wait_for_dot(ex, "devfs ls/rm");
  CHECK(dcsim_test::contains(wf, "label=\"ls\\nthread 0\""));
  CHECK(dcsim_test::contains(wf, "label=\"i_sem of /dev\\n[semaphore]\""));
  CHECK(dcsim_test::contains(wf, "label=\"held by\", style=dashed, color=red"));
  auto [status, svg] = run_dot(wf, "wait-for");
  INFO(svg);
  CHECK(status == 0);
  CHECK(dcsim_test::contains(svg, "<svg"));
  CHECK(dcsim_test::contains(svg, "i_sem of /dev"));

  sim::LockOrderGraph g;
  g.add(ex);
  REQUIRE(g.edge_count() > 0);
  const std::string lo = visual::lock_order_dot(g, "devfs ls/rm");
  auto [status2, svg2] = run_dot(lo, "lock-order");
  INFO(svg2);
  CHECK(status2 == 0);
  CHECK(dcsim_test::contains(svg2, "i_sem"));
}

TEST_CASE("dot: an execution without a deadlock says so", "[dot][visual]") {
  const model::Scenario s = dcsim_test::load("nfs-ls-race.json");
  explorer::Replay r = visual::replay_with_events(explorer::resolve_plan(explorer::setup_for(s)), explorer::parse_schedule(*s.schedule));
  const std::string wf = visual::wait_for_dot(*r.execution, "nfs");
  CHECK(dcsim_test::contains(wf, "no deadlock (verdict bug)"));
  CHECK(run_dot(wf, "no-deadlock").first == 0);
}

TEST_CASE("dot: replay --dot writes the file", "[dot][visual][cli]") {
  const std::string file = std::string(DCSIM_BINARY_DIR) + "/replay-wait-for.dot";
  CHECK(dcsim_test::dcsim("replay scenarios/devfs-ls-rm.json --dot " + file).status == 1);
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.rfind("digraph wait_for {", 0) == 0);
  CHECK(run_dot(text, "replay-wait-for").first == 0);
}
