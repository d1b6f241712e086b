#!/usr/bin/env bash
# Study 2 as a sweep (`study = "orientations"`): jobs/orientations_tiny.toml into a store, the
# same bits at 1 and 2 ranks and across shards, the torus geometry against numpy, the
# per-condition query against an h5py recount, and clear refusals.
# usage: check_orientations.sh WMSWEEP REPO
bin=$1 repo=$2
. "$repo/tests/sweep/common.sh"
spec=$repo/jobs/orientations_tiny.toml
cd "$tmp"

# one process: 4 networks, one per unit, every row committed
"$bin" run "$spec" --store one.h5 > run.txt 2>&1 || fail "run exited $?: $(cat run.txt)"
grep -q "created one.h5: 4 networks in 4 units of work" run.txt || fail "no creation line: $(cat run.txt)"
[ "$(grep -c 'info \[[1-4]/4\] job [0-3] seed=0 n=24 g=1 sigma_rec=0.*activation=tanh: ok, [0-9]* iterations, error ' run.txt)" = 4 ] ||
  fail "not one progress line per network: $(cat run.txt)"
compare complete one.h5
"$bin" status one.h5 > status.txt || fail "status exited $?"
grep -q "^networks  4: 4 ok, 0 failed, 0 pending$" status.txt || fail "status: $(cat status.txt)"
grep -q "^torus     clifford [0-4], standard_torus [0-4], other [0-4]$" status.txt || fail "status torus line: $(cat status.txt)"

# the same bits at 2 ranks (a master and a worker) and across two shards joined
mpi 2 "$bin" run "$spec" --store two.h5 > two.txt 2>&1 || fail "2 ranks exited $?: $(cat two.txt)"
compare same one.h5 two.h5
"$bin" run "$spec" --store s0.h5 --shard 0/2 > /dev/null 2>&1 || fail "shard 0/2"
"$bin" run "$spec" --store s1.h5 --shard 1/2 > /dev/null 2>&1 || fail "shard 1/2"
compare shards one.h5 s0.h5 s1.h5
"$bin" aggregate s1.h5 s0.h5 -o joined.h5 > agg.txt 2>&1 || fail "aggregate exited $?: $(cat agg.txt)"
compare same one.h5 joined.h5

# the numbers behind the rows: the stored network, run again in numpy, has the stored torus
"$py" "$repo/tests/sweep/orientation_reference.py" one.h5 || fail "numpy reference"
"$py" "$repo/tests/sweep/check_schema_doc.py" "$repo/docs/store.md" one.h5 "## Study 2's store" ||
  fail "docs/store.md's study-2 schema is out of date"

# query: one row per condition, and every count equals an h5py recount of the store
"$bin" query one.h5 --format csv > q.csv || fail "query exited $?"
[ "$(head -1 q.csv | cut -d, -f1-5)" = "sigma_rec,ordinal,activation,networks,reached" ] || fail "csv header: $(head -1 q.csv)"
[ "$(wc -l < q.csv)" = 5 ] || fail "csv has $(wc -l < q.csv) lines, expected 1 + 4 conditions"
"$py" - q.csv one.h5 <<'PY' || fail "query does not match the store"
import csv, sys
import h5py, numpy as np
rows = list(csv.DictReader(open(sys.argv[1])))
with h5py.File(sys.argv[2], "r") as f:
    sig, ordi, st = f["sigma_rec"][()], f["ordinal"][()], f["status"][()]
    torus, human, reached = f["torus/label"][()], f["behaviour/human"][()], f["train/reached"][()]
    rep, corr = f["behaviour/repulsion_small"][()][:, 0], f["behaviour/correlation_small"][()]
    labels = f.attrs["torus_labels"].decode().split(",") if isinstance(f.attrs["torus_labels"], bytes) else f.attrs["torus_labels"].split(",")
for r in rows:
    m = (sig == float(r["sigma_rec"])) & (ordi == int(r["ordinal"])) & (st == 1)
    assert r["activation"] == "tanh", r
    assert int(r["networks"]) == m.sum() == 1, r
    assert int(r["reached"]) == reached[m].sum(), r
    assert int(r["clifford"]) == (torus[m] == labels.index("clifford")).sum(), r
    assert int(r["human"]) == (human[m] == 1).sum() and int(r["behaviour"]) == m.sum(), r
    assert abs(float(r["repulsion_deg"]) - np.degrees(rep[m]).mean()) < 1e-4, r
    assert abs(float(r["correlation"]) - corr[m].mean()) < 1e-4, r
