#!/usr/bin/env bash
# Interrupted sweeps: kill -9 at several moments (early, mid-row, near the end, before the store
# is renamed into place, one process and under mpirun), SIGTERM and SIGUSR1 with and without
# grace. Every interrupted store opens and resumes to each job exactly once, bit-identical to an
# uninterrupted run, with the rows committed before the interruption left untouched.
# Timing only decides when a signal lands; what is asserted holds wherever it lands.
# usage: check_faults.sh WMSWEEP REPO
set -uo pipefail
bin=$(realpath "$1") repo=$(realpath "$2")
tmp=$(mktemp -d)
cleanup() {  # a failed check may leave a run in the background: end it (and its ranks)
  for p in $(jobs -p); do kill -9 $(pgrep -P "$p") "$p" 2> /dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3  # Debian's, with h5py
compare() { "$py" "$repo/tests/sweep/compare_stores.py" "$@" > /dev/null || fail "compare_stores $*"; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
mpirun_args=(--oversubscribe --bind-to none)
mpi() { local n=$1; shift; timeout 120 mpirun -n "$n" "${mpirun_args[@]}" "$@"; }
cd "$tmp"

# tiny.toml with 8 seeds (32 networks) in units of 2: 16 units, so 16 commit points to land between
spec=$tmp/sweep.toml
sed -e 's/^seed = \[0, 1\]$/seed = [0, 1, 2, 3, 4, 5, 6, 7]/' -e 's/^\[train\]$/[train]\ngroup_max = 2/' \
  "$repo/jobs/tiny.toml" > "$spec"
grep -q '^seed = \[0, 1, 2, 3, 4, 5, 6, 7\]$' "$spec" && grep -q '^group_max = 2$' "$spec" \
  || fail "could not derive the 32-network spec from jobs/tiny.toml"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
fraction() { awk -v t="$1" -v f="$2" 'BEGIN { printf "%.3f", t * f }'; }
# running PID...: some PID is alive (a zombie, exited but not yet reaped, does not count)
running() {
  local p s
  for p in "$@"; do
    s=$(ps -o stat= -p "$p") && [ "${s#Z}" = "$s" ] && return 0
  done
  return 1
} 2> /dev/null  # also hides bash's "Killed" notices of our background runs
# wait_bounded PID SECONDS WHAT: the exit code of background job PID; a hang fails the test
wait_bounded() {
  local deadline=$((SECONDS + $2))
  while running "$1"; do
    if [ $SECONDS -ge $deadline ]; then
      kill -9 $(pgrep -P "$1") "$1"
      wait "$1"
      fail "$3 did not end within $2 s"
    fi
    sleep 0.05
  done
  wait "$1"
} 2> /dev/null
# gone SECONDS WHAT PID...: processes that are not our children (orphaned ranks) end in time
gone() {
  local seconds=$1 what=$2 deadline=$((SECONDS + $1))
  shift 2
  while running "$@"; do
    [ $SECONDS -lt $deadline ] || fail "$what still running after $seconds s: $(ps -o pid,stat,args -p "$*")"
    sleep 0.05
  done
} 2> /dev/null
# wait_line FILE PATTERN PID: wait until the run PID has logged PATTERN (it must not end first)
wait_line() {
  local deadline=$((SECONDS + 60))
  until grep -q -- "$2" "$1"; do
    running "$3" || fail "the run ended before logging '$2': $(tail -5 "$1")"
    [ $SECONDS -lt $deadline ] || fail "no '$2' after 60 s: $(tail -5 "$1")"
    sleep 0.02
  done
} 2> /dev/null
# gist LOG: a run's log without its per-network progress lines
gist() { grep -v 'info \[[0-9]*/32\]\| debug ' "$1" | head -20; }
# counts STORE: "ok failed pending" from `wmsweep status`
counts() {
  "$bin" status "$1" | sed -n 's/^networks  32: \([0-9]*\) ok, \([0-9]*\) failed, \([0-9]*\) pending$/\1 \2 \3/p'
}
# stopped STORE: the store opens, is "stopped, resumable", and some rows are pending
stopped() {
  "$bin" status "$1" > "$1.status" 2>&1 || fail "status of the interrupted $1 exited $?: $(cat "$1.status")"
  grep -q "^state     stopped, resumable$" "$1.status" || fail "$1 state: $(cat "$1.status")"
  local ok failed pending
  read -r ok failed pending <<< "$(counts "$1")"
  [ -n "$pending" ] && [ "$pending" -gt 0 ] && [ $((ok + failed + pending)) = 32 ] \
    || fail "$1 counts: $(cat "$1.status")"
}

# resumed NAME [RANKS]: after an interruption of the run on NAME.h5, a plain rerun (at RANKS
# ranks) exits 0; every job is committed exactly once with the reference's bits; rows committed
# before the interruption keep every byte (session 1, their cost), the rest carry the new session.
resumed() {
  local name=$1 ranks=${2:-1} store=$1.h5 before="" ok failed pending
  if [ -e "$store" ]; then
    [ ! -e "$store.partial" ] || fail "$name: both $store and $store.partial exist"
    "$bin" status "$store" > "$name.status" 2>&1 || fail "$name: status after the interruption exited $?: $(cat "$name.status")"
    cp "$store" "$name.interrupted.h5"
    read -r ok failed pending <<< "$(counts "$store")"
    before=$((ok + failed))
  fi
  if [ "$ranks" = 1 ]; then
    timeout 120 "$bin" run "$spec" --store "$store" > "$name.resume.txt" 2>&1
  else
    mpi "$ranks" "$bin" run "$spec" --store "$store" > "$name.resume.txt" 2>&1
  fi
  local rc=$?
  [ $rc = 0 ] || fail "$name: resume at $ranks rank(s) exited $rc: $(cat "$name.resume.txt")"
  if [ -z "$before" ]; then  # the kill came before the store was in place: start over
    grep -q "created $store: 32 networks" "$name.resume.txt" || fail "$name: rerun did not start over: $(head -3 "$name.resume.txt")"
  elif [ "$before" = 32 ]; then  # the kill came after the end
    grep -q "$store is complete" "$name.resume.txt" || fail "$name: $(head -3 "$name.resume.txt")"
  else
    grep -q "resuming $store: $before of 32 networks committed" "$name.resume.txt" \
      || fail "$name: resume does not start from the $before committed rows: $(head -3 "$name.resume.txt")"
  fi
  [ ! -e "$store.partial" ] || fail "$name: $store.partial left behind"
  compare complete "$store"
  compare same ref.h5 "$store"
  [ -z "$before" ] && return
  "$py" - "$name.interrupted.h5" "$store" <<'PY' || fail "$name: the resume changed committed rows or sessions"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    status = a["status"][()]
    done = np.flatnonzero((status == 1) | (status == 2))  # 3, trained: still pending
    names = []
    b.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) and not n.startswith("axes/") else None)
    for n in names:
        x, y = a[n][()], b[n][()]
        if not isinstance(x, np.ndarray) or x.ndim == 0:  # a scalar such as /spec: the whole value
            if x != y:
                sys.exit(f"{n} changed on resume")
            continue
        for r in done:
            if x[r:r + 1].tobytes() != y[r:r + 1].tobytes():
                sys.exit(f"row {r} (job {a['job'][r]}): {n} changed on resume")
    session = b["session"][()]
    if not (session[done] == 1).all():
        sys.exit(f"rows committed before the interruption are not session 1: {session[done]}")
    redo = np.flatnonzero((status == 0) | (status == 3))
    expect = 2 if (status != 0).any() else 1  # a resume is a new session once anything was written
    if not (session[redo] == expect).all():
        sys.exit(f"rows committed by the resume are not session {expect}: {session[redo]}")
PY
}

