#include "explorer/visual/timeline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace dcsim::explorer::visual {

namespace {

using sim::EventKind;
using sim::SimEvent;

// A slice while the thread's events are read; its span is the hull of its
// children's, so children always lie inside their parents.
struct Node {
  Slice slice;
  std::vector<std::size_t> children;
  std::uint64_t enter = 0;
};

struct LaneBuilder {
  std::vector<Node> nodes;
  std::vector<std::size_t> roots;
  std::vector<std::size_t> open;  // the call stack
  std::size_t wait = SIZE_MAX;    // the open wait, if any

  std::size_t add(Slice s, std::uint64_t enter) {
    nodes.push_back(Node{std::move(s), {}, enter});
    const std::size_t i = nodes.size() - 1;
    (open.empty() ? roots : nodes[open.back()].children).push_back(i);
    return i;
  }

  void span(std::size_t i) {
    Node& n = nodes[i];
    if (n.slice.kind != SliceKind::Function) return;
    std::uint64_t lo = std::numeric_limits<std::uint64_t>::max(), hi = 0;
    for (std::size_t c : n.children) {
      span(c);
      lo = std::min(lo, nodes[c].slice.start);
      hi = std::max(hi, nodes[c].slice.end);
    }
    if (n.children.empty()) lo = hi = n.enter + 1;  // local work after step `enter`
    n.slice.start = lo;
    n.slice.end = hi;
  }

  void emit(std::size_t i, unsigned depth, std::vector<Slice>& out) {
    Node& n = nodes[i];
    n.slice.depth = depth;
    out.push_back(std::move(n.slice));
    std::vector<std::size_t> kids = n.children;
    std::stable_sort(kids.begin(), kids.end(), [&](std::size_t a, std::size_t b) {
      return nodes[a].slice.start < nodes[b].slice.start;
    });
    for (std::size_t c : kids) emit(c, depth + 1, out);
  }
};

std::string describe(const sim::Execution& ex, sim::ObjectId o) {
  return o == sim::kNoObject ? std::string() : ex.objects().describe(o);
}

std::string join_names(const sim::Execution& ex, const std::vector<sim::ThreadId>& ts) {
  std::string out;
  for (sim::ThreadId t : ts) out += (out.empty() ? "" : ", ") + ex.thread_name(t);
  return out;
}

// Lock state from who holds it and who waits for it.
struct LockState {
  std::vector<sim::ThreadId> writers, readers, waiters;
  std::string label(const sim::Execution& ex) const {
    std::string s;
    if (!writers.empty()) s = "held by " + join_names(ex, writers);
    if (!readers.empty()) s += (s.empty() ? "" : "; ") + ("read-held by " + join_names(ex, readers));
    if (!waiters.empty()) s += (s.empty() ? "" : "; ") + join_names(ex, waiters) + " waiting";
    return s;
  }
};

void erase_one(std::vector<sim::ThreadId>& v, sim::ThreadId t) {
  auto it = std::find(v.begin(), v.end(), t);
  if (it != v.end()) v.erase(it);
}

// Consecutive states of one object as intervals; "" is no interval.
struct StateTrack {
  ObjectTrack track;
  std::string current;
  std::uint64_t since = 0;
  void set(std::uint64_t at, const std::string& state) {
    if (state == current) return;
    close(at);
    current = state;
    since = at;
  }
  void close(std::uint64_t at) {
    if (!current.empty() && at > since)
      track.states.push_back(Interval{track.object, sim::kNoThread, current, since, at});
  }
};

}  // namespace

