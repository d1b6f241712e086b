#!/usr/bin/env bash
# Careless and hostile input (issue: "every case a clear refusal"): each case exits 2 with a
# message naming the problem, and nothing is run or written.
# usage: check_input.sh WMSWEEP REPO
bin=$1 repo=$2
spec=$repo/jobs/tiny.toml
. "$repo/tests/sweep/common.sh"
cd "$tmp"

# spec files: a folder, a device, an empty or comment-only file, a huge one
expect_error "is a folder" run "$repo/jobs"
expect_error "is a folder" one "$repo/jobs" --job 0
expect_error "is larger than 4 MiB" one /dev/zero --job 0
: > empty.toml
expect_error "is empty" run empty.toml --store e.h5
printf '# only a comment\n\n' > comment.toml
expect_error "holds no settings" one comment.toml --job 0
[ ! -e e.h5 ] || fail "a refused spec left a store"
# an unstable Euler step: dt >= tau, naming both keys
for dt in 2 1.5 1; do
  printf '[task]\ndt = %s\n' "$dt" > dt.toml
  expect_error "task.dt = $dt is not below task.tau = 1" one dt.toml --job 0
done
sed -e 's/^\[network\].*/[network]\ntau = 10/' "$repo/jobs/orientations_tiny.toml" > dt2.toml
grep -q "^tau = 10$" dt2.toml || fail "could not set study 2's tau"
expect_error "network.tau = 10 is not above task.dt = 10" run dt2.toml --store dt2.h5
# a grid too large to number: refused with its true size, not wrapped around
"$py" -c "
vals = ', '.join(str(0.1 + i * 0.001) for i in range(1700))
print('[grid]\nseed = [' + ', '.join(map(str, range(1700))) + ']\ng = [' + vals + ']\nfb = [' + vals
      + ']\nin = [' + vals + ']\npg = [' + ', '.join(str(0.1 + i * 0.0001) for i in range(1700))
      + ']\nn = [' + ', '.join(str(2 + i) for i in range(1700)) + ']')" > big.toml
expect_error "grid describes 2.414e+19 jobs (1700 seed × 1700 n" one big.toml --job 0
# seeds beyond 2^53 are distinct integers, not equal doubles
printf '[network]\nn = 20\n[train]\nn_train = 4\n[analysis]\nrun = []\n[grid]\nseed = [9007199254740992, 9007199254740993]\n' > s53.toml
"$bin" one s53.toml --job 1 > s53.txt 2>&1 || fail "seeds 2^53 and 2^53 + 1 refused: $(cat s53.txt)"
grep -q "seed=9007199254740993" s53.txt || fail "job 1 is not seed 2^53 + 1: $(head -3 s53.txt)"
# sizes no machine of the spec's can hold: refused before any work, naming what needs it
printf '[network]\nn = 20000\n' > n20k.toml
expect_error "mostly for training (J and train.group_max = 8 networks' P matrices, n = 20000), more than --max-memory 16 GB" one n20k.toml --job 0 --max-memory 16G
expect_error "more than --max-memory 16 GB" run n20k.toml --store n20k.h5 --max-memory 16G
sed -e 's/^forget_step = .*/forget_step = 0.1/' -e 's/^forget_to = .*/forget_to = 1000000.0/' "$spec" > forget.toml
expect_error "mostly for forgetting (1.6e+08 runs: 1e+07 extra delays" run forget.toml --store forget.h5 --max-memory 1G
expect_error "give a size such as 24G" one "$spec" --job 0 --max-memory 5X
[ ! -e n20k.h5 ] && [ ! -e forget.h5 ] || fail "a refused spec left a store"
# --job must be a whole number: an unset variable must not run job 0
for job in "" "1.5" "3x" " 1"; do
  expect_error "give the job index" one "$spec" --job "$job"
done
# a latent file whose labels are not 0 or 1 (0.7 must not become class 0)
"$py" -c "
import h5py, numpy as np
with h5py.File('lab.h5', 'w') as f:
    f['latents'] = np.zeros((3, 2)); f['labels'] = np.array([0, 1, 0.7])"
