#!/usr/bin/env bash
# Growing a sweep: a spec that only adds grid values (new seeds, a new g between two) extends a
# store. The grown store equals a fresh run of the union spec; every row the old store held
# keeps every byte but its job number (its position in the new grid); two extensions in turn
# give the same store as one; anything else that differs is refused with the difference and
# the store left untouched; a kill -9 while the store grows or while the new points run
# resumes to the same store.
# usage: check_extend.sh WMSWEEP REPO
bin=$(realpath "$1") repo=$(realpath "$2")
source "$repo/tests/sweep/common.sh"
cd "$tmp"
base=$repo/jobs/tiny.toml  # seed [0, 1] × g [0.8, 1.5] × fb [10, 40]: 8 networks
grep -q '^seed = \[0, 1\]$' "$base" && grep -q '^g = \[0.8, 1.5\]$' "$base" || fail "jobs/tiny.toml's grid changed"
sed 's/^seed = \[0, 1\]$/seed = [0, 1, 2]/' "$base" > seeds.toml                        # 12 networks
sed 's/^g = \[0.8, 1.5\]$/g = [0.8, 1.1, 1.5]/' seeds.toml > union.toml                 # 18 networks
sed 's/^n_train = 40$/n_train = 41/' union.toml > other.toml
sed 's/^seed = \[0, 1\]$/seed = [0]/' "$base" > fewer.toml

run() { timeout 120 "$bin" run "$@"; }
run union.toml --store union.h5 > union.txt 2>&1 || fail "union run exited $?: $(cat union.txt)"
run "$base" --store old.h5 > old.txt 2>&1 || fail "base run exited $?: $(cat old.txt)"

# kept OLD NEW: every row of OLD is in NEW at the row of the same grid point, every dataset's
# bytes equal but `job`
kept() {
  "$py" - "$1" "$2" <<'PY' || fail "rows of $1 changed in $2"
import sys, h5py, numpy as np
axes = ("seed", "n", "pg", "in", "g", "fb")
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    where = {tuple(b[x][r] for x in axes): r for r in range(len(b["job"]))}
    names = []
    a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) and n not in ("spec", "job") and not n.startswith("axes/") else None)
    for r in range(len(a["job"])):
        s = where[tuple(a[x][r] for x in axes)]
        for n in names:
            assert a[n][r:r + 1].tobytes() == b[n][s:s + 1].tobytes(), f"old row {r} -> {s}: {n}"
    print(f"{len(a['job'])} rows kept every byte in {len(b['job'])}")
PY
}

# 1. One extension by seeds and g at once
cp old.h5 grown.h5
run union.toml --store grown.h5 > grown.txt 2>&1 || fail "extension exited $?: $(cat grown.txt)"
grep -q "extended grown.h5: grid.seed: \[0, 1\] -> \[0, 1, 2\]; grid.g: \[0.8, 1.5\] -> \[0.8, 1.1, 1.5\] (8 networks -> 18; 8 rows kept as they were)" grown.txt \
  || grep -q "extended grown.h5: grid.g: \[0.8, 1.5\] -> \[0.8, 1.1, 1.5\]; grid.seed: \[0, 1\] -> \[0, 1, 2\] (8 networks -> 18; 8 rows kept as they were)" grown.txt \
  || fail "extension log: $(head -3 grown.txt)"
grep -q "resuming grown.h5: 8 of 18 networks committed (0 failed), 10 to run" grown.txt || fail "extension resume: $(head -3 grown.txt)"
compare same union.h5 grown.h5 > /dev/null
kept old.h5 grown.h5
"$bin" status grown.h5 | grep -q "^networks  18: 18 ok, 0 failed, 0 pending$" || fail "grown status: $("$bin" status grown.h5)"

# 2. Two extensions in turn (seeds, then g) give the same store
cp old.h5 twice.h5
run seeds.toml --store twice.h5 > twice1.txt 2>&1 || fail "first extension exited $?: $(cat twice1.txt)"
run union.toml --store twice.h5 > twice2.txt 2>&1 || fail "second extension exited $?: $(cat twice2.txt)"
grep -q "(12 networks -> 18; 12 rows kept as they were)" twice2.txt || fail "second extension: $(head -3 twice2.txt)"
compare same union.h5 twice.h5 > /dev/null

# 3. Anything but added grid values is refused, the store untouched
cp old.h5 refused.h5
sum=$(md5sum < refused.h5)
expect_error "train.n_train: 40 -> 41" run other.toml --store refused.h5
expect_error "grid.seed: \[0, 1\] -> \[0\]" run fewer.toml --store refused.h5
[ "$(md5sum < refused.h5)" = "$sum" ] && [ ! -e refused.h5.growing ] || fail "a refused extension changed the store"
# a shard cannot grow
run "$base" --store shard.h5 --shard 0/2 > shard.txt 2>&1 || fail "shard run exited $?: $(cat shard.txt)"
expect_error "holds shard 0/2 of its sweep: a shard cannot grow" run union.toml --store shard.h5 --shard 0/2

