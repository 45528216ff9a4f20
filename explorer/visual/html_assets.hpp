// The HTML report's stylesheet and script, inlined into every report so
// that it opens from a file with no network and no external font.
#pragma once

namespace dcsim::explorer::visual {

inline constexpr const char* kHtmlStyle = R"css(
:root { --row: 38px; --bar: 12px; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1d1f; background: #fafafa; }
header, section.summary { padding: 10px 20px; }
header { background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0 0 6px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
pre.replay { background: #f0f0f0; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-all; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
dl.meta dt { color: #666; }
dl.meta dd { margin: 0; }
ul.rules { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 10px; }
.verdict { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; background: #e7f5e9; color: #1e6b2f; }
.verdict.failed { background: #fde2e2; color: #a61b1b; }
section.summary { background: #fff7f7; border-bottom: 1px solid #f0caca; }
section.summary.ok { background: #f4fbf5; border-color: #cde8d2; }
section.summary { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
.summary-text { flex: 1 1 380px; min-width: 0; }
section.summary p { margin: 2px 0; }
figure.cycle { flex: 0 1 auto; margin: 0; background: #fff; border: 1px solid #eee; border-radius: 4px; padding: 6px 8px; max-width: 100%; }
figure.cycle figcaption { color: #555; font-size: 12px; max-width: 560px; }
svg.wait-for { display: block; max-width: 100%; height: auto; font-size: 12px; }
.wf-node rect { fill: #eef3fb; stroke: #5b7db1; stroke-width: 1.2; }
.wf-node.object rect { fill: #f6f1e7; stroke: #9a7b3c; }
.wf-node.cycle rect { fill: #fde2e2; stroke: #c0392b; stroke-width: 2; }
.wf-node text { text-anchor: middle; }
.wf-node text.l1 { font-weight: 600; }
.wf-node text.l2 { fill: #555; font-size: 11px; }
.wf-edge line { stroke: #555; stroke-width: 1.3; }
.wf-edge.holds line { stroke-dasharray: 5 4; }
.wf-edge.cycle line { stroke: #c0392b; stroke-width: 2.2; }
.wf-edge text { text-anchor: middle; fill: #333; font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.wf-edge.cycle text { fill: #a61b1b; }
main.layout { display: flex; align-items: flex-start; gap: 12px; padding: 10px 20px 30px; }
.lanes-wrap { flex: 1 1 auto; min-width: 0; overflow-x: auto; background: #fff; border: 1px solid #ddd; }
.lanes { display: grid; }
.lane-head, .corner { position: sticky; top: 0; z-index: 5; background: #f2f2f2; border-bottom: 1px solid #ccc; padding: 6px 8px; font-weight: 600; }
.lane-head { border-left: 1px solid #ddd; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lane-head .sub { font-weight: 400; color: #666; }
.lane-head.in-cycle { background: #fde2e2; }
.axis, .lane { position: relative; }
.lane { border-left: 1px solid #ddd; background: repeating-linear-gradient(#fff 0, #fff var(--row), #f7f7f7 var(--row), #f7f7f7 calc(2 * var(--row))); }
.axis { background: #f2f2f2; }
.tick { position: absolute; right: 6px; height: var(--row); line-height: var(--row); color: #777; font-variant-numeric: tabular-nums; }
.fn { position: absolute; width: var(--bar); border-radius: 3px; overflow: hidden; min-height: 4px; }
.fn span { display: block; writing-mode: vertical-rl; font-size: 10px; line-height: var(--bar); white-space: nowrap; color: #222; padding-top: 3px; }
.fn.d0 { background: #bcd3f2; } .fn.d1 { background: #c9e4c5; } .fn.d2 { background: #f5dfb3; }
.fn.d3 { background: #e3ccef; } .fn.d4 { background: #f3c8c8; } .fn.d5 { background: #c8ece9; }
.step, .wait, .blocked, .fail-mark { position: absolute; right: 3px; border-radius: 4px; padding: 2px 6px; overflow: hidden; }
.step { z-index: 2; height: calc(var(--row) - 3px); margin-top: 1px; background: #e8f0fe; border: 1px solid #8fb0e8; cursor: pointer; }
.step:hover, .step:focus { outline: 2px solid #3367d6; outline-offset: -1px; }
.step.selected { background: #cfe0ff; border-color: #3367d6; box-shadow: 0 0 0 2px #3367d6 inset; }
.step .fnname, .wait .fnname { display: block; font-size: 10.5px; color: #555; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.step .what { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.step .what b { font-weight: 600; }
.step.failed { background: #fde2e2; border: 2px solid #c0392b; }
.wait { z-index: 1; background: repeating-linear-gradient(135deg, #f4f4f4 0 6px, #e6e6e6 6px 12px); border: 1px dashed #aaa; color: #555; font-size: 11px; }
.blocked, .fail-mark { z-index: 3; height: calc(var(--row) - 3px); margin-top: 1px; background: #c0392b; color: #fff; font-size: 11px; font-weight: 600; white-space: nowrap; text-overflow: ellipsis; }
.blocked.other { background: #888; }
aside#panel { flex: 0 0 330px; position: sticky; top: 10px; max-height: calc(100vh - 20px); overflow: auto; background: #fff; border: 1px solid #ddd; padding: 10px 12px; }
aside#panel .hint { color: #666; }
.detail h3 { font-size: 14px; margin: 0 0 4px; }
.detail p { margin: 3px 0; }
.detail .stack { color: #555; font-size: 12px; }
.detail ul { margin: 2px 0; padding-left: 18px; }
.detail table { border-collapse: collapse; width: 100%; margin-top: 4px; }
.detail th, .detail td { text-align: left; border-bottom: 1px solid #eee; padding: 2px 4px; vertical-align: top; }
.detail th { color: #666; font-weight: 500; }
.detail .failmsg { color: #a61b1b; font-weight: 600; }
section#details { display: none; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10px; }
  :root { --row: 34px; }
  aside#panel { display: none; }
  main.layout { display: block; padding: 6px 0; }
  .lanes-wrap { overflow: visible; border: 0; }
  .lane-head, .corner { position: static; }
  .lanes { grid-template-columns: 3em repeat(var(--lanes), minmax(0, 1fr)) !important; }
  section#details { display: block; padding: 0 4px; }
  section#details .detail[hidden] { display: block; }
  .detail { break-inside: avoid; border-top: 1px solid #ddd; padding: 4px 0; }
  header, section.summary { padding: 6px 4px; }
}
)css";

// Hover shows a step's details in the panel, a click pins them there; the
// failing step's are pinned at first.
inline constexpr const char* kHtmlScript = R"js(
(function () {
  "use strict";
  var panel = document.getElementById("panel-body");
  var hint = panel.innerHTML;
  var pinned = null;
  function show(step) {
    if (!step) { panel.innerHTML = hint; return; }
    var d = document.getElementById("d-" + step.getAttribute("data-step"));
    if (!d) return;
    var c = d.cloneNode(true);
    c.removeAttribute("id");
    c.hidden = false;
    panel.replaceChildren(c);
  }
  function pin(step) {
    if (pinned) pinned.classList.remove("selected");
    pinned = step;
    pinned.classList.add("selected");
    show(step);
  }
  document.querySelectorAll(".step").forEach(function (s) {
    s.addEventListener("mouseenter", function () { show(s); });
    s.addEventListener("mouseleave", function () { show(pinned); });
    s.addEventListener("focus", function () { show(s); });
    s.addEventListener("click", function () { pin(s); });
    s.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pin(s); }
    });
  });
  var first = document.querySelector(".step.failed") || document.querySelector(".step.opens");
  if (first) pin(first);
})();
)js";

}  // namespace dcsim::explorer::visual