Timeline build_timeline(const sim::Execution& ex) {
  const sim::EventLog* log = ex.events();
  if (!log) throw std::logic_error("dcsim: build_timeline needs an execution run with events");
  Timeline tl;
  // One step past the last: what the last step left (a dentry it hashed)
  // holds there, and a deadlock's threads stay blocked in it, where the
  // cycle is shown.
  tl.end = ex.step() + 2;

  // Results and local events of each step, from the trace.
  std::map<std::uint64_t, std::string> results;
  std::map<std::uint64_t, std::vector<std::string>> notes;
  for (const sim::TraceEvent& e : ex.trace()) {
    if (e.visible)
      results[e.step] = e.result;
    else
      notes[e.step].push_back(fmt::format("{}{}{}{}", e.op, e.object == sim::kNoObject ? "" : " ",
                                          describe(ex, e.object), e.result.empty() ? "" : ": " + e.result));
  }

  const std::size_t n = ex.thread_count();
  std::vector<LaneBuilder> lanes(n);
  std::map<sim::ObjectId, StateTrack> lock_tracks, dentry_tracks;
  std::map<sim::ObjectId, LockState> lock_state;
  std::map<std::pair<sim::ThreadId, sim::ObjectId>, std::vector<std::uint64_t>> held_since;
  std::vector<std::vector<std::size_t>> unfinished(n);

  auto lock_track = [&](sim::ObjectId o) -> StateTrack& {
    auto it = lock_tracks.find(o);
    if (it == lock_tracks.end()) {
      StateTrack st;
      st.track = ObjectTrack{o, ex.objects().at(o).name, ex.objects().at(o).kind, {}};
      it = lock_tracks.emplace(o, std::move(st)).first;
    }
    return it->second;
  };
  auto lock_changed = [&](sim::ObjectId o, std::uint64_t at) {
    lock_track(o).set(at, lock_state[o].label(ex));
  };

  for (const SimEvent& e : log->events()) {
    if (e.kind == EventKind::State) {
      auto it = dentry_tracks.find(e.object);
      if (it == dentry_tracks.end()) {
        StateTrack st;
        st.track = ObjectTrack{e.object, ex.objects().at(e.object).name, ex.objects().at(e.object).kind, {}};
        st.since = e.step + 1;
        it = dentry_tracks.emplace(e.object, std::move(st)).first;
      }
      it->second.set(e.step + 1, e.text);
      continue;
    }
    if (e.thread >= n) continue;
    LaneBuilder& lane = lanes[e.thread];
    switch (e.kind) {
      case EventKind::Enter: {
        Slice s;
        s.kind = SliceKind::Function;
        s.name = e.text;
        lane.open.push_back(lane.add(std::move(s), e.step));
        break;
      }
      case EventKind::Leave:
        if (!lane.open.empty()) lane.open.pop_back();
        break;
      case EventKind::Step: {
        Slice s;
        s.kind = SliceKind::Step;
        s.step = e.step;
        s.start = e.step;
        s.end = e.step + 1;
        s.op = e.text;
        s.object = e.object;
        s.name = e.object == sim::kNoObject ? e.text : fmt::format("{} {}", e.text, describe(ex, e.object));
        s.function = lane.open.empty() ? std::string() : lane.nodes[lane.open.back()].slice.name;
        if (auto r = results.find(e.step); r != results.end()) s.result = r->second;
        if (auto nt = notes.find(e.step); nt != notes.end()) s.notes = nt->second;
        s.objects = e.objects;
        lane.add(std::move(s), e.step);
        for (std::size_t fi : unfinished[e.thread]) tl.flows[fi].to_step = e.step;
        unfinished[e.thread].clear();
        break;
      }
      case EventKind::Block: {
        Slice s;
        s.kind = SliceKind::Wait;
        s.op = e.text;
        s.object = e.object;
        s.name = fmt::format("wait: {} {}", e.text, describe(ex, e.object));
        s.function = lane.open.empty() ? std::string() : lane.nodes[lane.open.back()].slice.name;
        s.start = e.step;
        s.end = tl.end;  // until woken
        lane.wait = lane.add(std::move(s), e.step);
        if (e.object != sim::kNoObject) {
          lock_state[e.object].waiters.push_back(e.thread);
          lock_changed(e.object, e.step);
        }
        break;
      }
      case EventKind::Wake: {
        if (e.other >= n) break;
        LaneBuilder& woken = lanes[e.other];
        if (woken.wait != SIZE_MAX) {
          woken.nodes[woken.wait].slice.end = e.step + 1;
          woken.wait = SIZE_MAX;
        }
        tl.flows.push_back(Flow{e.thread, e.other, e.step, 0, e.object});
        unfinished[e.other].push_back(tl.flows.size() - 1);
        if (e.object != sim::kNoObject && lock_state.count(e.object)) {
          erase_one(lock_state[e.object].waiters, e.other);
          if (lock_tracks.count(e.object)) lock_changed(e.object, e.step + 1);
        }
        break;
      }
      case EventKind::Acquire:
      case EventKind::AcquireShared: {
        LockState& ls = lock_state[e.object];
        (e.kind == EventKind::Acquire ? ls.writers : ls.readers).push_back(e.thread);
        held_since[{e.thread, e.object}].push_back(e.step + 1);
        lock_changed(e.object, e.step + 1);
        break;
      }
      case EventKind::Release: {
        LockState& ls = lock_state[e.object];
        if (std::find(ls.writers.begin(), ls.writers.end(), e.thread) != ls.writers.end())
          erase_one(ls.writers, e.thread);
        else if (std::find(ls.readers.begin(), ls.readers.end(), e.thread) != ls.readers.end())
          erase_one(ls.readers, e.thread);
        else if (!ls.writers.empty())  // a semaphore up()ed by another task
          ls.writers.erase(ls.writers.begin());
        auto& since = held_since[{e.thread, e.object}];
        if (!since.empty()) {
          if (e.step + 1 > since.back())
            tl.holds.push_back(Interval{e.object, e.thread, "holds " + describe(ex, e.object), since.back(),
                                        e.step + 1});
          since.pop_back();
        }
        lock_changed(e.object, e.step + 1);
        break;
      }
      case EventKind::State:
        break;
    }
  }
  // Locks still held at the end.
  for (auto& [key, since] : held_since)
    for (std::uint64_t s : since)
      if (tl.end > s)
        tl.holds.push_back(Interval{key.second, key.first, "holds " + describe(ex, key.second), s, tl.end});
  std::stable_sort(tl.holds.begin(), tl.holds.end(), [](const Interval& a, const Interval& b) {
    return a.thread != b.thread ? a.thread < b.thread : a.start < b.start;
  });

  for (sim::ThreadId t = 0; t < n; ++t) {
    ThreadLane tlane;
    tlane.thread = t;
    tlane.name = ex.thread_name(t);
    tlane.daemon = ex.is_daemon(t);
    LaneBuilder& lb = lanes[t];
    for (std::size_t r : lb.roots) lb.span(r);
    std::vector<std::size_t> roots = lb.roots;
    std::stable_sort(roots.begin(), roots.end(), [&](std::size_t a, std::size_t b) {
      return lb.nodes[a].slice.start < lb.nodes[b].slice.start;
    });
    for (std::size_t r : roots) lb.emit(r, 0, tlane.slices);
    tl.threads.push_back(std::move(tlane));
  }
  for (auto& [o, st] : lock_tracks) {
    st.close(tl.end);
    if (!st.track.states.empty()) tl.locks.push_back(std::move(st.track));
  }
  for (auto& [o, st] : dentry_tracks) {
    st.close(tl.end);
    tl.dentries.push_back(std::move(st.track));
  }
  return tl;
}

std::string state_after(const Timeline& tl, sim::ObjectId object, std::uint64_t step) {
  for (const auto* tracks : {&tl.dentries, &tl.locks})
    for (const ObjectTrack& t : *tracks) {
      if (t.object != object) continue;
      for (const Interval& i : t.states)
        if (i.start <= step + 1 && step + 1 < i.end) return i.label;
      return "";
    }
  return "";
}

}  // namespace dcsim::explorer::visual
