// Text output: `--format columns` wraps long cells instead of cutting them,
// `explore --format` lays out the failure's trace as `replay` does, and
// counts read "1 execution", not "1 executions".
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "dcsim_process.hpp"
#include "explorer/report.hpp"
#include "tests/scenarios/scenario_helpers.hpp"

namespace {

using namespace dcsim;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string without_spaces(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

// The text between "schedule ...\n\n" and "verdict:": the trace as printed.
std::string trace_part(const std::string& out) {
  const auto from = out.find("\n\n");
  const auto to = out.find("\nverdict: ");
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  return out.substr(from + 2, to - from - 2);
}

}  // namespace

TEST_CASE("text: --format columns wraps long cells onto more lines", "[text][cli]") {
  const model::Scenario s = dcsim_test::load("nfs-ls-race.json");
  const explorer::SearchPlan plan = explorer::resolve_plan(explorer::setup_for(s));
  const explorer::Replay r = explorer::replay(plan, explorer::parse_schedule(*s.schedule));
  const sim::Execution& ex = *r.execution;
  const std::string text = explorer::trace_columns(ex);
  constexpr std::size_t kWidth = 44, kFirst = 5;
  const std::size_t n = ex.thread_count();

  // Cut the table back into cells: a row starts where the step column is
  // filled, and each column's pieces of a cell follow one another.
  std::vector<std::vector<std::string>> rows;  // [row][thread]
  bool wrapped = false;
  for (const std::string& line : lines_of(text)) {
    CHECK(line.size() <= kFirst + n * (kWidth + 2));
    CHECK(line.find("...") == std::string::npos);
    const bool starts = line.substr(0, kFirst).find_first_not_of(' ') != std::string::npos;
    if (starts) rows.emplace_back(n);
    REQUIRE_FALSE(rows.empty());
    if (!starts) wrapped = true;
    for (std::size_t t = 0; t < n; ++t) {
      const std::size_t at = kFirst + 2 + t * (kWidth + 2);
      if (at < line.size()) rows.back()[t] += line.substr(at, kWidth);
    }
  }
  CHECK(wrapped);  // this trace has cells longer than a column
  std::vector<const sim::TraceEvent*> visible;
  for (const sim::TraceEvent& e : ex.trace())
    if (e.visible) visible.push_back(&e);
  REQUIRE(rows.size() == visible.size() + 1);  // the heading, then one row per visible step
  for (std::size_t i = 0; i < visible.size(); ++i) {
    const sim::TraceEvent& e = *visible[i];
    std::string cell = e.op + " " + ex.objects().describe(e.object);
    if (!e.result.empty()) cell += ": " + e.result;
    INFO("step " << e.step);
    CHECK(without_spaces(rows[i + 1][e.thread]) == without_spaces(cell));
    for (std::size_t t = 0; t < n; ++t)
      if (t != e.thread) CHECK(without_spaces(rows[i + 1][t]).empty());
  }
}

TEST_CASE("text: explore --format columns prints the failure's trace as replay does", "[text][cli]") {
  using dcsim_test::dcsim;
  const dcsim_test::Run e = dcsim("explore scenarios/devfs-ls-rm.json --format columns");
  CHECK(e.status == 1);
  const std::string cmd = "replay scenarios/devfs-ls-rm.json --schedule 0x13,1x6,2x7,0x2";
  REQUIRE(e.out.find("replay with: dcsim " + cmd) != std::string::npos);
  const dcsim_test::Run r = dcsim(cmd + " --format columns");
  CHECK(r.status == 1);
  const std::string columns = trace_part(r.out);
  CHECK(columns.rfind(" step  0 ls", 0) == 0);
  CHECK(e.out.find(columns) != std::string::npos);
  const dcsim_test::Run t = dcsim("explore scenarios/devfs-ls-rm.json");
  CHECK(t.out.find(trace_part(dcsim(cmd).out)) != std::string::npos);
  CHECK(t.out.find(columns) == std::string::npos);
  // With --minimize, the minimized failure's trace in columns too.
  const std::string m = dcsim("explore scenarios/devfs-ls-rm.json --minimize --format columns").out;
  std::size_t tables = 0;
  for (auto at = m.find("\n step  0 ls"); at != std::string::npos; at = m.find("\n step  0 ls", at + 1)) ++tables;
  CHECK(tables == 2);
  CHECK(m.find("step  thread") == std::string::npos);
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --format wide").status == 2);
}

TEST_CASE("text: one of a thing is not plural", "[text][cli]") {
  using dcsim_test::dcsim;
  const std::regex plural_one(
      R"(\b1 (threads|executions|failures|steps|visible steps|preemptions|runs|sampled runs|replays|explorations)\b)");
  const std::string err = std::string(DCSIM_BINARY_DIR) + "/text-plural.err";
  for (const char* args : {"explore scenarios/devfs-ls-rm.json --max-executions 1 --progress",
                           "explore scenarios/proto-abba.json --preemptions 1 --all --progress",
                           "explore scenarios/devfs-revalidate-uaf.json --variant F2-refcounted --preemptions 1",
                           "explore scenarios/devfs-ls-rm.json --minimize",
                           "explore scenarios/proto-abba.json --strategy random --max-executions 1",
                           "explore scenarios/proto-abba.json --max-steps 1"}) {
    INFO(args);
    const dcsim_test::Run r = dcsim(args, err);
    std::ifstream in(err);
    const std::string out = r.out + std::string(std::istreambuf_iterator<char>(in), {});
    INFO(out);
    CHECK_FALSE(r.out.empty());
    CHECK_FALSE(std::regex_search(out, plural_one));
  }
  CHECK(dcsim("explore scenarios/devfs-ls-rm.json --max-executions 1").out.find("at most 1 execution\n") !=
        std::string::npos);
  CHECK(dcsim("explore scenarios/proto-abba.json --preemptions 1 --all").out.find("with at most 1 preemption was explored") !=
        std::string::npos);
}
