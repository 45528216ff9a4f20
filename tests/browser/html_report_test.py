#!/usr/bin/env python3
"""The HTML report (`--html`) in a real browser: Debian's chromium, headless,
driven through chromedriver's WebDriver HTTP API (python3's urllib only).

For the devfs deadlock, an NFS BUG_ON and the same with a file name that
is markup, it loads the report from a file:// URL and checks: no console
errors, no network request (CDP Network events from chromedriver's
performance log, the page's resource timing entries, no http(s):// in the
file), one swimlane per thread and one box per visible step of the trace
(`dcsim replay --json`), a click on a step shows the objects it touched,
the deadlock's cycle drawn, the failing step highlighted.

Usage: html_report_test.py DCSIM SOURCE_DIR WORK_DIR
Exit 77 (skipped) when chromium or chromedriver is absent, unless
DCSIM_REQUIRE_BROWSER=1 (as .ci/run sets), which makes that a failure.
DCSIM_CHROMIUM and DCSIM_CHROMEDRIVER name other binaries.
"""
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

SKIP = 77
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)
    return cond


def find_browser():
    """Debian's chromium and chromedriver, or DCSIM_CHROMIUM / DCSIM_CHROMEDRIVER."""
    def found(env, names, fallback=None):
        if env in os.environ:
            p = os.environ[env]
            return p if os.access(p, os.X_OK) else None
        for n in names:
            if shutil.which(n):
                return shutil.which(n)
        return fallback if fallback and os.access(fallback, os.X_OK) else None
    return (found("DCSIM_CHROMIUM", ["chromium", "chromium-browser"]),
            found("DCSIM_CHROMEDRIVER", ["chromedriver"], "/usr/lib/chromium/chromedriver"))


