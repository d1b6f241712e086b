#!/usr/bin/env bash
# Kept work: a unit's training is committed (status 3, "trained") as soon as it ends, and each
# network's row as soon as that network is done. A run stopped after a unit's training and
# before its analyses end (kill -9 at 1 and 3 ranks, SIGUSR1 at 3 ranks) resumes without
# training those networks again — their train cost is the bytes the first session wrote — and
# every row is bit-identical to an uninterrupted run. The moment of each stop is chosen by a
# fault hook (WMSWEEP_TEST_AFTER_TRAINED / _AFTER_ROW=K:SIGNAL: right after the process's K-th
# trained mark or row), so what each store holds is asserted exactly.
# usage: check_keep.sh WMSWEEP REPO
bin=$(realpath "$1") repo=$(realpath "$2")
source "$repo/tests/sweep/common.sh"
cd "$tmp"
spec=$repo/jobs/tiny.toml  # 8 networks in 2 units of 4 (rows 0-3 share J, rows 4-7 too)

"$bin" run "$spec" --store ref.h5 > ref.txt 2>&1 || fail "reference run exited $?: $(cat ref.txt)"
grep -q "trained: jobs 0, 1, 2, 3 (kept in the store" ref.txt || fail "no trained line for unit 1: $(cat ref.txt)"

# statuses STORE: the status column as "1 1 1 1 3 3 0 0"
statuses() { "$py" -c "import h5py,sys; print(*h5py.File(sys.argv[1])['status'][()].tolist())" "$1"; }

# kept NAME: after the resume of NAME.h5 (its stopped copy NAME.stopped.h5), the rows that were
# trained when it stopped kept their training's cost (the bytes written then: not trained again)
# and were finished by session 2; rows committed before the stop kept every byte.
kept() {
  "$py" - "$1.stopped.h5" "$1.h5" <<'PY' || fail "$1: kept training or committed rows changed on resume"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    status = a["status"][()]
    train = list(a.attrs["cost_phases"].split(",") if isinstance(a.attrs["cost_phases"], str)
                 else a.attrs["cost_phases"].decode().split(",")).index("train")
    trained = np.flatnonzero(status == 3)
    assert len(trained), "no trained row in the stopped store"
    for r in trained:
        for c in ("cost/seconds", "cost/peak_bytes"):
            assert a[c][r, train].tobytes() == b[c][r, train].tobytes(), f"row {r}: {c}[train] changed: trained again"
        for c in ("trained/w_o", "trained/w_d", "trained/x"):
            assert a[c][r].tobytes() == b[c][r].tobytes(), f"row {r}: {c} changed"
        assert b["session"][r] == 2 and b["status"][r] == 1, (r, b["session"][r], b["status"][r])
    done = np.flatnonzero((status == 1) | (status == 2))
    for name in ("status", "session", "cost/seconds", "end_states", "error/rmse"):
        for r in done:
            assert a[name][r].tobytes() == b[name][r].tobytes(), f"row {r}: {name} changed"
print(f"{len(trained)} trained rows kept their training, {len(done)} committed rows untouched")
PY
}

# 1. kill -9 of one process right after its 6th trained mark: unit 1 is committed whole, unit 2
# has trained rows 4 and 5 (its marks are written in order) and nothing for 6 and 7.
{ WMSWEEP_TEST_AFTER_TRAINED=6:KILL timeout 120 "$bin" run "$spec" --store kill1.h5 > kill1.txt 2>&1; rc=$?; } 2> /dev/null
[ $rc = 137 ] || fail "the kill after training exited $rc, expected 137: $(cat kill1.txt)"
[ "$(statuses kill1.h5)" = "1 1 1 1 3 3 0 0" ] || fail "kill1 statuses: $(statuses kill1.h5)"
"$bin" status kill1.h5 > kill1.status 2>&1 || fail "status of kill1 exited $?"
grep -q "^networks  8: 4 ok, 0 failed, 4 pending$" kill1.status || fail "kill1 status: $(cat kill1.status)"
grep -q "^kept      2 of the pending networks are trained" kill1.status || fail "kill1 status: $(cat kill1.status)"
cp kill1.h5 kill1.stopped.h5
timeout 120 "$bin" run "$spec" --store kill1.h5 > kill1.resume.txt 2>&1 || fail "resume of kill1 exited $?: $(cat kill1.resume.txt)"
grep -q "resuming kill1.h5: 4 of 8 networks committed (0 failed), 4 to run (session 2), 2 of them trained already" kill1.resume.txt \
  || fail "kill1 resume: $(head -3 kill1.resume.txt)"
# only the two networks without kept training train in the resume
grep -q "trained: jobs 6, 7 (kept" kill1.resume.txt || fail "kill1 resume trained: $(cat kill1.resume.txt)"
compare same ref.h5 kill1.h5 > /dev/null
kept kill1

