#!/usr/bin/env bash
# Runs README.md's GNU parallel block as shown (8 shards, then dcsim merge),
# with the built dcsim first in PATH, in a scratch directory that sees the
# bundled scenarios, and compares merge's report byte for byte with the
# report of one process. Exit 77 (CTest: skipped) without GNU parallel
# (.ci/install-deps installs it).
#
#   tests/slurm/readme_parallel_test.sh DCSIM
set -euo pipefail

dcsim=${1:?usage: readme_parallel_test.sh DCSIM}
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v parallel >/dev/null; then
  echo "SKIPPED: GNU parallel is not installed (.ci/install-deps installs it)"
  exit 77
fi
work=$(mktemp -d /tmp/dcsim-parallel-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$dcsim" "$work/bin/dcsim"
ln -s "$root/scenarios" "$work/scenarios"

# The indented block after "With GNU parallel" in README.md.
awk '/With GNU parallel/ {found = 1; next}
     found && /^    / {print substr($0, 5); block = 1; next}
     found && block {exit}' "$root/README.md" >"$work/block.sh"
grep -q '^parallel dcsim explore ' "$work/block.sh" || { echo "FAIL: no GNU parallel block in README.md" >&2; exit 1; }
grep -q '^dcsim merge ' "$work/block.sh" || { echo "FAIL: the README block runs no dcsim merge" >&2; exit 1; }
merge_line=$(grep '^dcsim merge ' "$work/block.sh")
explore_args=$(sed -nE 's/^parallel dcsim explore (.*) --shard .*/\1/p' "$work/block.sh")

cd "$work"
export PATH=$work/bin:$PATH HOME=$work
mkdir -p "$work/.parallel" && touch "$work/.parallel/will-cite"
# parallel exits with the number of shards that found a failure (exit 1):
# the reports are written all the same.
set +e
bash -c "$(grep -v '^dcsim merge ' block.sh)" </dev/null
bash -c "$merge_line" >merged.txt
merge_rc=$?
# shellcheck disable=SC2086
dcsim explore $explore_args >want.txt
want_rc=$?
set -e
ls shard-*.json >/dev/null || { echo "FAIL: the block wrote no shard reports" >&2; exit 1; }
cmp want.txt merged.txt || { echo "FAIL: merge of the README's shards differs from one process" >&2; exit 1; }
[ "$merge_rc" = "$want_rc" ] || { echo "FAIL: merge exited $merge_rc, one process $want_rc" >&2; exit 1; }
echo "ok: README's GNU parallel block ($(ls shard-*.json | wc -l) shards) merges into the report of dcsim explore $explore_args"
