#include "explorer/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "explorer/plan/search_plan.hpp"

namespace dcsim::explorer {

namespace {

std::string thread_label(const sim::Execution& ex, sim::ThreadId t) {
  if (t == sim::kNoThread) return "-";
  return fmt::format("{} (thread {})", ex.thread_name(t), t);
}

std::string join_threads(const sim::Execution& ex, const std::vector<sim::ThreadId>& ts) {
  std::string out;
  for (sim::ThreadId t : ts) out += (out.empty() ? "" : ", ") + thread_label(ex, t);
  return out.empty() ? "nobody left to do it" : out;
}

// Lines of at most `width` characters, broken after a space or a comma
// where there is one, else mid-word; never empty.
std::vector<std::string> wrap(const std::string& s, std::size_t width) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (s.size() - at > width) {
    std::size_t cut = at + width;
    const std::size_t brk = s.find_last_of(" ,", cut - 1);
    if (brk != std::string::npos && brk >= at && brk + 1 > at + width / 3) cut = brk + 1;
    std::string line = s.substr(at, cut - at);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    lines.push_back(line);
    at = cut;
    while (at < s.size() && s[at] == ' ') ++at;
  }
  lines.push_back(s.substr(at));
  return lines;
}

// One row of cells side by side, each wrapped onto as many lines as it needs.
std::string wrapped_row(const std::string& first, const std::vector<std::string>& cells, std::size_t width) {
  std::vector<std::vector<std::string>> wrapped;
  std::size_t height = 1;
  for (const std::string& c : cells) {
    wrapped.push_back(wrap(c, width));
    height = std::max(height, wrapped.back().size());
  }
  std::string out;
  for (std::size_t line = 0; line < height; ++line) {
    std::string row = fmt::format("{:>5}", line == 0 ? first : "");
    for (const auto& w : wrapped) row += fmt::format("  {:<{}}", line < w.size() ? w[line] : "", width);
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row + "\n";
  }
  return out;
}

}  // namespace

// The rules of the rule set's era (those its kernel profiles set): the
// others cannot change what a scenario of this era does. JSON lists all.
std::string describe_rules(const model::RuleSet& rules) {
  std::string out;
  for (const model::Rule& r : model::all_rules()) {
    const bool of_era = std::any_of(model::all_profiles().begin(), model::all_profiles().end(),
                                    [&](const model::Profile& p) {
                                      return p.era == rules.era() && p.values.count(r.name);
                                    });
    if (of_era) out += fmt::format("{}{}={}", out.empty() ? "" : " ", r.name, rules.get(r.name));
  }
  return out;
}

std::string thread_legend(const sim::Execution& ex) {
  std::string out;
  for (sim::ThreadId t = 0; t < ex.thread_count(); ++t)
    out += fmt::format("{}{} {}{}", out.empty() ? "" : ", ", t, ex.thread_name(t),
                       ex.is_daemon(t) ? " (daemon)" : "");
  return out;
}

std::string trace_table(const sim::Execution& ex) {
  std::size_t wt = 6, wf = 8, wo = 9, wobj = 6;
  for (const sim::TraceEvent& e : ex.trace()) {
    wt = std::max(wt, ex.thread_name(e.thread).size());
    wf = std::max(wf, e.function.size());
    wo = std::max(wo, e.op.size());
    wobj = std::max(wobj, ex.objects().describe(e.object).size());
  }
  std::string out = fmt::format("{:>5}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}\n", "step", "thread", wt,
                                "function", wf, "operation", wo, "object", wobj, "result");
  for (const sim::TraceEvent& e : ex.trace()) {
    const std::string step = e.visible ? fmt::format("{}", e.step) : "";
    std::string row = fmt::format("{:>5}  {:<{}}  {:<{}}  {:<{}}  {:<{}}  {}", step,
                                  ex.thread_name(e.thread), wt, e.function, wf, e.op, wo,
                                  ex.objects().describe(e.object), wobj, e.result);
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row + "\n";
  }
  return out;
}

std::string trace_columns(const sim::Execution& ex) {
  constexpr std::size_t kWidth = 44;
  const std::size_t n = ex.thread_count();
  std::vector<std::string> heads;
  for (sim::ThreadId t = 0; t < n; ++t) heads.push_back(fmt::format("{} {}", t, ex.thread_name(t)));
  std::string out = wrapped_row("step", heads, kWidth);
  for (const sim::TraceEvent& e : ex.trace()) {
    if (!e.visible) continue;
    std::vector<std::string> cells(n);
    if (e.thread < n) {
      std::string& cell = cells[e.thread];
      cell = fmt::format("{} {}", e.op, ex.objects().describe(e.object));
      if (!e.result.empty()) cell += ": " + e.result;
    }
    out += wrapped_row(fmt::format("{}", e.step), cells, kWidth);
  }
  return out;
}