printf 'name = "x"\n[task]\nlatent = "file"\nlatent_file = "lab.h5"\n' > lat.toml
expect_error "/labels\[2\] = 0.7; labels must be 0 or 1" one lat.toml --job 0
# --out: never an input, and its folder checked before training
cp "$spec" mine.toml
expect_error "is the input mine.toml" one mine.toml --job 0 --out mine.toml
cmp -s mine.toml "$spec" || fail "one --out overwrote the spec"
expect_error "the folder nofolder does not exist" one "$spec" --job 0 --out nofolder/x.h5
# a store name too long for its side files
long=$(printf 'a%.0s' $(seq 250)).h5
expect_error "the file name is too long" run "$spec" --store "$long"
# a spec over 64 KB (a long comment; 12,000 seeds): stored whole, read back, resumable
{ cat "$spec"; "$py" -c "print('# ' + 'x' * 70000)"; } > long.toml
"$bin" run long.toml --store long.h5 --shard 1/4 > long.txt 2>&1 || fail "a 70 KB spec: $(cat long.txt)"
[ ! -e long.h5.partial ] || fail "a .partial store was left"
"$bin" run long.toml --store long.h5 --shard 1/4 2>&1 | grep -q "is complete" || fail "resume of the 70 KB spec"
"$py" -c "
import h5py; f = h5py.File('long.h5', 'r'); assert f['spec'][()].decode() == open('long.toml').read()"   || fail "the stored spec is not the file"
sed 's/^seed = .*/seed = [SEEDS]/' "$spec" | "$py" -c "
import sys; print(sys.stdin.read().replace('SEEDS', ', '.join(map(str, range(12000)))))" > seeds.toml
[ "$(stat -c %s seeds.toml)" -gt 65536 ] || fail "seeds.toml is not over 64 KB"
"$bin" one seeds.toml --job 47999 --out seeds.h5 > seeds.txt 2>&1 || fail "one on 12,000 seeds: $(cat seeds.txt)"
"$bin" submit seeds.toml --run-dir seeds_run --tasks 3 --dry-run > /dev/null || fail "submit --dry-run of 12,000 seeds"
# an input file edited between a run and its resume: refused like a changed spec
"$py" -c "
import h5py, numpy as np
rng = np.random.default_rng(0)
with h5py.File('lat2.h5', 'w') as f:
    f['latents'] = rng.normal(size=(40, 2)); f['labels'] = np.arange(40) % 2"
sed -e 's/^\[network\]/[task]\nlatent = "file"\nlatent_file = "lat2.h5"\n[network]/' "$spec" > latspec.toml
"$bin" run latspec.toml --store lat0.h5 --shard 0/2 > lat0.txt 2>&1 || fail "run on a latent file: $(cat lat0.txt)"
"$bin" run latspec.toml --store lat1.h5 --shard 1/2 > lat1.txt 2>&1 || fail "run on a latent file: $(cat lat1.txt)"
"$bin" run latspec.toml --store lat0.h5 --shard 0/2 2>&1 | grep -q "is complete" || fail "resume with the same file"
cp lat2.h5 lat2_orig.h5
"$py" -c "
import h5py
with h5py.File('lat2.h5', 'r+') as f: f['latents'][0, 0] += 1e-9"
expect_error "was started from other input files" run latspec.toml --store lat0.h5 --shard 0/2
grep -q "task.latent_file = lat2.h5, fnv1a64" err.txt || fail "the message does not name the file: $(cat err.txt)"
"$bin" run latspec.toml --store lat1b.h5 --shard 1/2 > /dev/null 2>&1 || fail "run on the edited file"
expect_error "was run on other input files" aggregate lat0.h5 lat1b.h5 -o latagg.h5
cp lat2_orig.h5 lat2.h5
"$bin" aggregate lat0.h5 lat1.h5 -o latagg.h5 > /dev/null || fail "aggregate of shards on the same file"
# query --where: non-finite values, and a value that matches nothing
"$bin" run "$spec" --store s.h5 --shard 0/2 > /dev/null 2>&1 || fail "run of the tiny spec"
expect_error "must be a finite number" query s.h5 --where g=inf
expect_error "must be a finite number" query s.h5 --where g=1e400
expect_error "must be a finite number" query s.h5 --where g=nan
expect_error "g=7 matches no network of this store; its g values: 0.8, 1.5" query s.h5 --where g=7
# the lock is the file's, not its name's: a second run through a symbolic or hard link is refused
ln -s s.h5 alias.h5
ln s.h5 hard.h5
"$py" -c "
import fcntl, os, time
fd = os.open('s.h5', os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 1 << 62)  # where a run locks its store
open('held', 'w').close()
time.sleep(30)" &
holder=$!
for _ in $(seq 100); do [ -e held ] && break; sleep 0.1; done
expect_error "reached the same file by another name" run "$spec" --store alias.h5 --shard 0/2
expect_error "reached the same file by another name" run "$spec" --store hard.h5 --shard 0/2
expect_error "reached the same file by another name" relabel alias.h5
kill $holder; wait $holder 2>/dev/null
"$bin" run "$spec" --store alias.h5 --shard 0/2 2>&1 | grep -q "is complete" || fail "the alias after the holder left"
# datasets a user added by hand (a note, a per-row column of their own, an array of another
# length) are not the sweep's: status, query and aggregate read the store as before, and the
# aggregate holds only the spec's columns
"$py" - <<'PY' || fail "could not add datasets by hand"
import shutil, h5py, numpy as np
shutil.copy("s.h5", "extra.h5")
with h5py.File("extra.h5", "r+") as f:
    f["my_note"] = np.float64(3.0)
    f["mine/per_row"] = np.arange(f["job"].shape[0], dtype=np.float64)
    f["mine/other_length"] = np.zeros(7)
