#include "explorer/visual/dot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace dcsim::explorer::visual {

namespace {

// Labels use DOT's \n line breaks, so a backslash is kept as written.
std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string thread_node(sim::ThreadId t) { return fmt::format("t{}", t); }
std::string object_node(sim::ObjectId o) { return fmt::format("o{}", o); }

const char* object_shape(const std::string& kind) {
  if (kind == "wait queue" || kind == "completion") return "cds";  // a queue to be woken from
  return "ellipse";
}

}  // namespace

std::string wait_for_dot(const sim::Execution& ex, const std::string& title) {
  const sim::Failure& f = ex.failure();
  std::string out = "digraph wait_for {\n";
  out += "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=" +
         quote(title + "\\n" +
               (f.kind == sim::Verdict::Deadlock ? f.message : "no deadlock (verdict " +
                                                                    std::string(sim::to_string(f.kind)) + ")")) +
         "];\n";
  out += "  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n";
  if (f.kind != sim::Verdict::Deadlock) return out + "}\n";

  std::set<sim::ThreadId> in_cycle;
  for (const sim::WaitEdge& e : f.cycle) in_cycle.insert(e.waiter);
  std::set<sim::ThreadId> threads;
  std::set<sim::ObjectId> objects;
  for (const sim::WaitEdge& e : f.blocked) {
    threads.insert(e.waiter);
    threads.insert(e.waits_for.begin(), e.waits_for.end());
    if (e.object != sim::kNoObject) objects.insert(e.object);
  }
  for (sim::ThreadId t : threads) {
    const bool c = in_cycle.count(t) > 0;
    out += fmt::format("  {} [shape=box, style=\"rounded{}\", {}label={}];\n", thread_node(t),
                       c ? ",filled,bold" : "", c ? "color=red, fillcolor=\"#fde2e2\", " : "",
                       quote(fmt::format("{}\\nthread {}{}", ex.thread_name(t), t,
                                         ex.is_daemon(t) ? " (daemon)" : "")));
  }
  for (sim::ObjectId o : objects) {
    const sim::ObjectInfo& info = ex.objects().at(o);
    out += fmt::format("  {} [shape={}, label={}];\n", object_node(o), object_shape(info.kind),
                       quote(info.name + "\\n[" + info.kind + "]"));
  }
  for (const sim::WaitEdge& e : f.blocked) {
    if (e.object == sim::kNoObject) continue;
    const bool c = in_cycle.count(e.waiter) > 0;
    const std::string style = c ? ", color=red, penwidth=2" : "";
    out += fmt::format("  {} -> {} [label={}{}];\n", thread_node(e.waiter), object_node(e.object),
                       quote("waits: " + e.op + (e.function.empty() ? "" : "\\nin " + e.function)), style);
    for (sim::ThreadId h : e.waits_for) {
      const bool ce = c && in_cycle.count(h) > 0;
      out += fmt::format("  {} -> {} [label={}, style=dashed{}];\n", object_node(e.object), thread_node(h),
                         quote(e.relation.empty() ? "waiting for" : e.relation),
                         ce ? ", color=red, penwidth=2" : "");
    }
  }
  return out + "}\n";
}

std::string lock_order_dot(const sim::LockOrderGraph& graph, const std::string& title) {
  const auto edges = graph.edge_list();
  std::set<std::pair<std::string, std::string>> on_cycle;
  for (const sim::PotentialDeadlock& d : graph.cycles())
    for (std::size_t i = 0; i < d.classes.size(); ++i)
      on_cycle.insert({d.classes[i], d.classes[(i + 1) % d.classes.size()]});
  std::set<std::string> classes;
  for (const auto& e : edges) {
    classes.insert(e.from);
    classes.insert(e.to);
  }
  std::string out = "digraph lock_order {\n";
  out += "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=" +
         quote(fmt::format("{}\\nlock order over {} execution{}: held -> taken next", title, graph.executions(),
                           graph.executions() == 1 ? "" : "s")) +
         "];\n";
  out += "  node [shape=ellipse, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n";
  std::size_t i = 0;
  std::map<std::string, std::string> id;
  for (const std::string& c : classes) {
    id[c] = fmt::format("c{}", i++);
    out += fmt::format("  {} [label={}];\n", id[c], quote(c));
  }
  for (const auto& e : edges) {
    const bool c = on_cycle.count({e.from, e.to}) > 0;
    const std::string label = fmt::format("{}: {} in {},\\nthen {} in {}", e.chain.thread, e.chain.held_lock,
                                          e.chain.held_function, e.chain.lock, e.chain.function);
    out += fmt::format("  {} -> {} [label={}{}{}];\n", id[e.from], id[e.to], quote(label),
                       c ? ", color=red, penwidth=2" : "", e.all_read ? ", style=dashed" : "");
  }
  return out + "}\n";
}

}  // namespace dcsim::explorer::visual
