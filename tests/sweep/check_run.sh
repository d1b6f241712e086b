#!/usr/bin/env bash
# `wmsweep run / status / query` as a user meets them: a sweep into a store, the same rows as
# `wmsweep one`, the same bits at 1, 2 and 3 ranks and across shards, resume, and clear refusals.
# usage: check_run.sh WMSWEEP REPO
bin=$1 repo=$2
. "$repo/tests/sweep/common.sh"
spec=$repo/jobs/tiny.toml
cd "$tmp"

# one process does everything: 8 networks in 2 units of 4
"$bin" run "$spec" --store one.h5 > run.txt 2>&1 || fail "run exited $?: $(cat run.txt)"
grep -q "created one.h5: 8 networks in 2 units of work" run.txt || fail "no creation line: $(cat run.txt)"
[ "$(grep -c '^\[.*\] info \[[1-8]/8\] job ' run.txt)" = 8 ] || fail "not one progress line per network: $(cat run.txt)"
grep -q "8 networks committed this run" run.txt || fail "no summary line"
compare complete one.h5
"$bin" status one.h5 > status.txt || fail "status exited $?"
grep -q "^networks  8: 8 ok, 0 failed, 0 pending$" status.txt || fail "status counts: $(cat status.txt)"
grep -q "^state     complete$" status.txt || fail "status state: $(cat status.txt)"
h5dump -H one.h5 > /dev/null || fail "h5dump cannot read the store"

# every row equals `wmsweep one` for the same job, though it was trained in a group of 4
for job in 0 1 2 3 4 5 6 7; do
  "$bin" one "$spec" --job $job --out job$job.h5 > /dev/null 2>&1 || fail "one --job $job"
done
compare one one.h5 .

# query: exact row counts; label counts add up to the networks of each combination (--all: the
# tiny networks do not learn the task; tests/science checks the default, trained networks only)
"$bin" query one.h5 --by g,fb --format csv --all > q.csv || fail "query csv exited $?"
[ "$(head -1 q.csv)" = "g,fb,label,count,labelled,fraction,ci_low,ci_high,trained,networks,failed,pending" ] || fail "csv header: $(head -1 q.csv)"
[ "$(wc -l < q.csv)" = 21 ] || fail "csv has $(wc -l < q.csv) lines, expected 1 + 4 combinations x 5 labels"
"$bin" query one.h5 --by g,fb --format csv > qt.csv || fail "query csv (trained) exited $?"
[ "$(wc -l < qt.csv)" = 25 ] || fail "csv has $(wc -l < qt.csv) lines, expected 1 + 4 combinations x (5 labels + untrained)"
"$py" - q.csv <<'PY' || fail "query counts do not add up"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault((r["g"], r["fb"]), []).append(r)
    assert 0 <= float(r["ci_low"]) <= float(r["fraction"]) <= float(r["ci_high"]) <= 1, r
assert len(by) == 4
assert all(sum(int(r["count"]) for r in rs) == 2 == int(rs[0]["labelled"]) for rs in by.values()), by
PY
"$bin" query one.h5 --by seed --format json --all | "$py" -c "import json,sys; r=json.load(sys.stdin); assert len(r)==10 and sum(x['count'] for x in r)==8, r" \
  || fail "json query"
"$bin" query one.h5 --by g --variant b --all > q.txt || fail "table query exited $?"
[ "$(wc -l < q.txt)" = 12 ] || fail "table has $(wc -l < q.txt) lines, expected 2 + 2 x 5"
# the dynamics label: its prevalence, and its agreement with variant A counted independently
"$bin" query one.h5 --variant dynamics --format json --all | "$py" -c "import json,sys; r=json.load(sys.stdin); assert len(r)==5 and sum(x['count'] for x in r)==8, r" \
  || fail "dynamics prevalence"
"$bin" query one.h5 --agree --by g --format json --all > agree.json || fail "agreement query exited $?"
"$py" - agree.json <<'PY' || fail "agreement counts differ from the store's labels"
import json, sys
import h5py
rows = json.load(open(sys.argv[1]))
with h5py.File("one.h5", "r") as f:
    g, ok = f["g"][()], f["status"][()] == 1
    a, d = f["classify/a/label"][()], f["dynamics/label"][()]
assert len(rows) == 2, rows
for r in rows:
    sel = ok & (g == r["g"])
    assert r["networks"] == int(sel.sum()) == 4, r
    assert r["agree"] == int((a[sel] == d[sel]).sum()), r
    assert sum(r["pairs"].values()) == 4, r
PY

# resume of a complete store: nothing runs, nothing changes
"$bin" run "$spec" --store one.h5 > resume.txt 2>&1 || fail "resume of a complete store exited $?"
grep -q "one.h5 is complete: 8 networks (0 failed); nothing to run" resume.txt || fail "resume ran something: $(cat resume.txt)"
"$py" -c "import h5py,sys; f=h5py.File('one.h5','r'); assert (f['session'][()]==1).all(), f['session'][()]" || fail "a complete store was recomputed"

# the same bits at 2 and 3 ranks (rank 0 dispatches, the others compute)
mpi 2 "$bin" run "$spec" --store r2.h5 > r2.txt 2>&1 || fail "mpirun -n 2 exited $?: $(cat r2.txt)"
compare same one.h5 r2.h5
mpi 3 "$bin" run "$spec" --store r3.h5 > r3.txt 2>&1 || fail "mpirun -n 3 exited $?: $(cat r3.txt)"
compare same one.h5 r3.h5
[ "$(grep -c 'info \[[1-8]/8\] job ' r3.txt)" = 8 ] || fail "master did not log each network once: $(cat r3.txt)"

