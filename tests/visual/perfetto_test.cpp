// The Perfetto (Chrome trace-event) JSON of a devfs deadlock and an NFS BUG:
// it parses, has one track per thread, complete slices that nest, wake
// flows from the waker's step to the woken thread's, and the failure event
// at the failing step; the same schedule gives the same bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../explorer/dcsim_process.hpp"
#include "explorer/report.hpp"
#include "explorer/visual/perfetto.hpp"
#include "explorer/visual/replay_events.hpp"
#include "tests/scenarios/scenario_helpers.hpp"

namespace {

using namespace dcsim;
using nlohmann::json;
namespace visual = dcsim::explorer::visual;

struct Traced {
  model::Scenario scenario;
  explorer::Setup setup;
  explorer::Replay replay;
  std::string text;
  json doc;
};

// The scenario replayed under its bundled (or default) schedule.
std::unique_ptr<Traced> traced(const std::string& file) {
  auto t = std::make_unique<Traced>();
  t->scenario = dcsim_test::load(file);
  t->setup = explorer::setup_for(t->scenario);
  explorer::Schedule sched;
  if (t->scenario.schedule) sched = explorer::parse_schedule(*t->scenario.schedule);
  t->replay = visual::replay_with_events(explorer::resolve_plan(t->setup), sched);
  REQUIRE_FALSE(t->replay.schedule_error);
  t->text = visual::perfetto_json(*t->replay.execution, visual::context_of(explorer::resolve_plan(t->setup), "dcsim replay " + file));
  t->doc = json::parse(t->text);
  return t;
}

std::vector<json> events_of(const json& doc, const std::string& ph, int pid = -1) {
  std::vector<json> out;
  for (const json& e : doc.at("traceEvents"))
    if (e.at("ph") == ph && (pid < 0 || e.at("pid") == pid)) out.push_back(e);
  return out;
}

// tid -> name of the tracks of `pid`.
std::map<int, std::string> track_names(const json& doc, int pid) {
  std::map<int, std::string> out;
  for (const json& e : events_of(doc, "M", pid))
    if (e.at("name") == "thread_name") out[e.at("tid").get<int>()] = e.at("args").at("name");
  return out;
}

int tid_of(const json& doc, const std::string& thread) {
  for (const auto& [tid, name] : track_names(doc, visual::kThreadsPid))
    if (name == thread || name == thread + " (daemon)") return tid;
  FAIL("no track for thread " << thread);
  return -1;
}

// On every track the complete slices form a forest: each one lies inside
// the innermost enclosing one. Returns the deepest nesting seen.
std::size_t check_nesting(const json& doc) {
  std::map<std::pair<int, int>, std::vector<json>> tracks;
  for (const json& e : events_of(doc, "X")) {
    REQUIRE(e.at("dur").get<long long>() >= 0);
    tracks[{e.at("pid").get<int>(), e.at("tid").get<int>()}].push_back(e);
  }
  std::size_t deepest = 0;
  for (auto& [key, xs] : tracks) {
    std::stable_sort(xs.begin(), xs.end(), [](const json& a, const json& b) {
      if (a.at("ts") != b.at("ts")) return a.at("ts").get<long long>() < b.at("ts").get<long long>();
      return a.at("dur").get<long long>() > b.at("dur").get<long long>();
    });
    std::vector<std::pair<long long, long long>> stack;
    for (const json& e : xs) {
      const long long b = e.at("ts"), end = b + e.at("dur").get<long long>();
      while (!stack.empty() && stack.back().second <= b && !(stack.back().second == b && end == b &&
                                                             stack.back().first == b))
        stack.pop_back();
      if (!stack.empty()) {
        INFO("track " << key.first << "/" << key.second << ": " << e.dump() << " crosses its parent ["
                      << stack.back().first << ", " << stack.back().second << ")");
        CHECK(b >= stack.back().first);
        CHECK(end <= stack.back().second);
      }
      stack.emplace_back(b, end);
      deepest = std::max(deepest, stack.size());
    }
  }
  return deepest;
}

// The slice of `cat` on track (pid, tid) covering time `ts`, if any.
const json* slice_at(const std::vector<json>& xs, int tid, const std::string& cat, long long ts) {
  for (const json& e : xs)
    if (e.at("tid") == tid && e.at("cat") == cat && e.at("ts").get<long long>() <= ts &&
        ts < e.at("ts").get<long long>() + std::max(1LL, e.at("dur").get<long long>()))
      return &e;
  return nullptr;
}

// Each wake flow starts at a step of the waker that ended a wait of the
// woken thread, and ends at the woken thread's next step.
std::size_t check_flows(const json& doc) {
  const std::vector<json> xs = events_of(doc, "X", visual::kThreadsPid);
  std::map<long long, json> starts, ends;
  for (const json& e : events_of(doc, "s"))
    if (e.at("cat") == "wake") starts[e.at("id").get<long long>()] = e;
  for (const json& e : events_of(doc, "f"))
    if (e.at("cat") == "wake") ends[e.at("id").get<long long>()] = e;
  CHECK(starts.size() == ends.size());
  for (const auto& [id, s] : starts) {
    REQUIRE(ends.count(id));
    const json& f = ends.at(id);
    const long long from = s.at("ts"), to = f.at("ts");
    CHECK(from < to);
    const json* waker_step = slice_at(xs, s.at("tid"), "step", from);
    REQUIRE(waker_step);
    CHECK(waker_step->at("args").at("step") == from);
    const json* woken_step = slice_at(xs, f.at("tid"), "step", to);
    REQUIRE(woken_step);
    CHECK(woken_step->at("ts") == to);
    std::string woken = track_names(doc, visual::kThreadsPid).at(f.at("tid"));
    if (woken.size() > 9 && woken.substr(woken.size() - 9) == " (daemon)") woken.resize(woken.size() - 9);
    CHECK(s.at("name") == "wakes " + woken);
    bool ended_wait = false;
    for (const json& w : xs)
      if (w.at("tid") == f.at("tid") && w.at("cat") == "wait" &&
          w.at("ts").get<long long>() + w.at("dur").get<long long>() == from + 1)
        ended_wait = true;
    CHECK(ended_wait);
  }
  return starts.size();
}

void check_one_track_per_thread(const Traced& t) {
  const std::map<int, std::string> names = track_names(t.doc, visual::kThreadsPid);
  const sim::Execution& ex = *t.replay.execution;
  CHECK(names.size() == ex.thread_count());
  for (sim::ThreadId th = 0; th < ex.thread_count(); ++th) {
    const auto n = std::count_if(names.begin(), names.end(), [&](const auto& kv) {
      return kv.second == ex.thread_name(th) || kv.second == ex.thread_name(th) + " (daemon)";
    });
    CHECK(n == 1);
  }
  for (const model::ThreadSpec& spec : t.scenario.threads) CHECK(tid_of(t.doc, spec.name) > 0);
}

}  // namespace