# 1. The reference: one uninterrupted process. Its duration places the kills below.
t0=$(now)
timeout 120 "$bin" run "$spec" --store ref.h5 > ref.txt 2>&1 || fail "reference run exited $?: $(cat ref.txt)"
t_ref=$(since "$t0")
compare complete ref.h5
"$bin" status ref.h5 | grep -q "^networks  32: 32 ok, 0 failed, 0 pending$" || fail "reference status: $("$bin" status ref.h5)"

# 2. kill -9 of one process early (perhaps before the store exists), halfway and near the end.
for f in 0.05 0.5 0.9; do
  name=kill$f
  "$bin" run "$spec" --store "$name.h5" > "$name.txt" 2>&1 &
  pid=$!
  sleep "$(fraction "$t_ref" "$f")"
  helpers=$(pgrep -P "$pid")  # the orted a singleton MPI process starts
  kill -9 "$pid" 2> /dev/null
  wait_bounded "$pid" 120 "the run killed at $f"
  rc=$?
  [ $rc = 137 ] || [ $rc = 0 ] || fail "$name: the killed run exited $rc: $(cat "$name.txt")"
  gone 30 "the helper of the killed run" $helpers
  resumed "$name"
done

# 3. A torn row: the process dies halfway through writing its 3rd row (the 1st of unit 2), after
# some of the row's columns but before its commit mark. Exactly the 2 rows of unit 1 count.
{ WMSWEEP_TEST_KILL_MID_ROW=3 timeout 120 "$bin" run "$spec" --store midrow.h5 > midrow.txt 2>&1; rc=$?; } 2> /dev/null
[ $rc = 137 ] || fail "the mid-row kill exited $rc, expected 137 (SIGKILL): $(cat midrow.txt)"
"$bin" status midrow.h5 > midrow.status 2>&1 || fail "status of the torn store exited $?: $(cat midrow.status)"
grep -q "^networks  32: 2 ok, 0 failed, 30 pending$" midrow.status || fail "torn store counts: $(cat midrow.status)"
grep -q "^state     stopped, resumable$" midrow.status || fail "torn store state: $(cat midrow.status)"
"$py" - <<'PY' || fail "row 2 is not a torn, uncommitted row"
import h5py
with h5py.File("midrow.h5", "r") as f, h5py.File("ref.h5", "r") as ref:
    # row 2 was trained (status 3) before its row write began: the mark stays until the row is whole
    assert f["status"][:3].tolist() == [1, 1, 3], f["status"][:3]
    # columns before the middle of the schema were written: the row really is torn
    assert f["session"][2] == 1, f["session"][2]
    assert f["error/rmse"][2].tobytes() == ref["error/rmse"][2].tobytes(), "error/rmse of row 2 not written"