# 4. kill -9 while the store grows (halfway through copying its 3rd row): the old store is
# intact, and the same command grows it again
cp old.h5 killgrow.h5
{ WMSWEEP_TEST_KILL_MID_ROW=3 timeout 120 "$bin" run union.toml --store killgrow.h5 > killgrow.txt 2>&1; rc=$?; } 2> /dev/null
[ $rc = 137 ] || fail "the kill while growing exited $rc: $(cat killgrow.txt)"
cmp -s old.h5 killgrow.h5 || fail "the store changed before the grown one was in place"
[ -e killgrow.h5.growing ] || fail "no killgrow.h5.growing left by the kill"
run union.toml --store killgrow.h5 > killgrow2.txt 2>&1 || fail "rerun after the kill exited $?: $(cat killgrow2.txt)"
[ ! -e killgrow.h5.growing ] || fail "killgrow.h5.growing left behind"
compare same union.h5 killgrow.h5 > /dev/null

# 5. kill -9 once grown, after the 2nd new network: the grown store resumes like any store
cp old.h5 killrun.h5
{ WMSWEEP_TEST_AFTER_ROW=2:KILL timeout 120 "$bin" run union.toml --store killrun.h5 > killrun.txt 2>&1; rc=$?; } 2> /dev/null
[ $rc = 137 ] || fail "the kill after 2 new rows exited $rc: $(cat killrun.txt)"
"$bin" status killrun.h5 | grep -q "^networks  18: 10 ok, 0 failed, 8 pending$" || fail "killrun status: $("$bin" status killrun.h5)"
run union.toml --store killrun.h5 > killrun2.txt 2>&1 || fail "resume of the grown store exited $?: $(cat killrun2.txt)"
grep -q "resuming killrun.h5: 10 of 18 networks committed" killrun2.txt || fail "killrun resume: $(head -3 killrun2.txt)"
compare same union.h5 killrun.h5 > /dev/null
kept old.h5 killrun.h5

# 6. The same extension under mpirun with 3 ranks
cp old.h5 mpi.h5
mpi 3 "$bin" run union.toml --store mpi.h5 > mpi.txt 2>&1 || fail "extension at 3 ranks exited $?: $(cat mpi.txt)"
compare same union.h5 mpi.h5 > /dev/null
kept old.h5 mpi.h5

# 7. A SLURM sweep grows through `submit --extend`: each task's shard starts with the old
# store's rows of its jobs; the tasks (run here as the array runs them) compute the new points
# only, and the aggregate equals a fresh run of the union
# (the old sweep's results.h5 as its aggregation job writes it)
"$bin" aggregate old.h5 -o results.h5 > agg_old.txt 2>&1 || fail "aggregate of the old store exited $?: $(cat agg_old.txt)"
"$bin" submit union.toml --run-dir rd --tasks 3 --extend results.h5 --dry-run > submit.txt 2>&1 || fail "submit --extend exited $?: $(cat submit.txt)"
grep -q "seeded 3 shards with the 8 rows of results.h5: the array computes the other 10 networks" submit.txt || fail "submit --extend: $(cat submit.txt)"
grep -q -- '--shard "$task/3"' rd/array.sbatch || fail "the array's command changed: $(grep shard rd/array.sbatch)"
for t in 0 1 2; do
  run rd/spec.toml --store "rd/shards/shard_0000$t.h5" --shard "$t/3" > "task$t.txt" 2>&1 || fail "task $t exited $?: $(cat "task$t.txt")"
done
[ "$(sed -n 's/.*info \([0-9]*\) networks committed this run.*/\1/p' task*.txt | awk '{s += $1} END {print s}')" = 10 ] || fail "the tasks did not compute exactly the 10 new networks: $(grep -h 'committed this run' task*.txt)"
"$bin" aggregate rd -o agg.h5 > agg.txt 2>&1 || fail "aggregate exited $?: $(cat agg.txt)"
compare same union.h5 agg.h5 > /dev/null  # (aggregate rewrites cost/write_seconds: no `kept`)
expect_error "train.n_train: 40 -> 41" submit other.toml --run-dir rd2 --tasks 2 --extend old.h5 --dry-run
expect_error "a shard cannot grow" submit union.toml --run-dir rd3 --tasks 2 --extend shard.h5 --dry-run
[ ! -e rd2 ] && [ ! -e rd3 ] || fail "a refused submit --extend left a run folder"
echo "PASS: extension by seeds and g, in one step and two, refusals, kill -9 while growing and after, 3 ranks, submit --extend"
