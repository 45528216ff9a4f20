#!/usr/bin/env python3
"""Rewrite the outputs shown in README.md and docs/*.md from the real binary.

Usage (from anywhere):  tests/docs/regen_docs.py [--binary PATH] [--check] [FILE.md ...]

An example is a code block (indented by 4 spaces, or fenced) whose first line is
`$ ./build/explorer/dcsim ...`; the lines after it are its shown stdout. Elisions
are kept: the shown lines are aligned with the real ones (an edit distance in
which a `...` line absorbs real lines and a line whose figures changed is a near
match); a `...` line stays, a line with `...` inside is kept if it still matches,
else replaced by the real line (with a warning: re-add its elision by hand), and
every other line is replaced by what the binary prints. --check only reports the examples that differ
(exit 1), like the Catch2 docs test (tests/docs/docs_test.cpp).
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMPT = "$ ./build/explorer/dcsim"


def line_matches(pattern, line):
    if "..." not in pattern:
        return pattern == line
    rx = "^" + ".*".join(re.escape(p) for p in pattern.split("...")) + "$"
    return re.match(rx, line, re.S) is not None


def output_matches(exp, act):
    memo = {}

    def go(e, a):
        if e == len(exp):
            return a == len(act)
        if (e, a) in memo:
            return memo[(e, a)]
        if exp[e] == "...":
            ok = go(e + 1, a) or (a < len(act) and go(e, a + 1))
        else:
            ok = a < len(act) and line_matches(exp[e], act[a]) and go(e + 1, a + 1)
        memo[(e, a)] = ok
        return ok

    return go(0, 0)


def loose(pattern, line):
    """The next shown line, with any figure allowed to have changed."""
    d = lambda s: re.sub(r"[0-9]+", "0", s)
    if line_matches(d(pattern), d(line)):
        return True
    pt, lt = pattern.split(), line.split()
    return bool(pt) and bool(lt) and d(pt[0]) == d(lt[0]) and "..." not in pt[0]


def regenerate(exp, act, where, warn):
    """Align the shown lines with the real ones (an edit distance where a `...`
    line absorbs real lines for free and a line whose figures changed is a
    near match), then write the real lines in place, keeping the elisions."""
    INF = float("inf")
    n, m = len(exp), len(act)

    def sub(e, a):
        if line_matches(exp[e], act[a]):
            return 0.0
        return 0.3 if loose(exp[e], act[a]) else 2.0

    # cost[e][a]: aligning exp[e:] with act[a:].
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    move = [[None] * (m + 1) for _ in range(n + 1)]
    for e in range(n, -1, -1):
        for a in range(m, -1, -1):
            if e == n and a == m:
                cost[e][a] = 0.0
                continue
            best, how = INF, None
            if e < n and exp[e] == "...":
                if cost[e + 1][a] < best:
                    best, how = cost[e + 1][a], "end"
                if a < m and cost[e][a + 1] < best:
                    best, how = cost[e][a + 1], "skip"
            else:
                if e < n and a < m and sub(e, a) + cost[e + 1][a + 1] < best:
                    best, how = sub(e, a) + cost[e + 1][a + 1], "pair"
                if e < n and 1 + cost[e + 1][a] < best:
                    best, how = 1 + cost[e + 1][a], "drop"
            if a < m and 0.5 + cost[e][a + 1] < best:
                best, how = 0.5 + cost[e][a + 1], "new"
            cost[e][a], move[e][a] = best, how
    out, e, a = [], 0, 0
    while (e, a) != (n, m):
        how = move[e][a]
        if how == "end":
            out.append("...")
            e += 1
        elif how == "skip":
            a += 1
        elif how == "pair":
            if "..." in exp[e] and line_matches(exp[e], act[a]):
                out.append(exp[e])
            else:
                if "..." in exp[e]:
                    warn(f"{where}: elision lost in line {exp[e]!r}")
                out.append(act[a])
            e, a = e + 1, a + 1
        elif how == "drop":
            e += 1
        else:
            out.append(act[a])
            a += 1
    return out


def run(binary, command):
    cmd = "'" + binary + "'" + command[len("./build/explorer/dcsim"):]
    r = subprocess.run(cmd, shell=True, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return r.stdout.splitlines()


def process(path, binary, check, warn):
    lines = open(path).read().split("\n")
    fenced, i, changed, differ = False, 0, False, 0
    res = []
    while i < len(lines):
        l = lines[i]
        if l.startswith("```"):
            fenced = not fenced
            res.append(l)
            i += 1
            continue
        indent = "" if fenced else "    "
        body = l[len(indent):] if l.startswith(indent) else None
        if body is None or not body.startswith(PROMPT):
            res.append(l)
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```") and (fenced or lines[j].startswith(indent)) \
                and not lines[j][len(indent):].startswith(PROMPT):
            j += 1
        exp = [x[len(indent):] for x in lines[i + 1:j]]
        act = run(binary, body[2:])
        where = f"{os.path.relpath(path, ROOT)}:{i + 1}"
        res.append(l)
        if output_matches(exp, act):
            res.extend(lines[i + 1:j])
        else:
            differ += 1
            print(f"{where}: {body} differs", file=sys.stderr)
            res.extend(indent + x for x in regenerate(exp, act, where, warn))
            changed = True
        i = j
    if changed and not check:
        open(path, "w").write("\n".join(res))
    return differ


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "explorer", "dcsim"))
    ap.add_argument("--check", action="store_true", help="only report the examples that differ")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"regen_docs: {binary}: not an executable (build first, or pass --binary)")
    files = args.files or [os.path.join(ROOT, "README.md")] + sorted(
        os.path.join(ROOT, "docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md"))
    warn = lambda m: print("regen_docs: warning: " + m, file=sys.stderr)
    differ = sum(process(os.path.abspath(f), binary, args.check, warn) for f in files)
    print(f"regen_docs: {differ} example(s) {'differ' if args.check else 'rewritten'}", file=sys.stderr)
    sys.exit(1 if args.check and differ else 0)


if __name__ == "__main__":
    main()