# 2. A row commits when its network is done, not when its unit is: SIGUSR1 right after the first
# row, no grace. Row 0 is committed, rows 1-3 are trained (their unit was abandoned mid-analysis).
{ WMSWEEP_TEST_AFTER_ROW=1:USR1 timeout 120 "$bin" run "$spec" --store row1.h5 --grace 0 > row1.txt 2>&1; rc=$?; } 2> /dev/null
[ $rc = 3 ] || fail "the stop after row 1 exited $rc, expected 3 (incomplete): $(cat row1.txt)"
[ "$(statuses row1.h5)" = "1 3 3 3 0 0 0 0" ] || fail "row1 statuses: $(statuses row1.h5)"
cp row1.h5 row1.stopped.h5
timeout 120 "$bin" run "$spec" --store row1.h5 > row1.resume.txt 2>&1 || fail "resume of row1 exited $?: $(cat row1.resume.txt)"
grep -q "3 of them trained already" row1.resume.txt || fail "row1 resume: $(head -3 row1.resume.txt)"
compare same ref.h5 row1.h5 > /dev/null
kept row1

# 3. The same under mpirun, 3 ranks: each worker dies (kill -9) right after its 2nd trained
# mark; mpirun then ends the job. No row can be committed yet; at least 2 are trained.
WMSWEEP_TEST_AFTER_TRAINED=2:KILL mpi 3 "$bin" run "$spec" --store kill3.h5 > kill3.txt 2>&1
rc=$?
[ $rc != 0 ] || fail "the killed mpirun exited 0: $(cat kill3.txt)"
s=$(statuses kill3.h5)
[ -z "$(tr -d '03 ' <<< "$s")" ] && [ "$(tr -cd 3 <<< "$s" | wc -c)" -ge 2 ] || fail "kill3 statuses: $s"
cp kill3.h5 kill3.stopped.h5
mpi 3 "$bin" run "$spec" --store kill3.h5 > kill3.resume.txt 2>&1 || fail "resume of kill3 exited $?: $(cat kill3.resume.txt)"
grep -q "of them trained already" kill3.resume.txt || fail "kill3 resume: $(head -3 kill3.resume.txt)"
compare same ref.h5 kill3.h5 > /dev/null
kept kill3

# 4. SIGUSR1 (SLURM's warning before a time limit) in a worker right after its 4th trained mark
# (its unit's training is done), no grace: the sweep stops, resumable, with both units trained
# or finished in part; the resume at 3 ranks trains nothing it kept.
WMSWEEP_TEST_AFTER_TRAINED=4:USR1 mpi 3 "$bin" run "$spec" --store usr1.h5 --grace 0 > usr1.txt 2>&1
rc=$?
[ $rc = 3 ] || fail "the SIGUSR1 run exited $rc, expected 3 (incomplete): $(cat usr1.txt)"
grep -q "stop requested" usr1.txt || fail "usr1: no stop logged: $(cat usr1.txt)"
s=$(statuses usr1.h5)
[ "$(tr -cd 3 <<< "$s" | wc -c)" -ge 1 ] || fail "usr1 statuses: $s"
cp usr1.h5 usr1.stopped.h5
mpi 3 "$bin" run "$spec" --store usr1.h5 > usr1.resume.txt 2>&1 || fail "resume of usr1 exited $?: $(cat usr1.resume.txt)"
compare same ref.h5 usr1.h5 > /dev/null
kept usr1

# 5. A store made before kept work (no trained/x: emulated by deleting it) still reads — status
# and query as before — and is refused on resume with the reason, untouched
cp ref.h5 older.h5
"$py" -c "import h5py,sys; f=h5py.File(sys.argv[1],'r+'); del f['trained/x']; f['status'][7]=0" older.h5
"$bin" status older.h5 > older.status 2>&1 || fail "status of a store without trained/x exited $?: $(cat older.status)"
grep -q "^networks  8: 7 ok, 0 failed, 1 pending$" older.status || fail "older status: $(cat older.status)"
"$bin" query ref.h5 --all --format csv > ref.csv 2>&1 && "$bin" query older.h5 --all --format csv > older.csv 2>&1 \
  || fail "query of a store without trained/x: $(cat older.csv)"
[ "$(wc -l < older.csv)" = "$(wc -l < ref.csv)" ] || fail "older query: $(cat older.csv)"
sum=$(md5sum < older.h5)
expect_error "has no column trained/x: it was made by an earlier wmsweep" run "$spec" --store older.h5
[ "$(md5sum < older.h5)" = "$sum" ] || fail "a refused resume changed the older store"

echo "PASS: kept training at 1 and 3 ranks (kill -9, SIGUSR1), rows committed per network"