TEST_CASE("perfetto: the devfs deadlock as a trace-event timeline", "[perfetto][visual]") {
  auto t = traced("devfs-ls-rm.json");
  const sim::Execution& ex = *t->replay.execution;
  REQUIRE(ex.failure().kind == sim::Verdict::Deadlock);
  check_one_track_per_thread(*t);
  CHECK(check_nesting(t->doc) >= 3);  // a step inside a function inside a function
  CHECK(check_flows(t->doc) >= 2);

  // The waker of ls is devfsd's wake_up.
  bool devfsd_wakes_ls = false;
  const std::vector<json> xs = events_of(t->doc, "X", visual::kThreadsPid);
  for (const json& s : events_of(t->doc, "s"))
    if (s.at("name") == "wakes ls" && s.at("tid") == tid_of(t->doc, "devfsd")) {
      const json* step = slice_at(xs, s.at("tid"), "step", s.at("ts"));
      REQUIRE(step);
      devfsd_wakes_ls = step->at("args").at("op").get<std::string>().find("wake_up") != std::string::npos;
    }
  CHECK(devfsd_wakes_ls);

  // The cycle: an instant on each of its threads after the last step, and
  // each blocked in a wait slice that lasts to the end.
  const sim::Failure& f = ex.failure();
  REQUIRE(f.cycle.size() == 2);
  std::set<int> marked;
  for (const json& i : events_of(t->doc, "i"))
    if (i.at("cat") == "failure" && i.at("s") == "t") {
      CHECK(i.at("ts") == ex.step() + 1);
      CHECK(i.at("args").at("step") == ex.step());
      marked.insert(i.at("tid").get<int>());
    }
  std::set<int> cycle;
  for (const sim::WaitEdge& e : f.cycle) {
    const int tid = tid_of(t->doc, ex.thread_name(e.waiter));
    cycle.insert(tid);
    const json* w = slice_at(xs, tid, "wait", static_cast<long long>(ex.step()) + 1);
    REQUIRE(w);
    CHECK(w->at("args").at("object") == ex.objects().describe(e.object));
  }
  CHECK(marked == cycle);

  // Tracks per lock and per dentry, with their state over time.
  bool i_sem_held_by_rm = false;
  for (const auto& [tid, name] : track_names(t->doc, visual::kLocksPid))
    if (name == "i_sem of /dev")
      for (const json& x : events_of(t->doc, "X", visual::kLocksPid))
        if (x.at("tid") == tid && x.at("name").get<std::string>().rfind("held by rm", 0) == 0) i_sem_held_by_rm = true;
  CHECK(i_sem_held_by_rm);
  CHECK_FALSE(track_names(t->doc, visual::kDentriesPid).empty());
  CHECK_FALSE(events_of(t->doc, "X", visual::kHoldsPid).empty());
}

