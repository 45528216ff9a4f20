#!/usr/bin/env bash
# contrib/slurm/ against a real Slurm: a one-node cluster on this machine
# (contrib/slurm/local-cluster), the job array of 4 shards and the merge job
# submitted by contrib/slurm/submit, and the merged report compared byte for
# byte with the report of one process; then again with one array task
# requeued (`scontrol requeue`) while its dcsim runs, which must stop with a
# checkpoint, resume from it and still give the same bytes; then with one
# task sent SIGUSR1 as before its time limit, which must requeue itself.
#
#   tests/slurm/slurm_test.sh DCSIM     (from CTest, label slurm; needs root)
#
# Exit 77 (CTest: skipped) when Slurm cannot start here, unless
# DCSIM_REQUIRE_SLURM=1 (.ci/run), where that is a failure.
set -euo pipefail

dcsim=${1:?usage: slurm_test.sh DCSIM}
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/dcsim-slurm-test.XXXXXX)
cluster=$work/cluster

fail() {
  echo "FAIL: $1" >&2
  exit 1
}

cleanup() {
  local rc=$?
  contrib/slurm/local-cluster stop "$cluster" || true
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    # The shard that failed first, whole: its dcsim's own message is there.
    for f in $(grep -l "dcsim failed" "$work"/run*/shard-*.log 2>/dev/null); do
      echo "==== $f (failed)" >&2
      cat "$f" >&2
    done
    for f in "$cluster"/*.log "$work"/run*/*.log "$work"/run*/submit.out; do
      [ -f "$f" ] && { echo "==== $f" >&2; tail -n 30 "$f" >&2; }
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

set +e
contrib/slurm/local-cluster start "$cluster" >"$work/cluster.out" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  cat "$work/cluster.out" >&2
  tail -n 20 "$cluster"/*.log >&2 || true
  [ "${DCSIM_REQUIRE_SLURM:-0}" != 1 ] || fail "Slurm did not start and DCSIM_REQUIRE_SLURM=1"
  echo "SKIPPED: a one-node Slurm cluster cannot start here (contrib/slurm/install installs it; needs root)"
  exit 77
fi
export SLURM_CONF=$cluster/slurm.conf

# Waits for the merge job of run DIR to write its report (report.exit last).
wait_report() {
  local run=$1 merge
  merge=$(sed -n 's/^merge=//p' "$run/jobs")
  # A deadline, not a count of polls: squeue is slow on a loaded machine.
  local until=$((SECONDS + 600))
  while [ "$SECONDS" -lt "$until" ]; do
    [ -f "$run/report.exit" ] && return 0
    if [ -z "$(squeue -h -j "$merge" -o %T 2>/dev/null)" ] && [ ! -f "$run/report.exit" ]; then
      sleep 1
      [ -f "$run/report.exit" ] && return 0
      scontrol show job "$merge" >&2 || true
      fail "the merge job $merge of $run ended without a report"
    fi
    sleep 0.1
  done
  fail "no report in $run after 600 s"
}

# Slurm holds a requeued job back (BeginTime, 2 minutes) until the old run
# is gone and its revoked credential (whole seconds) is older than a new
# one: once it is PENDING, wait 2 s and release it. On a loaded machine the
# update may come too early or race the job's own start: tried again, and
# never fatal (the hold ends by itself within wait_report's time).
release() {
  local job=$1
  for _ in $(seq 600); do
    [ "$(squeue -h -j "$job" -o %T 2>/dev/null)" = PENDING ] && break
    sleep 0.1
  done
  sleep 2
  for _ in 1 2 3 4 5; do
    [ "$(squeue -h -j "$job" -o %T 2>/dev/null)" = PENDING ] || return 0
    scontrol update JobId="$job" StartTime=now 2>/dev/null && return 0
    sleep 1
  done
  return 0
}

# Submits the search "$@" as 4 shards into $work/$run and checks the report.
submit() {
  local run=$work/$1
  shift
  contrib/slurm/submit --dcsim "$dcsim" --shards 4 --sample-seconds 1 --dir "$run" -- "$@" >"$work/submit.out" 2>&1 ||
    { cat "$work/submit.out" >&2; fail "contrib/slurm/submit failed"; }
  cp "$work/submit.out" "$run/submit.out"
  grep -q '^sample: ' "$run/submit.out" || fail "submit printed no sampled estimate"
  grep -q '^plan: 4 shard(s), ' "$run/submit.out" || fail "submit did not print the plan of 4 shards"
  grep -q "^report: $run/report.txt" "$run/submit.out" || fail "submit did not print where the report will be"
}

check_report() {
  local run=$work/$1 want_rc=$2
  cmp "$work/$1.want.txt" "$run/report.txt" || fail "$1: the merged report differs from one process's"
  [ "$(cat "$run/report.exit")" = "$want_rc" ] || fail "$1: merge exited $(cat "$run/report.exit"), one process $want_rc"
}

one_process() {
  local name=$1
  shift
  set +e
  "$dcsim" explore "$@" >"$work/$name.want.txt"
  want_rc=$?
  set -e
  [ "$want_rc" -le 1 ] || fail "dcsim explore $* exited $want_rc"
}

# 1. Four shards of nfs-ls-race (a failure found: the shards exit 1, which
#    the array tasks count as done).
search1=(scenarios/nfs-ls-race.json --all)
one_process run1 "${search1[@]}"
rc1=$want_rc
set +e
"$dcsim" explore "${search1[@]}" --json >"$work/run1.want.json"
set -e
submit run1 "${search1[@]}"
wait_report "$work/run1"
check_report run1 "$rc1"
cmp "$work/run1.want.json" "$work/run1/report.json" || fail "run1: the merged JSON report differs from one process's"
echo "ok: 4 shards of ${search1[*]} on Slurm merge into the report of one process (text and JSON)"

# 2. nfs-open-race under linux-4.7 within its preemption bound, with one
#    array task requeued while its dcsim runs. Requeue the first task seen
#    running with a checkpoint of units done (written every 2 s), or, on a
#    machine where shards are too quick for that, as soon as its dcsim has
#    started: SIGTERM makes dcsim write the checkpoint before it exits 143.
# Bound 4: about 40 s in one process, so a shard runs long enough (several
# checkpoints) for the requeue to reach it mid-run on a fast machine too.
search2=(scenarios/nfs-open-race.json --variant linux-4.7 --all --preemptions 4)
one_process run2 "${search2[@]}"
rc2=$want_rc
submit run2 "${search2[@]}"
run=$work/run2
array=$(sed -n 's/^array=//p' "$run/jobs")
requeued=""
declare -A seen=()
for attempt in 1 2 3 4; do
  for _ in $(seq 3000); do
    for i in 0 1 2 3; do
      [ "$(squeue -h -j "${array}_$i" -o %T 2>/dev/null)" = RUNNING ] || continue
      grep -q "^shard $i/4: run 1 " "$run/shard-$i.log" 2>/dev/null || continue
      [ ! -f "$run/shard-$i.json" ] || continue
      had_checkpoint=0
      [ ! -f "$run/shard-$i.checkpoint" ] || had_checkpoint=1
      if [ "$had_checkpoint" -eq 1 ] || [ "${seen[$i]:-0}" -ge 10 ]; then
        requeued=$i
        break 2
      fi
      seen[$i]=$((${seen[$i]:-0} + 1))
    done
    [ ! -f "$run/report.exit" ] || fail "every shard finished before one could be requeued"
    sleep 0.1
  done
  [ -n "$requeued" ] || fail "no array task of $array ran"
  scontrol requeue "${array}_$requeued"
  # Once the old run's script has exited, release the requeued job.
  for _ in $(seq 3000); do
    grep -q "^shard $requeued/4: \(stopped\|finished\)" "$run/shard-$requeued.log" && break
    sleep 0.1
  done
  release "${array}_$requeued"
  wait_report "$run"
  log=$run/shard-$requeued.log
  # The task may have finished between the look and the requeue: then try
  # another run (the report must match all the same).
  if grep -q "^shard $requeued/4: stopped, checkpoint " "$log"; then break; fi
  grep -q "^shard $requeued/4: finished" "$log" || fail "shard $requeued neither stopped nor finished"
  echo "note: shard $requeued finished before the requeue reached it; again (attempt $attempt)"
  check_report run2 "$rc2"
  rm -rf "$run"
  submit run2 "${search2[@]}"
  array=$(sed -n 's/^array=//p' "$run/jobs")
  requeued=""
  seen=()
done
grep -q "^shard $requeued/4: stopped, checkpoint " "$log" || fail "no shard was stopped by a requeue in 4 attempts"
if [ "$had_checkpoint" -eq 1 ]; then
  grep -q "^shard $requeued/4: run 2 on .*, --resume $run/shard-$requeued.checkpoint" "$log" ||
    fail "shard $requeued did not resume from its checkpoint after the requeue"
else
  # Stopped before its units began (dcsim first runs up to 1,000
  # executions whole, and SIGTERM ends that without a checkpoint).
  grep -q "^shard $requeued/4: run 2 on " "$log" || fail "shard $requeued did not run again after the requeue"
  echo "note: shard $requeued was requeued before it wrote a checkpoint (shards here take under 2 s)"
fi
grep -q "^shard $requeued/4: finished" "$log" || fail "shard $requeued did not finish after the requeue"
check_report run2 "$rc2"
echo "ok: ${search2[*]} with shard $requeued requeued mid-run resumes from its checkpoint and merges into the report of one process"

# 3. The time-limit path: SIGUSR1 to the batch shell, which Slurm sends 60 s
#    before a task's limit (--signal=B:USR1@60). The task stops dcsim, which
#    writes its checkpoint, requeues itself and resumes. Only where a shard
#    runs long enough to write a periodic checkpoint first (2 s).
cp "$work/run2.want.txt" "$work/run3.want.txt"
submit run3 "${search2[@]}"
run=$work/run3
array=$(sed -n 's/^array=//p' "$run/jobs")
signalled=""
for _ in $(seq 3000); do
  for i in 0 1 2 3; do
    [ "$(squeue -h -j "${array}_$i" -o %T 2>/dev/null)" = RUNNING ] || continue
    if [ -f "$run/shard-$i.checkpoint" ] && [ ! -f "$run/shard-$i.json" ]; then
      signalled=$i
      break 2
    fi
  done
  [ ! -f "$run/report.exit" ] || break
  sleep 0.1
done
if [ -n "$signalled" ]; then
  # scancel may report an error for the requeue that follows the signal.
  scancel --batch --signal=USR1 "${array}_$signalled" 2>/dev/null || true
  log=$run/shard-$signalled.log
  for _ in $(seq 3000); do
    grep -q "^shard $signalled/4: \\(stopped\\|finished\\)" "$log" && break
    sleep 0.1
  done
  if grep -q "^shard $signalled/4: stopped, checkpoint " "$log"; then
    release "${array}_$signalled"
  fi
fi
wait_report "$run"
check_report run3 "$rc2"
if [ -n "$signalled" ] && grep -q "^shard $signalled/4: stopped, checkpoint " "$log"; then
  grep -q "^shard $signalled/4: run 2 on .*, --resume $run/shard-$signalled.checkpoint" "$log" ||
    fail "shard $signalled did not requeue itself and resume after SIGUSR1"
  echo "ok: shard $signalled, signalled as before its time limit, requeued itself, resumed, and the report is the same"
else
  echo "note: no shard was signalled before it finished (shards here take under 2 s); the report is the same"
fi
