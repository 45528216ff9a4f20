#include "explorer/visual/wait_for_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include "explorer/visual/html.hpp"

namespace dcsim::explorer::visual {

namespace {

struct Node {
  std::string key;  // "t3", "o12"
  std::string line1, line2;
  bool thread = false, in_cycle = false;
  long x = 0, y = 0, hw = 0, hh = 22;  // centre, half sizes
};

struct Edge {
  std::string from, to, label;
  bool waits = false, in_cycle = false;
};

constexpr long kCharWidth = 7;  // 12px sans-serif, generously

long half_width(const Node& n) {
  return static_cast<long>(std::max(n.line1.size(), n.line2.size())) * kCharWidth / 2 + 12;
}

// Where the segment from a's centre towards b's leaves a's box.
std::pair<long, long> border_point(const Node& a, const Node& b) {
  const double dx = static_cast<double>(b.x - a.x), dy = static_cast<double>(b.y - a.y);
  if (dx == 0 && dy == 0) return {a.x, a.y};
  const double tx = dx == 0 ? 1e9 : static_cast<double>(a.hw) / std::fabs(dx);
  const double ty = dy == 0 ? 1e9 : static_cast<double>(a.hh) / std::fabs(dy);
  const double t = std::min(tx, ty);
  return {a.x + std::lround(dx * t), a.y + std::lround(dy * t)};
}

}  // namespace

std::string wait_for_svg(const sim::Execution& ex) {
  const sim::Failure& f = ex.failure();
  if (f.kind != sim::Verdict::Deadlock || f.blocked.empty()) return "";
  std::vector<Node> nodes;
  std::map<std::string, std::size_t> index;
  auto node = [&](const std::string& key, bool thread, std::uint64_t id) -> Node& {
    auto it = index.find(key);
    if (it != index.end()) return nodes[it->second];
    Node n;
    n.key = key;
    n.thread = thread;
    if (thread) {
      const auto t = static_cast<sim::ThreadId>(id);
      n.line1 = ex.thread_name(t);
      n.line2 = fmt::format("thread {}{}", t, ex.is_daemon(t) ? " (daemon)" : "");
    } else {
      const sim::ObjectInfo& o = ex.objects().at(static_cast<sim::ObjectId>(id));
      n.line1 = o.name;
      n.line2 = "[" + o.kind + "]";
    }
    n.hw = half_width(n);
    index[key] = nodes.size();
    nodes.push_back(std::move(n));
    return nodes.back();
  };
  auto tkey = [](sim::ThreadId t) { return fmt::format("t{}", t); };
  auto okey = [](sim::ObjectId o) { return fmt::format("o{}", o); };

  // The ring: waiter, its object, the next waiter, ...
  std::set<sim::ThreadId> cycle_threads;
  for (const sim::WaitEdge& w : f.cycle) cycle_threads.insert(w.waiter);
  std::vector<std::string> ring;
  auto on_ring = [&](const std::string& key) {
    if (std::find(ring.begin(), ring.end(), key) == ring.end()) ring.push_back(key);
  };
  for (const sim::WaitEdge& w : f.cycle) {
    node(tkey(w.waiter), true, w.waiter).in_cycle = true;
    on_ring(tkey(w.waiter));
    if (w.object != sim::kNoObject) {
      node(okey(w.object), false, w.object).in_cycle = true;
      on_ring(okey(w.object));  // two waiters of one lock share its node
    }
  }
  std::vector<Edge> edges;
  std::vector<std::string> others;
  for (const sim::WaitEdge& w : f.blocked) {
    const bool c = cycle_threads.count(w.waiter) > 0;
    if (!index.count(tkey(w.waiter))) others.push_back(tkey(w.waiter));
    node(tkey(w.waiter), true, w.waiter);
    if (w.object == sim::kNoObject) continue;
    if (!index.count(okey(w.object))) others.push_back(okey(w.object));
    node(okey(w.object), false, w.object);
    edges.push_back({tkey(w.waiter), okey(w.object),
                     w.op + (w.function.empty() ? "" : " in " + w.function), true, c});
    for (sim::ThreadId h : w.waits_for) {
      if (!index.count(tkey(h))) others.push_back(tkey(h));
      node(tkey(h), true, h);
      edges.push_back({okey(w.object), tkey(h), w.relation.empty() ? "waiting for" : w.relation, false,
                       c && cycle_threads.count(h) > 0});
    }
  }

  // Ring positions rounded to whole pixels, the first node at the top; a
  // two-node ring is stretched so that its labels do not overlap.
  long widest = 0;
  for (const Node& n : nodes) widest = std::max(widest, n.hw);
  const long k = static_cast<long>(ring.size());
  const long radius = k <= 1 ? 0 : std::max<long>(90, k * 36) + (k == 2 ? 0 : widest / 2);
  for (long i = 0; i < k; ++i) {
    Node& n = nodes[index[ring[static_cast<std::size_t>(i)]]];
    const double a = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(k) - std::numbers::pi / 2;
    n.x = std::lround(radius * std::cos(a) * (k == 2 ? 1.6 : 1.35));
    n.y = std::lround(radius * std::sin(a) * 0.6);
  }
  // The others in a row beneath, spaced to fit the longest label between them.
  std::size_t label = 0;
  for (const Edge& e : edges)
    if (!e.in_cycle) label = std::max(label, std::min<std::size_t>(e.label.size(), 40));
  long x = -radius * 135 / 100, y = radius * 6 / 10 + 90;
  for (const std::string& key : others) {
    Node& n = nodes[index[key]];
    n.x = x + n.hw;
    n.y = y;
    x += 2 * n.hw + 30 + static_cast<long>(label) * 6;
  }
  long minx = 0, maxx = 0, miny = 0, maxy = 0;
  bool first = true;
  for (const Node& n : nodes) {
    if (first) {
      minx = n.x - n.hw, maxx = n.x + n.hw, miny = n.y - n.hh, maxy = n.y + n.hh;
      first = false;
    }
    minx = std::min(minx, n.x - n.hw);
    maxx = std::max(maxx, n.x + n.hw);
    miny = std::min(miny, n.y - n.hh);
    maxy = std::max(maxy, n.y + n.hh);
  }
  const long pad = 70;
  minx -= pad, miny -= 30, maxx += pad, maxy += 30;

  std::string out = fmt::format(
      "<svg class=\"wait-for\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"wait-for graph\">\n",
      minx, miny, maxx - minx, maxy - miny, maxx - minx, maxy - miny);
  out +=
      "<defs><marker id=\"wf-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
      "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#555\"/></marker>"
      "<marker id=\"wf-arrow-red\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
      "markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#c0392b\"/></marker>"
      "</defs>\n";
  std::set<std::pair<std::string, std::string>> pairs;
  for (const Edge& e : edges) pairs.insert({e.from, e.to});
  for (const Edge& e : edges) {
    const Node& a = nodes[index[e.from]];
    const Node& b = nodes[index[e.to]];
    auto [x1, y1] = border_point(a, b);
    auto [x2, y2] = border_point(b, a);
    // An edge with one back the other way: both moved apart, to the right
    // of their direction, labels too.
    long dx = 0, dy = 0;
    if (pairs.count({e.to, e.from})) {
      const double len = std::hypot(static_cast<double>(x2 - x1), static_cast<double>(y2 - y1));
      if (len > 0) {
        dx = std::lround(-static_cast<double>(y2 - y1) / len * 7);
        dy = std::lround(static_cast<double>(x2 - x1) / len * 7);
      }
    }
    x1 += dx, x2 += dx, y1 += dy, y2 += dy;
    // Long labels (a protocol program's `await` condition) are cut here;
    // the summary above the graph has them whole.
    const std::string label = e.label.size() > 40 ? e.label.substr(0, 37) + "..." : e.label;
    out += fmt::format(
        "<g class=\"wf-edge{}{}\"><title>{}</title><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" "
        "marker-end=\"url(#{})\"/><text x=\"{}\" y=\"{}\">{}</text></g>\n",
        e.in_cycle ? " cycle" : "", e.waits ? " waits" : " holds", html_escape(e.label), x1, y1, x2, y2,
        e.in_cycle ? "wf-arrow-red" : "wf-arrow", (x1 + x2) / 2 + 3 * dx, (y1 + y2) / 2 - 5 + 3 * dy,
        html_escape(label));
  }
  for (const Node& n : nodes) {
    out += fmt::format(
        "<g class=\"wf-node {}{}\" data-node=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>"
        "<text x=\"{}\" y=\"{}\" class=\"l1\">{}</text><text x=\"{}\" y=\"{}\" class=\"l2\">{}</text></g>\n",
        n.thread ? "thread" : "object", n.in_cycle ? " cycle" : "", n.key, n.x - n.hw, n.y - n.hh, 2 * n.hw,
        2 * n.hh, n.thread ? 6 : n.hh, n.x, n.y - 4, html_escape(n.line1), n.x, n.y + 12, html_escape(n.line2));
  }
  return out + "</svg>\n";
}

}  // namespace dcsim::explorer::visual