TEST_CASE("perfetto: an NFS BUG_ON, the failure event at its step", "[perfetto][visual]") {
  auto t = traced("nfs-ls-race.json");
  const sim::Execution& ex = *t->replay.execution;
  const sim::Failure& f = ex.failure();
  REQUIRE(f.kind == sim::Verdict::Bug);
  check_one_track_per_thread(*t);
  CHECK(check_nesting(t->doc) >= 3);
  check_flows(t->doc);
  std::vector<json> failures;
  for (const json& i : events_of(t->doc, "i"))
    if (i.at("cat") == "failure") failures.push_back(i);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].at("ts") == f.step);
  CHECK(failures[0].at("args").at("step") == f.step);
  CHECK(failures[0].at("tid") == tid_of(t->doc, ex.thread_name(f.thread)));
  CHECK(failures[0].at("name").get<std::string>().find("BUG_ON(!d_unhashed") != std::string::npos);
  // The failing step is d_splice_alias's, inside the function of that name.
  const std::vector<json> xs = events_of(t->doc, "X", visual::kThreadsPid);
  const json* step = slice_at(xs, failures[0].at("tid"), "step", f.step);
  REQUIRE(step);
  CHECK(step->at("args").at("function") == f.function);
  const json* fn = slice_at(xs, failures[0].at("tid"), "function", f.step);
  REQUIRE(fn);
  // The dentry it hashes twice has a track that says it was hashed.
  bool hashed = false;
  for (const auto& [tid, name] : track_names(t->doc, visual::kDentriesPid))
    if (name == ex.objects().describe(f.object))
      for (const json& x : events_of(t->doc, "X", visual::kDentriesPid))
        if (x.at("tid") == tid && x.at("name").get<std::string>().find("hashed") == 0) hashed = true;
  CHECK(hashed);
}

TEST_CASE("perfetto: the same schedule gives the same bytes", "[perfetto][visual][determinism]") {
  auto a = traced("devfs-ls-rm.json");
  auto b = traced("devfs-ls-rm.json");
  CHECK(a->text == b->text);
  auto c = traced("nfs-ls-race.json");
  auto d = traced("nfs-ls-race.json");
  CHECK(c->text == d->text);
}

TEST_CASE("perfetto: replay and explore write the file", "[perfetto][visual][cli]") {
  const std::string dir = DCSIM_BINARY_DIR;
  const std::string a = dir + "/perfetto-replay.json", b = dir + "/perfetto-explore.json";
  CHECK(dcsim_test::dcsim("replay scenarios/devfs-ls-rm.json --perfetto " + a).status == 1);
  CHECK(dcsim_test::dcsim("explore scenarios/devfs-ls-rm.json --no-trace --perfetto " + b).status == 1);
  auto slurp = [](const std::string& f) {
    std::ifstream in(f);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const json ja = json::parse(slurp(a)), jb = json::parse(slurp(b));
  CHECK(ja.at("otherData").at("verdict") == "deadlock");
  CHECK(jb.at("otherData").at("verdict") == "deadlock");
  CHECK(jb.at("otherData").at("replay").get<std::string>().rfind("dcsim replay scenarios/devfs-ls-rm.json", 0) == 0);
  CHECK(dcsim_test::dcsim("replay scenarios/devfs-ls-rm.json --perfetto /nonexistent/dir/x.json").status == 2);
}