PY
"$bin" status extra.h5 > extra.txt 2>&1 || fail "status of a store with added datasets: $(cat extra.txt)"
"$bin" query extra.h5 > extra.txt 2>&1 || fail "query of a store with added datasets: $(cat extra.txt)"
"$bin" aggregate extra.h5 -o extra_agg.h5 > extra.txt 2>&1
[ $? = 3 ] || fail "aggregate of one shard with added datasets: $(cat extra.txt)"  # 3: the other shard is missing
"$py" -c "
import h5py, sys
f = h5py.File('extra_agg.h5', 'r')
sys.exit('an added dataset was aggregated' if 'mine' in f or 'my_note' in f else 0)" || fail "aggregate copied a hand-added dataset"
# a store whose datasets disagree with the schema (a hand edit, a damaged file): refused on open,
# never read past a buffer
"$py" - <<'PY' || fail "could not make the mis-shaped stores"
import shutil, h5py, numpy as np
for name, data in (("rows3", np.zeros(3, np.int8)), ("twod", np.zeros((4, 2), np.int8))):
    shutil.copy("s.h5", f"{name}.h5")
    with h5py.File(f"{name}.h5", "r+") as f:
        del f["status"]
        f["status"] = data
shutil.copy("s.h5", "wide.h5")
with h5py.File("wide.h5", "r+") as f:
    del f["error/rmse"]
    f["error/rmse"] = np.zeros((4, 3))
PY
for cmd in status query aggregate; do
  extra=(); [ $cmd = aggregate ] && extra=(-o agg.h5)
  expect_error "dataset status is (3), the schema says (4) (damaged file?)" $cmd rows3.h5 "${extra[@]}"
  expect_error "dataset status has 2 dimensions, the schema 1" $cmd twod.h5 "${extra[@]}"
done
expect_error "dataset error/rmse is (4, 3), the schema says (4, 32)" query wide.h5
expect_error "dataset status is (3)" run "$spec" --store rows3.h5 --shard 0/2
[ ! -e agg.h5 ] || fail "aggregate wrote a file from a damaged store"
# a forged commit mark: one answer everywhere (refused), not three readings
for mark in 7 -1; do
  "$py" -c "
import shutil, h5py
shutil.copy('s.h5', 'forged.h5')
with h5py.File('forged.h5', 'r+') as f: f['status'][1] = $mark"
  for cmd in status query run aggregate; do
    extra=(); [ $cmd = aggregate ] && extra=(-o agg.h5); [ $cmd = run ] && extra=(--shard 0/2)
    [ $cmd = run ] && { expect_error "row 1 has the commit mark $mark" run "$spec" --store forged.h5 --shard 0/2; continue; }
    expect_error "row 1 has the commit mark $mark" $cmd forged.h5 "${extra[@]}"
  done
done
# every --format json is JSON a strict parser takes (no bare nan), for every kind of table
strict='import json, sys
def bare(x): raise ValueError("bare " + x)
json.load(sys.stdin, parse_constant=bare)'
"$bin" run "$repo/jobs/orientations_tiny.toml" --store o2.h5 > /dev/null 2>&1 || fail "study-2 run"
for args in "s.h5 --by g" "s.h5 --by g --all" "s.h5 --agree --by g --all" "s.h5 --claims --all" \
            "s.h5 --claims --by g --all" "o2.h5" "o2.h5 --by seed"; do
  "$bin" query $args --format json | "$py" -c "$strict" || fail "query $args --format json is not strict JSON"
done
# the exit codes the README documents that no other test reaches: one 1 (a diverging network),
# status/query/relabel/submit --dry-run 0
sed -e 's/^seed = .*/seed = [0]/' -e 's/^g = .*/g = [1.5]/' -e 's/^fb = .*/fb = [1e-9]/' "$spec" > diverge.toml
"$bin" one diverge.toml --job 0 > diverge.txt 2>&1
rc=$?
[ $rc = 1 ] || fail "one on a diverging network exited $rc, expected 1: $(tail -3 diverge.txt)"
grep -q "^status      FAILED: " diverge.txt || fail "one does not say why: $(cat diverge.txt)"
for cmd in "status s.h5" "query s.h5 --all" "relabel s.h5" "submit $spec --run-dir dry --tasks 1 --dry-run"; do
  "$bin" $cmd > out.txt 2>&1 || fail "'$cmd' exited $?: $(cat out.txt)"
done
# usage errors exit 2, as the README documents (CLI11's own codes are 100+)
expect_error "grace" run "$spec" --store s.h5 --grace nan
expect_error "grace" run "$spec" --store s.h5 --grace -1
expect_error "spec is required" run
expect_error "subcommand" frobnicate
expect_error "subcommand"
"$bin" --help > help.txt || fail "--help exited $?"
echo "check_input: all passed"