PY
resumed midrow

# 4. The same before the rename: the store is still FILE.partial. strace kills the process at
# that very rename; without strace, a torn FILE.partial stands in for what such a kill leaves.
if strace -o /dev/null true 2> /dev/null; then
  { timeout 120 strace -o /dev/null -P partial.h5.partial -e trace=rename,renameat,renameat2 \
      -e inject=rename,renameat,renameat2:signal=KILL "$bin" run "$spec" --store partial.h5 > partial.txt 2>&1
    rc=$?; } 2> /dev/null
  [ $rc = 137 ] || fail "the run killed at the rename exited $rc: $(cat partial.txt)"
  [ -e partial.h5.partial ] && [ ! -e partial.h5 ] || fail "a kill before the rename left: $(ls partial.h5*)"
else
  head -c 20000 ref.h5 > partial.h5.partial
fi
"$bin" status partial.h5 > partial.status 2>&1
[ $? = 2 ] && grep -q "cannot open (does the store exist?)" partial.status \
  || fail "status of a store left as .partial: $(cat partial.status)"
resumed partial

# 5. SIGTERM with --grace 0: the running unit is abandoned uncommitted, the store closed, exit 3.
# (Signals are sent once the run has committed its first unit: its handlers are in place.)
"$bin" run "$spec" --store term.h5 --grace 0 > term.txt 2>&1 &
pid=$!
wait_line term.txt "\[2/32\]" "$pid"
kill -TERM "$pid"
wait_bounded "$pid" 120 "the run stopped by SIGTERM --grace 0"
rc=$?
[ $rc = 3 ] || fail "SIGTERM --grace 0 exited $rc, expected 3 (incomplete): $(gist term.txt)"
grep -q "stop requested (signal 15): the running unit has 0 s to finish" term.txt || fail "no stop message: $(gist term.txt)"
stopped term.h5
resumed term

# 6. SIGUSR1 with the default grace: the running unit finishes and commits, nothing is abandoned.
"$bin" run "$spec" --store usr1.h5 > usr1.txt 2>&1 &
pid=$!
wait_line usr1.txt "\[2/32\]" "$pid"
kill -USR1 "$pid"
wait_bounded "$pid" 120 "the run stopped by SIGUSR1"
rc=$?
[ $rc = 3 ] || fail "SIGUSR1 exited $rc, expected 3 (incomplete): $(gist usr1.txt)"
grep -q "stop requested (signal 10)" usr1.txt || fail "no stop message: $(gist usr1.txt)"
grep -q "(0 unit(s) abandoned" usr1.txt || fail "a unit was abandoned within the grace: $(tail -3 usr1.txt)"
stopped usr1.h5
read -r ok failed pending <<< "$(counts usr1.h5)"
[ $((ok % 2)) = 0 ] || fail "SIGUSR1 left a unit half committed: $ok ok"
resumed usr1

