#!/usr/bin/env bash
# Long fuzzing, by hours or by a count of inputs.
#
#   tests/fuzz/long.sh [BUILD_DIR] [HOURS] [WORK]
#     every target at once for HOURS hours (default 4) at nice 19, each
#     keeping its own growing corpus in WORK (default /tmp/dcsim-fuzz-long;
#     a second run goes on from it). libFuzzer's fork mode keeps going past a
#     finding; each is saved as WORK/artifacts/TARGET-*.
#
#   FUZZ_RUNS=N tests/fuzz/long.sh [BUILD_DIR] - [WORK]
#     each target (FUZZ_TARGETS, default all five) for N inputs with a fixed
#     seed (FUZZ_SEED, default 1) from the committed seed corpus, at most
#     FUZZ_PARALLEL (default 2) at a time, at nice 10, in one process that
#     stops at its first finding; then a line per target of what it ran
#     (WORK/summary.txt). The same build, count and seed give the same run.
#     A run stopped with SIGINT prints its stats so far (exit 72, interrupted).
#
# Replay a finding with: BUILD/tests/fuzz/fuzz_TARGET FILE
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-build-fuzz}" && pwd)"
hours="${2:-4}"
work="${3:-/tmp/dcsim-fuzz-long}"
mkdir -p "$work/artifacts"
flags=(-dict="$here/dcsim.dict" -max_len=16384 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1)

if [ -z "${FUZZ_RUNS:-}" ]; then
  pids=()
  for t in scenario program schedule checkpoint merge; do
    mkdir -p "$work/$t"
    cp -n "$here/corpus/$t/"* "$work/$t/" 2>/dev/null || true
    ASAN_OPTIONS=detect_leaks=1 nice -n 19 "$build/tests/fuzz/fuzz_$t" -fork=1 -ignore_crashes=1 \
      -ignore_timeouts=1 -ignore_ooms=1 -max_total_time="$((hours * 3600))" "${flags[@]}" \
      -artifact_prefix="$work/artifacts/$t-" "$work/$t" > "$work/$t.log" 2>&1 &
    pids+=($!)
  done
  echo "fuzzing for $hours h in $work (logs: $work/TARGET.log)"
  wait "${pids[@]}" || true
  ls "$work/artifacts"
  exit 0
fi

# One target for FUZZ_RUNS inputs; its summary line from libFuzzer's final stats.
run_one() {
  local t="$1" start end status=0
  rm -rf "${work:?}/$t" && mkdir -p "$work/$t"
  cp "$here/corpus/$t/"* "$work/$t/"
  start=$(date +%s)
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n 10 "$build/tests/fuzz/fuzz_$t" -seed="${FUZZ_SEED:-1}" -runs="$FUZZ_RUNS" "${flags[@]}" \
    -artifact_prefix="$work/artifacts/$t-" "$work/$t" > "$work/$t.log" 2>&1 || status=$?
  end=$(date +%s)
  local units cov ft rss
  units=$(sed -n "s/^stat::number_of_executed_units: *//p" "$work/$t.log")
  rss=$(sed -n "s/^stat::peak_rss_mb: *//p" "$work/$t.log")
  cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$work/$t.log" | tail -n 1 | cut -d' ' -f2)
  local findings
  findings=$(find "$work/artifacts" -name "$t-*" | wc -l)
  echo "$t inputs=${units:-?} cov=${cov:-?} ft=${ft:-?} exec/s=$(( ${units:-0} / ( end - start > 0 ? end - start : 1 ) )) \
peak_rss_mb=${rss:-?} seconds=$((end - start)) exit=$status$([ "$status" = 72 ] && echo ' (interrupted)') \
findings=$findings" >> "$work/summary.txt"
}

: > "$work/summary.txt"
running=0
for t in ${FUZZ_TARGETS:-scenario program schedule checkpoint merge}; do
  if [ "$running" -ge "${FUZZ_PARALLEL:-2}" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  run_one "$t" &
  running=$((running + 1))
done
wait || true
cat "$work/summary.txt"