class WebDriver:
    def __init__(self, driver, chromium, profile_dir):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([driver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                self.call("GET", "/status")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        caps = {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", f"--user-data-dir={profile_dir}",
                         "--no-first-run", "--disable-extensions", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync"],
                "perfLoggingPrefs": {"enableNetwork": True, "enablePage": False},
            },
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }
        r = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})
        self.session = r["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode(errors='replace')[:500]}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)["value"]

    def get(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        return self.s("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def click(self, element):
        self.s("POST", f"/element/{element}/click", {})

    def log(self, kind):
        return self.s("POST", "/se/log", {"type": kind})

    def quit(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def write_report(dcsim, source, scenario, out):
    """Writes the HTML report; returns `replay --json`'s report of the same run."""
    r = subprocess.run([dcsim, "replay", scenario, "--json", "--html", out], cwd=source,
                       capture_output=True, text=True)
    if r.returncode not in (0, 1) or not os.path.exists(out):
        raise RuntimeError(f"dcsim replay {scenario} --html: exit {r.returncode}: {r.stderr}")
    return json.loads(r.stdout)


def page_traffic(wd, url):
    """Loads `url`; returns its console errors, resource entries and the URLs
    its document requested (CDP Network events; the browser's own pages make
    requests of their own, so only those of this document count)."""
    wd.get("about:blank")
    wd.log("browser")
    wd.log("performance")
    wd.get(url)
    errors = [e for e in wd.log("browser") if e.get("level") == "SEVERE"]
    resources = wd.js("return performance.getEntriesByType('resource').map(e => e.name)")
    requests = []
    for entry in wd.log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent" and msg["params"].get("documentURL") == url:
            requests.append(msg["params"]["request"]["url"])
    return errors, resources, requests


def control(wd, work):
    """A page that fetches an image and throws: the checks below must see both."""
    path = os.path.join(work, "control.html")
    with open(path, "w") as fh:
        fh.write('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"><script>nosuch()</script></body></html>')
    url = "file://" + os.path.abspath(path)
    errors, resources, requests = page_traffic(wd, url)
    check(any("nosuch" in e.get("message", "") for e in errors), "control: a script error is seen")
    check(resources == ["http://127.0.0.1:9/x.png"], f"control: a resource entry is seen {resources}")
    check(requests == [url, "http://127.0.0.1:9/x.png"], f"control: the request is seen {requests}")


def load(wd, path, name):
    """Loads the report and checks what every report must satisfy."""
    text = open(path, encoding="utf-8").read()
    check("http://" not in text and "https://" not in text, f"{name}: no http(s):// reference in the file")
    url = "file://" + os.path.abspath(path)
    errors, resources, requests = page_traffic(wd, url)
    check(wd.js("return document.readyState") == "complete", f"{name}: loaded")
    check(not errors, f"{name}: no console errors {errors[:3]}")
    check(resources == [], f"{name}: no resource loaded by the page {resources[:3]}")
    check(requests == [url], f"{name}: the only request is the report itself {requests[:4]}")
    return text


def check_lanes_and_steps(wd, report, name):
    threads = report["threads"]
    visible = [e for e in report["trace"] if e["visible"]]
    lanes = wd.js("return Array.from(document.querySelectorAll('.lane')).map(l => l.dataset.thread)")
    check(lanes == [str(t["id"]) for t in threads], f"{name}: one swimlane per thread ({len(lanes)})")
    heads = wd.js("return Array.from(document.querySelectorAll('.lane-head')).map(h => h.textContent)")
    check(len(heads) == len(threads) and all(h.startswith(t["name"] + " ") for h, t in zip(heads, threads)),
          f"{name}: each swimlane named as in the scenario {heads}")
    steps = wd.js("return Array.from(document.querySelectorAll('.lane .step')).map(s => "
                  "[Number(s.dataset.step), Number(s.dataset.thread), s.getBoundingClientRect().width > 0])")
    check(len(steps) == len(visible), f"{name}: {len(steps)} step boxes for {len(visible)} visible steps")
    check(sorted((s, t) for s, t, _ in steps) == sorted((e["step"], e["thread"]) for e in visible),
          f"{name}: each step in its thread's lane")
    check(all(shown for _, _, shown in steps), f"{name}: every step box is laid out")
    return visible


def check_click(wd, visible, name):
    # The first step that touches something, and one far from it.
    for event in [visible[0], visible[len(visible) // 2]]:
        wd.click(wd.find(f"#s-{event['step']}"))
        title = wd.js("return document.querySelector('#panel-body h3').textContent")
        check(title.startswith(f"step {event['step']} "), f"{name}: a click on step {event['step']} shows it ({title})")
        rows = wd.js("return Array.from(document.querySelectorAll('#panel-body tr.object td:first-child'))"
                     ".map(td => td.textContent)")
        check(len(rows) > 0 and (event["object"] is None or event["object"] in rows),
              f"{name}: the panel lists the objects step {event['step']} touched, {event['object']} among {rows}")
        states = wd.js("return Array.from(document.querySelectorAll('#panel-body tr.object td:last-child'))"
                       ".map(td => td.textContent)")
        check(len(states) == len(rows), f"{name}: each with its state after the step")
        check(wd.js("return document.querySelectorAll('.step.selected').length") == 1,
              f"{name}: the clicked step is marked")


def devfs(wd, dcsim, source, work):
    out = os.path.join(work, "devfs-ls-rm.html")
    report = write_report(dcsim, source, "scenarios/devfs-ls-rm.json", out)
    load(wd, out, "devfs")
    visible = check_lanes_and_steps(wd, report, "devfs")
    check_click(wd, visible, "devfs")
    cycle = report["failure"]["cycle"]
    names = {t["id"]: t["name"] for t in report["threads"]}
    drawn = wd.js("var s = document.querySelector('svg.wait-for'); if (!s) return null;"
                  "var r = s.getBoundingClientRect();"
                  "return {w: r.width, h: r.height,"
                  " threads: Array.from(s.querySelectorAll('.wf-node.thread.cycle .l1')).map(t => t.textContent),"
                  " edges: s.querySelectorAll('.wf-edge.cycle line').length}")
    check(drawn is not None and drawn["w"] > 100 and drawn["h"] > 100, f"devfs: the wait-for graph is drawn {drawn}")
    if drawn:
        check(sorted(drawn["threads"]) == sorted(names[e["thread"]] for e in cycle),
              f"devfs: the cycle's threads {drawn['threads']}")
        check(drawn["edges"] == 2 * len(cycle), f"devfs: {drawn['edges']} red edges for a cycle of {len(cycle)}")
    blocked = wd.js("return Array.from(document.querySelectorAll('.blocked.cycle')).map(b => b.parentElement.dataset.thread)")
    check(sorted(blocked) == sorted(str(e["thread"]) for e in cycle), f"devfs: each thread of the cycle marked blocked {blocked}")
    check_print(wd, len(visible), "devfs")


def check_print(wd, steps, name):
    """Printed: no panel, every step's details instead; the PDF has pages."""
    wd.s("POST", "/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": {"media": "print"}})
    shown = wd.js("return {panel: getComputedStyle(document.getElementById('panel')).display,"
                  " details: Array.from(document.querySelectorAll('#details .detail'))"
                  ".filter(d => d.getBoundingClientRect().height > 0).length}")
    check(shown["panel"] == "none" and shown["details"] == steps,
          f"{name}: printed, the panel gives way to the {steps} steps' details {shown}")
    wd.s("POST", "/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": {"media": ""}})
    pdf = base64.b64decode(wd.s("POST", "/print", {"orientation": "landscape"}))
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    check(pdf.startswith(b"%PDF") and pages >= 1, f"{name}: prints to a PDF ({pages} pages)")


def nfs(wd, dcsim, source, work):
    out = os.path.join(work, "nfs-ls-race.html")
    report = write_report(dcsim, source, "scenarios/nfs-ls-race.json", out)
    load(wd, out, "nfs")
    check_lanes_and_steps(wd, report, "nfs")
    f = report["failure"]
    check(f["kind"] == "bug", f"nfs: the replay is a BUG ({f['kind']})")
    failed = wd.js("return Array.from(document.querySelectorAll('.step.failed')).map(s => "
                   "[Number(s.dataset.step), Number(s.dataset.thread), getComputedStyle(s).backgroundColor])")
    normal = wd.js("return getComputedStyle(document.querySelector('.step:not(.failed)')).backgroundColor")
    check(len(failed) == 1 and failed[0][:2] == [f["step"], f["thread"]],
          f"nfs: the failing step {f['step']} of thread {f['thread']} is highlighted {failed}")
    check(len(failed) == 1 and failed[0][2] != normal, f"nfs: in another colour ({failed[:1]} vs {normal})")
    msg = wd.js("var m = document.querySelector('#panel-body .failmsg'); return m && m.textContent")
    check(bool(msg) and f["message"] in msg, f"nfs: the panel opens on the failure ({msg})")
    check(wd.js("return document.querySelector('svg.wait-for') === null"), "nfs: no wait-for graph without a deadlock")


def markup_names(wd, dcsim, source, work):
    """A file name that is markup (scenario names and thread names are
    identifiers, paths are not): shown as text, never run or fetched."""
    hostile = "<img src=x onerror=alert(1)>"
    text = open(os.path.join(source, "scenarios/nfs-ls-race.json")).read().replace("/d/f", "/d/" + hostile)
    path = os.path.join(work, "markup-names.json")
    with open(path, "w") as fh:
        fh.write(text)
    out = os.path.join(work, "markup-names.html")
    report = write_report(dcsim, source, path, out)
    check(report["failure"]["kind"] == "bug", f"markup: the same BUG with the markup name ({report['failure']['kind']})")
    load(wd, out, "markup")
    # An alert would leave a dialog open, and the next command would fail.
    check(wd.js("return document.querySelectorAll('img').length") == 0, "markup: no element made from the name")
    check(wd.js("return document.querySelectorAll('script').length") == 1, "markup: no script but the report's own")
    shown = wd.js("return Array.from(document.querySelectorAll('.step .what')).map(w => w.textContent)"
                  ".filter(t => t.indexOf(arguments[0]) >= 0).length", "dentry /d/" + hostile)
    check(shown > 0, f"markup: the dentry's name is shown as written ({shown} steps)")
    check_lanes_and_steps(wd, report, "markup")


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    dcsim, source, work = sys.argv[1:]
    chromium, driver = find_browser()
    if not chromium or not driver:
        missing = " and ".join(n for n, p in [("chromium", chromium), ("chromedriver", driver)] if not p)
        if os.environ.get("DCSIM_REQUIRE_BROWSER") == "1":
            print(f"FAIL {missing} not installed, and DCSIM_REQUIRE_BROWSER=1: run .ci/install-deps")
            return 1
        print(f"SKIP: {missing} not installed (Debian packages chromium, chromium-driver; .ci/install-deps)")
        return SKIP
    os.makedirs(work, exist_ok=True)
    profile = os.path.join(work, "chromium-profile")
    shutil.rmtree(profile, ignore_errors=True)
    wd = WebDriver(driver, chromium, profile)
    try:
        control(wd, work)
        devfs(wd, dcsim, source, work)
        nfs(wd, dcsim, source, work)
        markup_names(wd, dcsim, source, work)
    finally:
        wd.quit()
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
