#!/usr/bin/env bash
# CI: each fuzz target for a fixed number of inputs with a fixed seed, from
# the committed seed corpus (copied: the run adds to the copy only). The
# same build and the same counts give the same run. Exit 0: nothing found.
#
#   tests/fuzz/ci.sh [BUILD_DIR]      (a -DDCSIM_FUZZ=ON build; default build-fuzz)
#   FUZZ_RUNS=N overrides every target's count; FUZZ_TARGETS="scenario ..."
#   runs only those.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:-build-fuzz}" && pwd)"
work="$(mktemp -d /tmp/dcsim-fuzz-ci-XXXXXX)"
trap 'rm -rf "$work"' EXIT
# Inputs per target: under a minute each on one core.
declare -A runs=([scenario]=5000 [program]=5000 [schedule]=50000 [checkpoint]=3000 [merge]=3000)
status=0
for t in ${FUZZ_TARGETS:-scenario program schedule checkpoint merge}; do
  mkdir -p "$work/$t" "$work/artifacts"
  cp "$here/corpus/$t/"* "$work/$t/"
  echo "== fuzz_$t: ${FUZZ_RUNS:-${runs[$t]}} inputs, seed 1"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$t" -seed=1 -runs="${FUZZ_RUNS:-${runs[$t]}}" -dict="$here/dcsim.dict" \
      -max_len=16384 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$t-" "$work/$t" > "$work/$t.log" 2>&1; then
    status=1
    tail -n 40 "$work/$t.log"
    for a in "$work/artifacts/$t-"*; do
      [ -e "$a" ] && echo "finding: $(basename "$a") (base64): $(base64 -w0 "$a" | head -c 2000)"
    done
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|cov: ' "$work/$t.log" | tail -n 3
done
exit $status