std::string failure_text(const sim::Execution& ex) {
  const sim::Failure& f = ex.failure();
  if (f.kind == sim::Verdict::Ok) return "verdict: ok\n";
  std::string out = fmt::format("verdict: {}\n", sim::to_string(f.kind));
  const std::string rule(62, '=');
  out += rule + "\n";
  out += fmt::format("{}\n", f.message);
  if (f.kind != sim::Verdict::Deadlock) {
    if (f.thread != sim::kNoThread)
      out += fmt::format("  in {}{}, at step {}\n", thread_label(ex, f.thread),
                         f.function.empty() ? "" : ", " + f.function, f.step);
    if (f.object != sim::kNoObject)
      out += fmt::format("  object: {} [{}]\n", ex.objects().describe(f.object),
                         ex.objects().at(f.object).kind);
    out += rule + "\n";
    return out;
  }
  out += std::string(62, '-') + "\n";
  auto edge_text = [&](const sim::WaitEdge& e) {
    std::string s = fmt::format("{} is blocked\n", thread_label(ex, e.waiter));
    s += fmt::format("  in {}, at {}\n", e.function.empty() ? "?" : e.function, e.op);
    if (e.object != sim::kNoObject) {
      const sim::ObjectInfo& o = ex.objects().at(e.object);
      s += fmt::format("  on {} [{}]\n", o.name, o.kind);
    }
    s += fmt::format("  {} {}\n", e.relation.empty() ? "waiting for" : e.relation,
                     join_threads(ex, e.waits_for));
    return s;
  };
  if (!f.cycle.empty()) {
    for (const sim::WaitEdge& e : f.cycle) out += edge_text(e);
    std::string cycle;
    for (const sim::WaitEdge& e : f.cycle) cycle += ex.thread_name(e.waiter) + " -> ";
    cycle += ex.thread_name(f.cycle.front().waiter);
    out += fmt::format("cycle: {}\n", cycle);
  }
  for (const sim::WaitEdge& e : f.blocked) {
    bool in_cycle = std::any_of(f.cycle.begin(), f.cycle.end(),
                                [&](const sim::WaitEdge& c) { return c.waiter == e.waiter; });
    if (in_cycle) continue;
    if (ex.is_daemon(e.waiter))
      out += fmt::format("also idle: {} on {} (daemon)\n", thread_label(ex, e.waiter),
                         ex.objects().describe(e.object));
    else
      out += edge_text(e);
  }
  out += rule + "\n";
  return out;
}

Json setup_json(const SearchPlan& setup) {
  Json j;
  j["scenario"] = setup.scenario->name;
  j["file"] = setup.scenario->file;
  j["variant"] = setup.variant.empty() ? Json(nullptr) : Json(setup.variant);
  j["profile"] = setup.profile;
  Json rules = Json::object();
  for (const model::Rule& r : model::all_rules()) rules[r.name] = setup.rules.get(r.name);
  j["rules"] = rules;
  j["invariants"] = Json{{"R8", setup.rules.check_r8}, {"pending_lock", setup.rules.check_pending_lock}};
  Json b;
  b["max_steps"] = setup.max_steps;
  b["max_executions"] = setup.max_executions ? Json(*setup.max_executions) : Json(nullptr);
  b["preemptions"] = setup.preemptions ? Json(*setup.preemptions) : Json(nullptr);
  b["max_total_steps"] = setup.max_total_steps ? Json(setup.max_total_steps) : Json(nullptr);
  b["max_time"] = setup.max_seconds > 0 ? Json(setup.max_seconds) : Json(nullptr);
  j["bounds"] = b;
  j["failure_function"] = setup.failure_function ? Json(*setup.failure_function) : Json(nullptr);
  return j;
}

Json threads_json(const sim::Execution& ex) {
  Json a = Json::array();
  for (sim::ThreadId t = 0; t < ex.thread_count(); ++t)
    a.push_back({{"id", t}, {"name", ex.thread_name(t)}, {"daemon", ex.is_daemon(t)}});
  return a;
}

namespace {
Json object_json(const sim::Execution& ex, sim::ObjectId o) {
  return o == sim::kNoObject ? Json(nullptr) : Json(ex.objects().describe(o));
}
}  // namespace

Json trace_json(const sim::Execution& ex) {
  Json a = Json::array();
  for (const sim::TraceEvent& e : ex.trace()) {
    Json j;
    j["step"] = e.step;
    j["visible"] = e.visible;
    j["thread"] = e.thread;
    j["function"] = e.function;
    j["op"] = e.op;
    j["object"] = object_json(ex, e.object);
    j["result"] = e.result;
    a.push_back(std::move(j));
  }
  return a;
}

Json failure_json(const sim::Execution& ex) {
  const sim::Failure& f = ex.failure();
  if (f.kind == sim::Verdict::Ok) return nullptr;
  auto edge = [&](const sim::WaitEdge& e) {
    Json j;
    j["thread"] = e.waiter;
    j["function"] = e.function;
    j["op"] = e.op;
    j["object"] = object_json(ex, e.object);
    j["relation"] = e.relation;
    j["waits_for"] = e.waits_for;
    return j;
  };
  Json j;
  j["kind"] = sim::to_string(f.kind);
  j["message"] = f.message;
  j["thread"] = f.thread == sim::kNoThread ? Json(nullptr) : Json(f.thread);
  j["function"] = f.function;
  j["object"] = object_json(ex, f.object);
  j["step"] = f.step;
  Json cycle = Json::array(), blocked = Json::array();
  for (const auto& e : f.cycle) cycle.push_back(edge(e));
  for (const auto& e : f.blocked) blocked.push_back(edge(e));
  j["cycle"] = cycle;
  j["blocked"] = blocked;
  return j;
}

}  // namespace dcsim::explorer