# shards: disjoint, together the whole sweep, the same bits
"$bin" run "$spec" --store s0.h5 --shard 0/2 > /dev/null 2>&1 || fail "shard 0/2"
mpi 2 "$bin" run "$spec" --store s1.h5 --shard 1/2 > /dev/null 2>&1 || fail "shard 1/2"
compare shards one.h5 s0.h5 s1.h5

# aggregate: the shards joined are the single store, bit for bit, and query prints the same;
# again is safe; a missing shard is listed with exit 3 and nothing half-written stays
"$bin" aggregate s0.h5 s1.h5 -o agg.h5 > agg.txt || fail "aggregate exited $?: $(cat agg.txt)"
grep -q "agg.h5: 8 jobs: 8 ok, 0 failed, 0 missing" agg.txt || fail "aggregate summary: $(cat agg.txt)"
compare same one.h5 agg.h5
[ "$("$bin" query agg.h5 --by g,fb)" = "$("$bin" query one.h5 --by g,fb)" ] || fail "query differs on the aggregate"
"$bin" aggregate s1.h5 s0.h5 -o agg.h5 > /dev/null || fail "aggregate again exited $?"
compare same one.h5 agg.h5
"$bin" aggregate s0.h5 -o part.h5 > part.txt; [ $? = 3 ] || fail "an incomplete aggregate did not exit 3"
grep -q "missing  jobs" part.txt || fail "missing jobs not listed: $(cat part.txt)"
[ "$(grep -c '' <(ls *.joining 2>/dev/null))" = 0 ] || fail "a .joining file was left behind"
# --where: only the matching networks count
"$bin" query agg.h5 --by g --where fb=10 --format json --all | "$py" -c "import json,sys; r=json.load(sys.stdin); assert sum(x['count'] for x in r)==4 and len(r)==10, r" \
  || fail "query --where"

# --save-weights stores the initial weights, equal to those `one` writes
"$bin" run "$spec" --store w.h5 --save-weights --shard 1/2 > /dev/null 2>&1 || fail "--save-weights run"
"$py" - <<'PY' || fail "stored initial weights differ from one's"
import h5py
with h5py.File("w.h5", "r") as s:
    for row, job in enumerate(s["job"][()]):
        with h5py.File(f"job{job}.h5", "r") as o:
            for name in ("J", "w_f", "w_fd", "w_i", "x0"):
                assert s[f"init/{name}"][row].tobytes() == o[f"init/{name}"][()].tobytes(), (job, name)
PY
"$py" "$repo/tests/sweep/check_schema_doc.py" "$repo/docs/store.md" w.h5 "## The store" || fail "docs/store.md's schema is out of date"

# a diverging network is a failed row with its reason; the sweep still completes
sed -e 's/^seed = .*/seed = [0]/' -e 's/^g = .*/g = [1.5]/' -e 's/^fb = .*/fb = [10.0, 1e-9]/' "$spec" > diverge.toml
"$bin" run diverge.toml --store d.h5 > d.txt 2>&1 || fail "a sweep with a diverging network exited $?: $(cat d.txt)"
"$bin" status d.h5 | grep -q "^networks  2: 1 ok, 1 failed, 0 pending$" || fail "status of d.h5: $("$bin" status d.h5)"
"$py" -c "
import h5py; f = h5py.File('d.h5', 'r')
assert f['status'][()].tolist() == [1, 2], f['status'][()]
assert b'diverged during training' in f['reason'][1], f['reason'][1]
assert f['classify/a/label'][1] == -1" || fail "the failed row is not recorded with its reason"
"$bin" query d.h5 --by fb --format csv | grep -q "^1e-09,fixed_points,0,0,.*,0,0,1,0$" || fail "query does not count the failed network: $("$bin" query d.h5 --by fb --format csv)"

# refusals: a message naming the problem, exit 2, the store untouched
{ cat "$spec"; printf "\n[fixed_points]\nnear = -1.0\n"; } > bad_fp.toml
sed 's/^n_train = 40/n_train = 41/' "$spec" > changed.toml
expect_error "train.n_train: 40 -> 41" run changed.toml --store one.h5
"$bin" run changed.toml --store changed_shard.h5 --shard 1/2 > /dev/null 2>&1 || fail "shard of the changed spec"
expect_error "holds shard 0/1, not 1/2" run "$spec" --store one.h5 --shard 1/2
expect_error "expected I/K with 0 <= I < K" run "$spec" --store x.h5 --shard 2/2
expect_error "has no work" run "$spec" --store x.h5 --shard 5/9
printf '[network]\nn = 60\n[grid]\ng = [1.0, "big"]\n' > bad.toml
expect_error "grid.g" run bad.toml --store x.h5
[ ! -e x.h5 ] || fail "a refused run left a store"
flock one.h5.lock sleep 30 &
holder=$!
sleep 0.5
expect_error "one.h5 is in use" run "$spec" --store one.h5
kill $holder; wait $holder 2>/dev/null
head -c 5000 one.h5 > trunc.h5
expect_error "not a readable HDF5 file" run "$spec" --store trunc.h5
expect_error "not a readable HDF5 file" status trunc.h5
expect_error "not a readable HDF5 file" query trunc.h5 --by g
expect_error "not a grid column" query one.h5 --by gain
expect_error "where gain: not a grid column" query one.h5 --where gain=1
expect_error "use KEY=NUMBER" query one.h5 --where g=big
expect_error "shard 0/2 is given twice" aggregate s0.h5 s0.h5 -o x.h5
expect_error "another spec" aggregate s0.h5 changed_shard.h5 -o x.h5
expect_error "variant dynamics: use a or b (with --agree)" query one.h5 --agree --variant dynamics
expect_error "fixed_points.near" run bad_fp.toml --store bad_fp.h5
compare same one.h5 r3.h5  # after all refusals, the store still holds its results
echo "check_run: all passed"
