#!/usr/bin/env python3
"""Load balance and overhead of `explore --shard I/N` on the bundled NFS
scenarios: for each search, one process, then its N shards one after another
(so that they do not compete for the CPU), and a markdown table of

  - CPU of the N shards together against the one process (goal <= 1.1x),
  - the longest shard against the mean, in CPU time and in executions
    (goal <= 1.5x at N = 16); executions are exact, CPU times are not.

    bench/shard_balance.py [--dcsim build/explorer/dcsim] [--shards 4,16] [--split K]

Run from the repository root. Timings are CPU (user + system) of the child
processes, so a busy machine stretches the wall clock but not the figures
much.
"""
import argparse
import json
import resource
import subprocess
import sys

SEARCHES = [
    ["scenarios/nfs-ls-race.json", "--all"],
    ["scenarios/nfs-ls-race.json", "--variant", "linux-4.7", "--all"],
    ["scenarios/nfs-open-race.json", "--all"],
    ["scenarios/nfs-open-race.json", "--variant", "linux-4.7", "--all"],
    ["scenarios/nfs-open-race-4.json", "--strategy", "dpor", "--preemptions", "2", "--max-executions",
     "10000000", "--all"],
]


def run(dcsim, args):
    """CPU seconds and executions of `dcsim explore ARGS --json`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([dcsim, "explore", *args, "--json"], capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode > 1:
        sys.exit(f"dcsim explore {' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads(p.stdout)
    if "units" in report:  # a shard report: its work units
        return cpu, sum(u["executions"] for u in report["units"])
    return cpu, report["result"]["executions"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dcsim", default="build/explorer/dcsim")
    ap.add_argument("--shards", default="4,16")
    ap.add_argument("--split", help="--split K for every search (one process and shards)")
    a = ap.parse_args()
    counts = [int(n) for n in a.shards.split(",")]
    print("| search | N | one process CPU s (executions) | N shards CPU s | CPU ratio | "
          "longest/mean CPU | longest/mean executions |")
    print("|---|---|---|---|---|---|---|")
    for search in SEARCHES:
        if a.split:
            search = [*search, "--split", a.split]
        one_cpu, one_ex = run(a.dcsim, search)
        for n in counts:
            shards = [run(a.dcsim, [*search, "--shard", f"{i}/{n}"]) for i in range(n)]
            cpu = [c for c, _ in shards]
            ex = [e for _, e in shards]
            total = sum(cpu)
            name = " ".join(search).replace("scenarios/", "")
            print(f"| {name} | {n} | {one_cpu:.2f} ({one_ex}) | {total:.2f} ({sum(ex)}) | "
                  f"{total / one_cpu:.2f}x | {max(cpu) / (total / n):.2f}x | "
                  f"{max(ex) / (sum(ex) / n):.2f}x |", flush=True)


if __name__ == "__main__":
    main()