# Under mpirun: rank 0 dispatches, ranks 1 and 2 write rows. An uninterrupted run times the kills.
t0=$(now)
mpi 3 "$bin" run "$spec" --store mref.h5 > mref.txt 2>&1 || fail "mpirun -n 3 exited $?: $(cat mref.txt)"
t_mpi=$(since "$t0")
compare same ref.h5 mref.h5

# 7. kill -9 of the whole job (mpirun and every rank at once) halfway; resume at 2 ranks.
mpirun -n 3 "${mpirun_args[@]}" "$bin" run "$spec" --store mkill.h5 > mkill.txt 2>&1 &
pid=$!
sleep "$(fraction "$t_mpi" 0.5)"
ranks=$(pgrep -P "$pid")
kill -9 "$pid" $ranks 2> /dev/null
wait_bounded "$pid" 120 "the killed mpirun"
gone 30 "ranks of the killed mpirun" $ranks
resumed mkill 2

# 8. kill -9 of mpirun alone: its ranks, orphaned, notice and end (workers may still commit a
# row on the way); the store resumes all the same.
mpirun -n 3 "${mpirun_args[@]}" "$bin" run "$spec" --store morphan.h5 > morphan.txt 2>&1 &
pid=$!
sleep "$(fraction "$t_mpi" 0.4)"
ranks=$(pgrep -P "$pid")
kill -9 "$pid"
wait_bounded "$pid" 120 "the killed mpirun"
gone 60 "orphaned ranks" $ranks
resumed morphan

# 9. One worker's torn row under mpirun: each worker dies in its 2nd row (mid-unit); mpirun
# must end the job, not hang. Each worker committed at most its 1st row.
WMSWEEP_TEST_KILL_MID_ROW=2 mpi 3 -x WMSWEEP_TEST_KILL_MID_ROW "$bin" run "$spec" --store mmid.h5 > mmid.txt 2>&1
rc=$?
[ $rc = 124 ] && fail "mpirun hung after a worker died mid-row: $(gist mmid.txt)"
[ $rc != 0 ] || fail "mpirun exited 0 though its workers were killed: $(gist mmid.txt)"
stopped mmid.h5
read -r ok failed pending <<< "$(counts mmid.h5)"
[ "$ok" -ge 1 ] && [ "$ok" -le 2 ] || fail "after both workers died in their 2nd row, $ok rows are ok"
resumed mmid

# 10. SIGTERM to mpirun: it does not forward it but ends the job (README: "a kill of the ranks"):
# with OpenMPI 4.1 the ranks get SIGTERM about 1 s later, are killed if still running, and mpirun
# exits 1 even when rank 0 exits 3. One worker, so the job is likely still running by then;
# whether it is or not, the store resumes.
mpirun -n 2 "${mpirun_args[@]}" "$bin" run "$spec" --store mterm.h5 > mterm.txt 2>&1 &
pid=$!
wait_line mterm.txt "created mterm.h5" "$pid"
ranks=$(pgrep -P "$pid")
kill -TERM "$pid"
wait_bounded "$pid" 120 "mpirun after SIGTERM"
gone 30 "ranks after SIGTERM to mpirun" $ranks
resumed mterm

# 11. SIGUSR1 to mpirun (the documented way): forwarded to every rank, running units finish,
# rank 0 exits 3 and mpirun with it. (-v: each worker logs once it computes, its handlers set.)
mpirun -n 3 "${mpirun_args[@]}" "$bin" -v run "$spec" --store musr1.h5 > musr1.txt 2>&1 &
pid=$!
wait_line musr1.txt "\[rank 1\] debug" "$pid"
wait_line musr1.txt "\[rank 2\] debug" "$pid"
wait_line musr1.txt "\[2/32\]" "$pid"
kill -USR1 "$pid"
wait_bounded "$pid" 120 "mpirun after SIGUSR1"
rc=$?
[ $rc = 3 ] || fail "SIGUSR1 to mpirun exited $rc, expected 3 (incomplete): $(gist musr1.txt)"
grep -q "(0 unit(s) abandoned" musr1.txt || fail "a unit was abandoned within the grace: $(gist musr1.txt)"
stopped musr1.h5
resumed musr1 3

echo "check_faults: all passed"
