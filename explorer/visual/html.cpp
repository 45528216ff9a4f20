#include "explorer/visual/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "explorer/visual/html_assets.hpp"
#include "explorer/visual/wait_for_svg.hpp"

namespace dcsim::explorer::visual {

namespace {

constexpr int kBar = 12;  // px per level of nesting, as --bar

std::string object_name(const sim::Execution& ex, sim::ObjectId o) {
  return o == sim::kNoObject ? std::string() : ex.objects().describe(o);
}

std::string thread_label(const sim::Execution& ex, sim::ThreadId t) {
  return fmt::format("{} (thread {}{})", ex.thread_name(t), t, ex.is_daemon(t) ? ", daemon" : "");
}

std::string names(const sim::Execution& ex, const std::vector<sim::ThreadId>& ts) {
  std::string out;
  for (sim::ThreadId t : ts) out += (out.empty() ? "" : ", ") + ex.thread_name(t);
  return out;
}

struct Page {
  const sim::Execution& ex;
  const Context& ctx;
  Timeline tl;
  std::uint64_t first = 1;  // the first row's step
  std::string out;

  // Rows from the first step; the stylesheet's --row is a row's height.
  int top(std::uint64_t step) const { return static_cast<int>(step - std::min(step, first)); }

  void head() {
    const sim::Failure& f = ex.failure();
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<title>dcsim: {} &#8212; {}</title>\n", html_escape(ctx.scenario), sim::to_string(f.kind));
    out += "<style>" + std::string(kHtmlStyle) + "</style>\n</head>\n<body>\n";
  }

  void header() {
    const sim::Failure& f = ex.failure();
    out += "<header>\n";
    out += fmt::format("<h1>dcsim: {} <span class=\"verdict{}\">{}</span></h1>\n", html_escape(ctx.scenario),
                       f.kind == sim::Verdict::Ok ? "" : " failed", sim::to_string(f.kind));
    out += "<dl class=\"meta\">\n";
    out += fmt::format("<dt>scenario</dt><dd><code>{}</code></dd>\n", html_escape(ctx.file));
    out += fmt::format("<dt>profile</dt><dd>{}</dd>\n", html_escape(ctx.profile));
    out += "<dt>rules</dt><dd><ul class=\"rules\">";
    std::istringstream rules(ctx.rules);
    for (std::string r; rules >> r;) out += fmt::format("<li><code>{}</code></li>", html_escape(r));
    out += "</ul></dd>\n";
    std::string threads;
    for (const ThreadLane& l : tl.threads) threads += (threads.empty() ? "" : ", ") + thread_label(ex, l.thread);
    out += fmt::format("<dt>threads</dt><dd>{}</dd>\n", html_escape(threads));
    out += fmt::format("<dt>steps</dt><dd>{}</dd>\n", ex.step());
    out += fmt::format("<dt>replay with</dt><dd><pre class=\"replay\">{}</pre></dd>\n", html_escape(ctx.replay));
    out += "</dl>\n</header>\n";
  }

  void summary() {
    const sim::Failure& f = ex.failure();
    if (f.kind == sim::Verdict::Ok) {
      out += "<section class=\"summary ok\"><p>The execution ran to its end: verdict ok.</p></section>\n";
      return;
    }
    out += "<section class=\"summary\">\n<div class=\"summary-text\">\n";
    const std::string kind(sim::to_string(f.kind));
    out += fmt::format("<h2>{}</h2>\n", html_escape(f.message.rfind(kind + ":", 0) == 0 ? f.message
                                                                                       : kind + ": " + f.message));
    if (f.kind != sim::Verdict::Deadlock) {
      if (f.thread != sim::kNoThread)
        out += fmt::format("<p>in {}{}, at step {}</p>\n", html_escape(thread_label(ex, f.thread)),
                           f.function.empty() ? "" : ", " + html_escape(f.function), f.step);
      if (f.object != sim::kNoObject)
        out += fmt::format("<p>object: {} [{}]</p>\n", html_escape(object_name(ex, f.object)),
                           html_escape(ex.objects().at(f.object).kind));
    } else {
      for (const sim::WaitEdge& w : f.blocked)
        out += fmt::format("<p>{} is blocked in {}, at {}{}: {} {}</p>\n", html_escape(thread_label(ex, w.waiter)),
                           html_escape(w.function.empty() ? "?" : w.function), html_escape(w.op),
                           w.object == sim::kNoObject ? "" : " on " + html_escape(object_name(ex, w.object)),
                           html_escape(w.relation.empty() ? "waiting for" : w.relation),
                           html_escape(names(ex, w.waits_for)));
      if (!f.cycle.empty()) {
        std::string cycle;
        for (const sim::WaitEdge& w : f.cycle) cycle += ex.thread_name(w.waiter) + " -> ";
        cycle += ex.thread_name(f.cycle.front().waiter);
        out += fmt::format("<p><b>cycle: {}</b></p>\n", html_escape(cycle));
      }
    }
    out += "</div>\n";
    const std::string svg = wait_for_svg(ex);
    if (!svg.empty()) {
      out += "<figure class=\"cycle\" id=\"wait-for\">\n";
      out += "<figcaption><b>The wait-for graph.</b> Boxes: threads; rounded: what they wait on; solid: waits "
             "on; dashed: held by, or woken only by; red: the cycle.</figcaption>\n";
      out += svg + "</figure>\n";
    }
    out += "</section>\n";
  }

