#!/usr/bin/env bash
# The third study, the 3-bit flip-flop (`study = "flipflop"`), as a sweep: jobs/flipflop_tiny.toml
# into a store; every network holds its 8 memories at 8 stable points, each stored point and
# spectrum recomputed in numpy; the same bits at 3 ranks and from `wmsweep one`; status and
# query; clear refusals.
# usage: check_flipflop.sh WMSWEEP REPO
bin=$1 repo=$2
. "$repo/tests/sweep/common.sh"
spec=$repo/jobs/flipflop_tiny.toml
cd "$tmp"

"$bin" run "$spec" --store one.h5 > run.txt 2>&1 || fail "run exited $?: $(cat run.txt)"
grep -q "created one.h5: 2 networks in 2 units of work" run.txt || fail "no creation line: $(cat run.txt)"
[ "$(grep -c 'info \[[1-2]/2\] job [0-1] seed=1 n=32 g=0.[59] sigma_rec=0: ok, [0-9]* iterations, accuracy 0.9[0-9]*, 8 of 8 memories held, 8 stable, [0-9]* saddles' run.txt)" = 2 ] ||
  fail "not one progress line per network holding 8 memories: $(cat run.txt)"
compare complete one.h5
"$py" "$repo/tests/reference/flipflop_store_reference.py" one.h5 8 > reference.txt || fail "numpy reference: $(cat reference.txt)"
[ "$(grep -c 'F, spectra, kinds and readouts match numpy' reference.txt)" = 2 ] || fail "reference rows: $(cat reference.txt)"

"$py" "$repo/tests/sweep/check_schema_doc.py" "$repo/docs/flipflop.md" one.h5 "## The store" ||
  fail "docs/flipflop.md's store schema is out of date"
"$bin" status one.h5 > status.txt || fail "status exited $?"
grep -q "^networks  2: 2 ok, 0 failed, 0 pending$" status.txt || fail "status: $(cat status.txt)"
grep -q "^memories  2 of 2 hold every one of the 8 memories" status.txt || fail "status memories: $(cat status.txt)"
"$bin" query one.h5 --format csv > q.csv || fail "query exited $?"
"$py" - one.h5 q.csv <<'PY' || fail "query differs from an h5py recount"
import csv, sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == 2, rows
for row in rows:
    sel = (f["g"][()] == float(row["g"])) & (f["status"][()] == 1)
    assert int(row["networks"]) == sel.sum() == 1
    assert int(row["all_held"]) == int((f["memory/held"][()][sel] == 8).sum())
    assert abs(float(row["accuracy"]) - f["test/accuracy"][()][sel].mean()) < 1e-4
    assert abs(float(row["stable"]) - f["memory/stable"][()][sel].mean()) < 1e-4
print("query: matches an h5py recount")
PY

"$py" - "$repo/analysis" one.h5 <<'PY' || fail "the Python frame differs from the store"
import sys, h5py, numpy as np
sys.path.insert(0, sys.argv[1])
from wmsweep import results as wr
df = wr.Store(sys.argv[2]).frame()
f = h5py.File(sys.argv[2], "r")
assert len(df) == 2 and (df["status"] == "ok").all(), df
for column in ("job", "seed", "n", "g", "memory/held", "memory/stable", "memory/saddles", "test/accuracy"):
    assert np.array_equal(df[column.replace("/", "_")].to_numpy(), f[column][()]), column
print("frame: the flip-flop's scalar columns as stored")
PY

# the same bits at 3 ranks, and from `wmsweep one`
mpi 3 "$bin" run "$spec" --store three.h5 > three.txt 2>&1 || fail "3 ranks exited $?: $(cat three.txt)"
compare same one.h5 three.h5
for job in 1; do
  "$bin" one "$spec" --job $job --out job$job.h5 > one$job.txt 2>&1 || fail "one --job $job exited $?: $(cat one$job.txt)"
done
"$py" - one.h5 <<'PY' || fail "one's files differ from the store's rows"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as s:
    skip = {"job", "status", "reason", "session", "seed", "n", "g", "sigma_rec"}
    names = []
    s.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
    names = [n for n in names if n not in skip and not n.startswith(("axes/", "cost/")) and n != "spec"]
    assert len(names) > 25, names
    for job in (1,):
        row = list(s["job"][()]).index(job)
        with h5py.File(f"job{job}.h5", "r") as o:
            for n in names:
                a, b = np.asarray(s[n][row], np.float64), np.asarray(o[n][()], np.float64)
                assert a.shape == b.shape and np.array_equal(a, b, equal_nan=True), (job, n)
print("one: the row equals `wmsweep one`'s file")
PY

# refusals that name the key
printf 'study = "flipflop"\n[test]\nn_trials = 4\n' > bad.toml
"$bin" run bad.toml --store bad.h5 > bad.txt 2>&1 && fail "a [test] section was accepted"
grep -q "test is not a known key" bad.txt || fail "bad section message: $(cat bad.txt)"
printf 'study = "flipflop"\n[task]\nbits = 9\n' > bad.toml
"$bin" plan bad.toml > bad.txt 2>&1 && fail "bits = 9 was accepted"
grep -q "task.bits = 9 is out of range" bad.txt || fail "bad bits message: $(cat bad.txt)"
"$bin" query one.h5 --claims > bad.txt 2>&1 && fail "--claims on a flip-flop store was accepted"
grep -q "a store of study flipflop gets its per-combination table" bad.txt || fail "claims message: $(cat bad.txt)"
echo "flipflop: all checks passed"
