// The HTML report's text (its behaviour in a browser is tests/browser):
// one lane per thread and one box per visible step, the failure marked, the
// wait-for cycle for a deadlock, everything from the scenario escaped,
// nothing fetched from anywhere, and the same bytes for the same schedule.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>


#include "../explorer/dcsim_process.hpp"
#include "explorer/visual/html.hpp"
#include "explorer/visual/replay_events.hpp"
#include "tests/scenarios/scenario_helpers.hpp"

namespace {

using namespace dcsim;
namespace visual = dcsim::explorer::visual;

struct Report {
  model::Scenario scenario;
  explorer::Setup setup;
  explorer::Replay replay;
  std::string html;
};

std::unique_ptr<Report> report_of(model::Scenario s) {
  auto r = std::make_unique<Report>();
  r->scenario = std::move(s);
  r->setup = explorer::setup_for(r->scenario);
  const explorer::SearchPlan plan = explorer::resolve_plan(r->setup);
  explorer::Schedule sched;
  if (r->scenario.schedule) sched = explorer::parse_schedule(*r->scenario.schedule);
  r->replay = visual::replay_with_events(plan, sched);
  REQUIRE_FALSE(r->replay.schedule_error);
  r->html = visual::html_report(*r->replay.execution, visual::context_of(plan, "dcsim replay " + r->scenario.file));
  return r;
}

std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// data-step of every step box, with its thread.
std::set<std::pair<std::uint64_t, sim::ThreadId>> step_boxes(const std::string& html) {
  std::set<std::pair<std::uint64_t, sim::ThreadId>> out;
  const std::regex box(R"re(<div class="step[^"]*" id="s-(\d+)" data-step="\d+" data-thread="(\d+)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), box); it != std::sregex_iterator(); ++it)
    out.insert({std::stoull((*it)[1]), static_cast<sim::ThreadId>(std::stoul((*it)[2]))});
  return out;
}

void check_self_contained(const std::string& html) {
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == html.find("url(#wf-arrow"));  // only the SVG's own markers, if any
  CHECK(count(html, "<script") == 1);
  CHECK(html.find("@media print") != std::string::npos);
}

void check_lanes_and_steps(const Report& r) {
  const sim::Execution& ex = *r.replay.execution;
  CHECK(count(r.html, "<div class=\"lane\" data-thread=") == ex.thread_count());
  for (sim::ThreadId t = 0; t < ex.thread_count(); ++t)
    CHECK(r.html.find(fmt::format("data-thread=\"{}\">{} <span", t, visual::html_escape(ex.thread_name(t)))) !=
          std::string::npos);
  std::set<std::pair<std::uint64_t, sim::ThreadId>> visible;
  for (const sim::TraceEvent& e : ex.trace())
    if (e.visible) visible.insert({e.step, e.thread});
  CHECK(step_boxes(r.html) == visible);
  CHECK(count(r.html, "<div class=\"detail\" id=\"d-") == visible.size());
}

}  // namespace

TEST_CASE("html: the devfs deadlock, lanes, steps and the wait-for cycle", "[html][visual]") {
  auto r = report_of(dcsim_test::load("devfs-ls-rm.json"));
  const sim::Execution& ex = *r->replay.execution;
  REQUIRE(ex.failure().kind == sim::Verdict::Deadlock);
  check_self_contained(r->html);
  check_lanes_and_steps(*r);
  // The cycle: drawn as SVG, its threads' nodes and edges in red, and a
  // "blocked" mark at the end of each of their lanes.
  REQUIRE(count(r->html, "<svg class=\"wait-for\"") == 1);
  CHECK(count(r->html, "<g class=\"wf-node thread cycle\"") == ex.failure().cycle.size());
  CHECK(count(r->html, "<g class=\"wf-edge cycle") == 2 * ex.failure().cycle.size());
  CHECK(count(r->html, "<div class=\"blocked cycle\"") == ex.failure().cycle.size());
  CHECK(r->html.find("cycle: ls -&gt; rm -&gt; ls") != std::string::npos);
  CHECK(r->html.find("<dt>rules</dt><dd><ul class=\"rules\"><li><code>devfs.reacquire_i_sem=before_wake</code>") !=
        std::string::npos);
  CHECK(r->html.find("<pre class=\"replay\">dcsim replay ") != std::string::npos);
  // Nested functions: a function bar two levels deep.
  CHECK(r->html.find("<div class=\"fn d2\"") != std::string::npos);
  // No step is marked failed: a deadlock fails after the last one.
  CHECK(r->html.find("class=\"step failed\"") == std::string::npos);
}

TEST_CASE("html: an NFS BUG_ON, the failing step marked", "[html][visual]") {
  auto r = report_of(dcsim_test::load("nfs-ls-race.json"));
  const sim::Failure& f = r->replay.execution->failure();
  REQUIRE(f.kind == sim::Verdict::Bug);
  check_self_contained(r->html);
  check_lanes_and_steps(*r);
  CHECK(count(r->html, "class=\"step failed\"") == 1);
  CHECK(r->html.find(fmt::format("<div class=\"step failed\" id=\"s-{}\" data-step=\"{}\" data-thread=\"{}\"", f.step,
                                 f.step, f.thread)) != std::string::npos);
  CHECK(r->html.find("<p class=\"failmsg\">bug: " + visual::html_escape(f.message)) != std::string::npos);
  CHECK(r->html.find("<svg") == std::string::npos);
}

TEST_CASE("html: names from the scenario are escaped", "[html][visual]") {
  CHECK(visual::html_escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  // The schema keeps scenario and thread names to identifiers; the report
  // does not rely on it.
  model::Scenario s = dcsim_test::load("proto-abba.json");
  s.name = "abba \"<img src=x onerror=alert(2)>\"";
  s.threads[0].name = "<script>alert(1)</script>";
  s.threads[1].name = "T2 & 'co'";
  s.schedule = "0x1,1x1";  // each takes its first mutex: the ABBA deadlock
  auto r = report_of(std::move(s));
  REQUIRE(r->replay.execution->failure().kind == sim::Verdict::Deadlock);
  CHECK(r->html.find("<script>alert") == std::string::npos);
  CHECK(r->html.find("<img") == std::string::npos);
  CHECK(r->html.find("T2 & 'co'") == std::string::npos);
  CHECK(count(r->html, "<script") == 1);
  CHECK(r->html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(r->html.find("T2 &amp; &#39;co&#39;") != std::string::npos);
  CHECK(r->html.find("<title>dcsim: abba &quot;&lt;img src=x onerror=alert(2)&gt;&quot;") != std::string::npos);
  check_lanes_and_steps(*r);
}

TEST_CASE("html: the same schedule gives the same bytes", "[html][visual][determinism]") {
  CHECK(report_of(dcsim_test::load("devfs-ls-rm.json"))->html == report_of(dcsim_test::load("devfs-ls-rm.json"))->html);
  CHECK(report_of(dcsim_test::load("nfs-ls-race.json"))->html == report_of(dcsim_test::load("nfs-ls-race.json"))->html);
  // And through the command line, run twice, from replay and from explore.
  const std::string dir = DCSIM_BINARY_DIR;
  auto slurp = [](const std::string& f) {
    std::ifstream in(f, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(dcsim_test::dcsim("replay scenarios/devfs-ls-rm.json --html " + dir + "/html-a.html").status == 1);
  CHECK(dcsim_test::dcsim("replay scenarios/devfs-ls-rm.json --html " + dir + "/html-b.html").status == 1);
  CHECK(dcsim_test::dcsim("explore scenarios/devfs-ls-rm.json --no-trace --html " + dir + "/html-c.html").status == 1);
  const std::string a = slurp(dir + "/html-a.html");
  CHECK_FALSE(a.empty());
  CHECK(a == slurp(dir + "/html-b.html"));
  // explore's report replays the schedule it found, the same as replay's.
  const std::string c = slurp(dir + "/html-c.html");
  CHECK(c.find("<pre class=\"replay\">dcsim replay scenarios/devfs-ls-rm.json --schedule 0x13,1x6,2x7,0x2</pre>") !=
        std::string::npos);
  CHECK(dcsim_test::dcsim("replay scenarios/devfs-ls-rm.json --html /nonexistent/dir/x.html").status == 2);
}