  bool failed_step(const ThreadLane& lane, const Slice& s) const {
    const sim::Failure& f = ex.failure();
    return f.kind != sim::Verdict::Ok && f.kind != sim::Verdict::Deadlock && f.thread == lane.thread &&
           s.step == f.step;
  }

  void lanes() {
    const sim::Failure& f = ex.failure();
    std::set<sim::ThreadId> in_cycle;
    for (const sim::WaitEdge& w : f.cycle) in_cycle.insert(w.waiter);
    const std::uint64_t rows = tl.end > first ? tl.end - first : 1;
    const int height = static_cast<int>(rows);

    out += "<main class=\"layout\">\n<div class=\"lanes-wrap\">\n";
    out += fmt::format(
        "<div class=\"lanes\" style=\"--lanes: {}; grid-template-columns: 3.2em repeat({}, minmax(170px, 1fr))\">\n",
        tl.threads.size(), tl.threads.size());
    out += "<div class=\"corner\">step</div>\n";
    for (const ThreadLane& l : tl.threads)
      out += fmt::format("<div class=\"lane-head{}\" data-thread=\"{}\">{} <span class=\"sub\">thread {}{}</span></div>\n",
                         in_cycle.count(l.thread) ? " in-cycle" : "", l.thread, html_escape(l.name), l.thread,
                         l.daemon ? ", daemon" : "");
    out += fmt::format("<div class=\"axis\" style=\"height: calc({} * var(--row))\">", height);
    for (std::uint64_t s = first; s < first + rows; ++s)
      out += fmt::format("<div class=\"tick\" style=\"top: calc({} * var(--row))\">{}</div>", top(s), s);
    out += "</div>\n";

    for (const ThreadLane& l : tl.threads) {
      out += fmt::format("<div class=\"lane\" data-thread=\"{}\" style=\"height: calc({} * var(--row))\">\n", l.thread, height);
      std::vector<std::string> stack;  // the enclosing functions of the slice at hand
      bool marked = false;
      // The panel opens on the failing step; for a deadlock on the step where
      // the cycle's first thread blocked.
      std::uint64_t opens = 0;
      if (f.kind == sim::Verdict::Deadlock && !f.cycle.empty() && f.cycle.front().waiter == l.thread)
        for (const Slice& s : l.slices)
          if (s.kind == SliceKind::Step) opens = std::max(opens, s.step);
      for (const Slice& s : l.slices) {
        stack.resize(std::min<std::size_t>(stack.size(), s.depth));
        const int left = static_cast<int>(s.depth) * kBar;
        if (s.kind == SliceKind::Function) {
          out += fmt::format(
              "<div class=\"fn d{}\" title=\"{}\" style=\"top: calc({} * var(--row)); height: calc({} * var(--row)); left: {}px\"><span>{}</span></div>\n",
              s.depth % 6, html_escape(s.name), top(s.start), static_cast<int>(s.end - s.start),
              left + 2, html_escape(s.name));
          stack.push_back(s.name);
          continue;
        }
        if (s.kind == SliceKind::Wait) {
          out += fmt::format(
              "<div class=\"wait\" style=\"top: calc({} * var(--row)); height: calc({} * var(--row)); left: {}px\">{}</div>\n", top(s.start),
              static_cast<int>(std::max<std::uint64_t>(s.end - s.start, 1)), left + 3, html_escape(s.name));
          continue;
        }
        const bool failed = failed_step(l, s);
        marked = marked || failed;
        std::string what = "<b>" + html_escape(s.op) + "</b>";
        if (s.object != sim::kNoObject) what += " " + html_escape(object_name(ex, s.object));
        if (!s.result.empty()) what += ": " + html_escape(s.result);
        out += fmt::format(
            "<div class=\"step{}\" id=\"s-{}\" data-step=\"{}\" data-thread=\"{}\" tabindex=\"0\" role=\"button\" "
            "style=\"top: calc({} * var(--row)); left: {}px\"><span class=\"fnname\">{}</span><span class=\"what\">{}</span></div>\n",
            failed ? " failed" : (opens == s.step ? " opens" : ""), s.step, s.step, l.thread, top(s.start), left + 3,
            html_escape(s.function.empty() ? "(no kernel function)" : s.function), what);
        details.push_back(detail(l, s, stack));
      }
      if (f.kind == sim::Verdict::Deadlock) {
        for (const sim::WaitEdge& w : f.blocked)
          if (w.waiter == l.thread)
            out += fmt::format(
                "<div class=\"blocked{}\" style=\"top: calc({} * var(--row)); left: 3px\" title=\"{}\">blocked: {}{}</div>\n",
                in_cycle.count(l.thread) ? " cycle" : " other", top(tl.end - 1),
                html_escape(w.function), html_escape(w.op),
                w.object == sim::kNoObject ? "" : " " + html_escape(object_name(ex, w.object)));
      } else if (f.kind != sim::Verdict::Ok && f.thread == l.thread && !marked) {
        // Raised in local work between visible steps: marked at its step.
        out += fmt::format("<div class=\"fail-mark\" style=\"top: calc({} * var(--row)); left: 3px\">{}</div>\n", top(f.step),
                           html_escape(f.message));
      }
      out += "</div>\n";
    }
    out += "</div>\n</div>\n";
    out += "<aside id=\"panel\"><div id=\"panel-body\"><p class=\"hint\">Point at a step, or click it, to see the "
           "objects it touched and their state after it.</p></div></aside>\n</main>\n";
  }

