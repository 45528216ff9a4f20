#include "explorer/visual/perfetto.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <map>

namespace dcsim::explorer::visual {

namespace {

using Json = nlohmann::ordered_json;

int thread_tid(sim::ThreadId t) { return static_cast<int>(t) + 1; }

Json meta(const char* what, int pid, int tid, const std::string& name, int sort) {
  Json m = {{"name", what}, {"ph", "M"}, {"pid", pid}};
  if (tid >= 0) m["tid"] = tid;
  m["args"] = {{"name", name}};
  Json s = {{"name", tid >= 0 ? "thread_sort_index" : "process_sort_index"}, {"ph", "M"}, {"pid", pid}};
  if (tid >= 0) s["tid"] = tid;
  s["args"] = {{"sort_index", sort}};
  return Json::array({m, s});
}

Json complete(const std::string& name, const char* cat, std::uint64_t start, std::uint64_t end, int pid,
              int tid) {
  return {{"name", name}, {"cat", cat}, {"ph", "X"}, {"ts", start}, {"dur", end - start},
          {"pid", pid}, {"tid", tid}};
}

std::string object_name(const sim::Execution& ex, sim::ObjectId o) {
  return o == sim::kNoObject ? std::string() : ex.objects().describe(o);
}

}  // namespace

std::string perfetto_json(const sim::Execution& ex, const Context& ctx) {
  const Timeline tl = build_timeline(ex);
  const sim::Failure& f = ex.failure();
  std::vector<Json> events;
  auto push_all = [&](Json a) {
    for (auto& e : a) events.push_back(std::move(e));
  };

  push_all(meta("process_name", kThreadsPid, -1, "threads", 1));
  push_all(meta("process_name", kHoldsPid, -1, "locks held", 2));
  push_all(meta("process_name", kLocksPid, -1, "locks", 3));
  push_all(meta("process_name", kDentriesPid, -1, "dentries", 4));

  for (const ThreadLane& lane : tl.threads) {
    const int tid = thread_tid(lane.thread);
    push_all(meta("thread_name", kThreadsPid, tid, lane.name + (lane.daemon ? " (daemon)" : ""),
                  static_cast<int>(lane.thread)));
    for (const Slice& s : lane.slices) {
      const char* cat = s.kind == SliceKind::Function ? "function" : s.kind == SliceKind::Step ? "step" : "wait";
      Json e = complete(s.name, cat, s.start, s.end, kThreadsPid, tid);
      Json args;
      if (s.kind == SliceKind::Step) {
        args["step"] = s.step;
        args["function"] = s.function;
        args["op"] = s.op;
        args["object"] = object_name(ex, s.object);
        if (!s.result.empty()) args["result"] = s.result;
        if (!s.notes.empty()) args["then"] = s.notes;
        Json touched = Json::object();
        for (sim::ObjectId o : s.objects) touched[object_name(ex, o)] = state_after(tl, o, s.step);
        args["state after"] = touched;
      } else if (s.kind == SliceKind::Wait) {
        args["function"] = s.function;
        args["op"] = s.op;
        args["object"] = object_name(ex, s.object);
        args["steps"] = fmt::format("{}..{}", s.start, s.end - 1);
      } else {
        args["depth"] = s.depth;
      }
      e["args"] = args;
      events.push_back(std::move(e));
    }
  }

  // The locks each thread held, in lanes so that overlapping holds of one
  // thread (A taken, B taken, A dropped) each get a row.
  std::map<sim::ThreadId, std::vector<std::uint64_t>> lane_ends;
  std::map<std::pair<sim::ThreadId, std::size_t>, bool> named;
  for (const Interval& h : tl.holds) {
    auto& ends = lane_ends[h.thread];
    std::size_t lane = 0;
    while (lane < ends.size() && ends[lane] > h.start) ++lane;
    if (lane == ends.size()) ends.push_back(0);
    ends[lane] = h.end;
    const int tid = thread_tid(h.thread) * 100 + static_cast<int>(lane);
    if (!named[{h.thread, lane}]) {
      named[{h.thread, lane}] = true;
      push_all(meta("thread_name", kHoldsPid, tid,
                    lane == 0 ? ex.thread_name(h.thread) + " holds"
                              : fmt::format("{} holds ({})", ex.thread_name(h.thread), lane + 1),
                    tid));
    }
    Json e = complete(h.label, "lock", h.start, h.end, kHoldsPid, tid);
    e["args"] = {{"lock", object_name(ex, h.object)}, {"thread", ex.thread_name(h.thread)}};
    events.push_back(std::move(e));
  }

  auto object_tracks = [&](const std::vector<ObjectTrack>& tracks, int pid, const char* cat) {
    for (const ObjectTrack& t : tracks) {
      const int tid = static_cast<int>(t.object) + 1;
      push_all(meta("thread_name", pid, tid, t.name, tid));
      for (const Interval& i : t.states) {
        Json e = complete(i.label, cat, i.start, i.end, pid, tid);
        e["args"] = {{"object", t.name}, {"kind", t.kind}, {"from_step", i.start > 0 ? i.start - 1 : 0}};
        events.push_back(std::move(e));
      }
    }
  };
  object_tracks(tl.locks, kLocksPid, "lock state");
  object_tracks(tl.dentries, kDentriesPid, "dentry state");

  // wake_up / up / complete -> the woken thread's next step.
  std::uint64_t flow_id = 0;
  for (const Flow& fl : tl.flows) {
    if (fl.to_step == 0) continue;
    ++flow_id;
    const std::string name = fmt::format("wakes {}", ex.thread_name(fl.to));
    Json args = {{"object", object_name(ex, fl.object)}, {"from_step", fl.from_step}, {"to_step", fl.to_step}};
    events.push_back({{"name", name}, {"cat", "wake"}, {"ph", "s"}, {"id", flow_id}, {"ts", fl.from_step},
                      {"pid", kThreadsPid}, {"tid", thread_tid(fl.from)}, {"args", args}});
    events.push_back({{"name", name}, {"cat", "wake"}, {"ph", "f"}, {"bp", "e"}, {"id", flow_id},
                      {"ts", fl.to_step}, {"pid", kThreadsPid}, {"tid", thread_tid(fl.to)}, {"args", args}});
  }

  // The failure.
  if (f.kind == sim::Verdict::Deadlock) {
    const std::uint64_t at = ex.step() + 1;
    std::string cycle;
    for (const sim::WaitEdge& w : f.cycle) cycle += ex.thread_name(w.waiter) + " -> ";
    if (!f.cycle.empty()) cycle += ex.thread_name(f.cycle.front().waiter);
    for (const sim::WaitEdge& w : f.cycle) {
      std::string holders;
      for (sim::ThreadId h : w.waits_for) holders += (holders.empty() ? "" : ", ") + ex.thread_name(h);
      events.push_back({{"name", fmt::format("deadlock: {} {} {}", object_name(ex, w.object), w.relation, holders)},
                        {"cat", "failure"}, {"ph", "i"}, {"s", "t"}, {"ts", at}, {"pid", kThreadsPid},
                        {"tid", thread_tid(w.waiter)},
                        {"args", {{"verdict", "deadlock"}, {"step", ex.step()}, {"function", w.function},
                                  {"op", w.op}, {"cycle", cycle}}}});
      for (sim::ThreadId h : w.waits_for) {
        ++flow_id;
        const std::string name = fmt::format("{} waits for {}", ex.thread_name(w.waiter), ex.thread_name(h));
        events.push_back({{"name", name}, {"cat", "wait-for"}, {"ph", "s"}, {"id", flow_id}, {"ts", at},
                          {"pid", kThreadsPid}, {"tid", thread_tid(w.waiter)}});
        events.push_back({{"name", name}, {"cat", "wait-for"}, {"ph", "f"}, {"bp", "e"}, {"id", flow_id},
                          {"ts", at}, {"pid", kThreadsPid}, {"tid", thread_tid(h)}});
      }
    }
    events.push_back({{"name", f.message + (cycle.empty() ? "" : ": " + cycle)}, {"cat", "failure"},
                      {"ph", "i"}, {"s", "g"}, {"ts", at}, {"pid", kThreadsPid}, {"tid", 0},
                      {"args", {{"verdict", "deadlock"}, {"step", ex.step()}}}});
  } else if (f.kind != sim::Verdict::Ok) {
    Json e = {{"name", fmt::format("{}: {}", sim::to_string(f.kind), f.message)}, {"cat", "failure"},
              {"ph", "i"}, {"s", f.thread == sim::kNoThread ? "g" : "t"}, {"ts", f.step}, {"pid", kThreadsPid},
              {"tid", f.thread == sim::kNoThread ? 0 : thread_tid(f.thread)}};
    e["args"] = {{"verdict", sim::to_string(f.kind)}, {"step", f.step}, {"function", f.function},
                 {"object", object_name(ex, f.object)}};
    events.push_back(std::move(e));
  }

  Json other = {{"scenario", ctx.scenario}, {"file", ctx.file}, {"profile", ctx.profile},
                {"rules", ctx.rules}, {"replay", ctx.replay}, {"verdict", sim::to_string(f.kind)},
                {"time", "1 us on the time axis = 1 visible step; step N is [N, N+1)"}};
  std::string out = "{\"traceEvents\": [\n";
  for (std::size_t i = 0; i < events.size(); ++i) out += events[i].dump() + (i + 1 < events.size() ? ",\n" : "\n");
  out += "],\n\"displayTimeUnit\": \"ns\",\n\"otherData\": " + other.dump() + "}\n";
  return out;
}

}  // namespace dcsim::explorer::visual