print("query: 4 conditions recounted")
PY
"$bin" query one.h5 --by ordinal --where sigma_rec=0.1,activation=tanh --format csv > w.csv || fail "query --where"
[ "$(cut -d, -f1,2 w.csv | tr '\n' ' ')" = "ordinal,networks 0,1 1,1 " ] || fail "--where rows: $(cat w.csv)"

# refusals: exit 2 with the key and the fix named, the store untouched
expect_refusal() {  # expect_refusal WHAT PATTERN CMD…
  local what=$1 pattern=$2; shift 2
  "$@" > out.txt 2>&1; local code=$?
  [ $code = 2 ] || fail "$what: exit $code, expected 2: $(cat out.txt)"
  grep -q -- "$pattern" out.txt || fail "$what: message lacks '$pattern': $(cat out.txt)"
}
expect_refusal "--by a study-1 column" "not a grid column of this store; use any of seed, n, g, sigma_rec" "$bin" query one.h5 --by fb
expect_refusal "--variant on study 2" "study 1's" "$bin" query one.h5 --variant dynamics
sed 's/^n = 24/n = 24\nsigma = 0.1/' "$spec" > typo.toml
expect_refusal "a misspelt key" "network.sigma is not a known key" "$bin" run typo.toml --store typo.h5
sed 's/^fixation = 50/fixation = 55/' "$spec" > steps.toml
expect_refusal "a period off the step grid" "task.fixation is not a whole number of Euler steps" "$bin" run steps.toml --store steps.h5
printf '[test]\nn_trials = 4\n' | cat "$spec" - > test.toml
expect_refusal "a study-1 section" "test is a study-1 section" "$bin" run test.toml --store test.h5
sed 's/^\[task\].*/[task]\ndeltas_file = "missing.txt"/' "$spec" > deltas.toml
expect_refusal "a missing Δθ file" "missing.txt: cannot open the Δθ file" "$bin" run deltas.toml --store deltas.h5
[ ! -e deltas.h5 ] || fail "a refused run left a store behind"
sed 's/^max_iterations = 150/max_iterations = 160/' "$spec" > changed.toml
cp one.h5 resume.h5
expect_refusal "a changed spec on resume" "train.max_iterations: 150 -> 160" "$bin" run changed.toml --store resume.h5
compare same one.h5 resume.h5
expect_refusal "one with study 1's trainer inputs" "is of study orientations: drop them" "$bin" one "$spec" --job 0 --save-inputs
# relabel has nothing to derive for study 2: it says so and changes no bit
cp one.h5 relabel.h5
"$bin" relabel relabel.h5 > relabel.txt 2>&1 || fail "relabel exited $?: $(cat relabel.txt)"
grep -q "study orientations has no mechanism labels" relabel.txt || fail "relabel: $(cat relabel.txt)"
compare same one.h5 relabel.h5
# `one` trains and analyses any single network of the grid exactly as `run` does: its file
# holds the store's row, column for column, bit for bit
for job in 0 1 2 3; do
  "$bin" one "$spec" --job $job --out job$job.h5 > one$job.txt 2>&1 || fail "one --job $job exited $?: $(cat one$job.txt)"
  grep -q "^job $job seed=0 n=24 .*: ok, " one$job.txt || fail "one --job $job: $(cat one$job.txt)"
done
"$py" - one.h5 <<'PY' || fail "one's files differ from the store's rows"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as s:
    skip = {"job", "status", "reason", "session", "seed", "n", "g", "sigma_rec", "ordinal", "activation"}
    names = []
    s.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
    names = [n for n in names if n not in skip and not n.startswith("axes/") and n != "spec"
             and not n.startswith("cost/")]
    assert len(names) > 40, names
    for row, job in enumerate(s["job"][()]):
        with h5py.File(f"job{job}.h5", "r") as o:
            text = lambda a: a.decode() if isinstance(a, bytes) else str(a)
            assert text(o.attrs["schema"]) == "wmsweep-row/1" and int(o.attrs["job"]) == job, dict(o.attrs)
            assert text(o.attrs["status"]) == "ok" and text(o.attrs["study"]) == "orientations"
            for k in ("seed", "n", "g", "sigma_rec", "ordinal", "activation"):
                assert float(o.attrs[k]) == float(s[k][row]), (job, k)
            assert o["spec"][()] == s["spec"][()]
            for n in names:
                a = np.asarray(s[n][row], dtype=np.float64)
                b = np.asarray(o[n][()], dtype=np.float64)
                assert a.shape == b.shape and a.tobytes() == b.tobytes(), (job, n, a.ravel()[:4], b.ravel()[:4])
    print(f"one: 4 networks, {len(names)} columns each equal to the store's rows")
PY
echo "check_orientations: all good"