  std::vector<std::string> details;

  std::string detail(const ThreadLane& l, const Slice& s, const std::vector<std::string>& stack) const {
    std::string d = fmt::format("<div class=\"detail\" id=\"d-{}\" hidden>\n<h3>step {} &#183; {}</h3>\n", s.step,
                                s.step, html_escape(thread_label(ex, l.thread)));
    std::string path;
    for (const std::string& fn : stack) path += (path.empty() ? "" : " &#8250; ") + html_escape(fn);
    d += fmt::format("<p class=\"stack\">{}</p>\n", path.empty() ? "(no kernel function)" : path);
    d += fmt::format("<p class=\"op\"><b>{}</b>{}{}</p>\n", html_escape(s.op),
                     s.object == sim::kNoObject ? "" : " " + html_escape(object_name(ex, s.object)),
                     s.result.empty() ? "" : " &#8594; " + html_escape(s.result));
    if (failed_step(l, s))
      d += fmt::format("<p class=\"failmsg\">{}: {}</p>\n", sim::to_string(ex.failure().kind),
                       html_escape(ex.failure().message));
    if (!s.notes.empty()) {
      d += "<p>then, before its next step:</p><ul class=\"notes\">";
      for (const std::string& n : s.notes) d += "<li>" + html_escape(n) + "</li>";
      d += "</ul>\n";
    }
    d += "<table class=\"objects\"><thead><tr><th>object it touched</th><th>kind</th><th>state after</th></tr>"
         "</thead><tbody>\n";
    for (sim::ObjectId o : s.objects) {
      const std::string state = state_after(tl, o, s.step);
      d += fmt::format("<tr class=\"object\"><td>{}</td><td>{}</td><td>{}</td></tr>\n", html_escape(object_name(ex, o)),
                       html_escape(ex.objects().at(o).kind), state.empty() ? "&#8212;" : html_escape(state));
    }
    if (s.objects.empty()) d += "<tr><td colspan=\"3\">none</td></tr>\n";
    return d + "</tbody></table>\n</div>\n";
  }

  void tail() {
    out += "<section id=\"details\">\n<h2>Steps</h2>\n";
    for (const std::string& d : details) out += d;
    out += "</section>\n";
    out += "<script>" + std::string(kHtmlScript) + "</script>\n</body>\n</html>\n";
  }
};

}  // namespace

std::string html_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_report(const sim::Execution& ex, const Context& ctx) {
  Page p{ex, ctx, build_timeline(ex), 1, {}, {}};
  for (const ThreadLane& l : p.tl.threads)
    for (const Slice& s : l.slices)
      if (s.kind == SliceKind::Step) p.first = std::min(p.first, s.start);
  p.head();
  p.header();
  p.summary();
  p.lanes();
  p.tail();
  return p.out;
}

}  // namespace dcsim::explorer::visual
