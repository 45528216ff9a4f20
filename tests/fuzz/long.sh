#!/usr/bin/env bash
# Long fuzzing: every target at once, for HOURS hours (default 4), at the
# lowest priority, each keeping its own growing corpus in WORK (default
# /tmp/dcsim-fuzz-long; a second run goes on from it). libFuzzer's fork
# mode keeps going past a finding; each is saved as WORK/artifacts/TARGET-*.
# Replay one with: BUILD/tests/fuzz/fuzz_TARGET FILE
#
#   tests/fuzz/long.sh [BUILD_DIR] [HOURS] [WORK]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-build-fuzz}" && pwd)"
hours="${2:-4}"
work="${3:-/tmp/dcsim-fuzz-long}"
mkdir -p "$work/artifacts"
pids=()
for t in scenario program schedule checkpoint merge; do
  mkdir -p "$work/$t"
  cp -n "$here/corpus/$t/"* "$work/$t/" 2>/dev/null || true
  ASAN_OPTIONS=detect_leaks=1 nice -n 19 "$build/tests/fuzz/fuzz_$t" -fork=1 -ignore_crashes=1 \
    -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$((hours * 3600))" -dict="$here/dcsim.dict" \
    -max_len=16384 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/$t-" "$work/$t" > "$work/$t.log" 2>&1 &
  pids+=($!)
done
echo "fuzzing for $hours h in $work (logs: $work/TARGET.log)"
wait "${pids[@]}" || true
ls "$work/artifacts"
