#!/usr/bin/env bash
# wmsweep submit on a real one-node SLURM (tests/slurm/cluster.sh, Debian's slurm-wlm):
# a 3-task array; task 2 is told to stop mid-sweep exactly as SLURM tells it before its time
# limit (SIGUSR1 to the batch shell); status shows it; submit --resume resubmits only task 2;
# the aggregate is complete, its rows bit-identical to one local run of the same spec and its
# query output the same. Then bad input: a changed spec, no sbatch, no controller, a
# truncated shard. usage: check_slurm.sh WMSWEEP REPO
set -uo pipefail
bin=$1; repo=$2
py=/usr/bin/python3
tmp=$(mktemp -d)
cluster=$tmp/cluster
cleanup() { bash "$repo/tests/slurm/cluster.sh" stop "$cluster"; rm -rf "$tmp"; }
trap cleanup EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; for f in rd/logs/*.out; do echo "== $f"; tail -5 "$f"; done 2>/dev/null; exit 1; }
export OPENBLAS_NUM_THREADS=1
[ "$(id -u)" = 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
spec=$repo/tests/slurm/slurm.toml

bash "$repo/tests/slurm/cluster.sh" start "$cluster" || fail "could not start SLURM"
export SLURM_CONF=$cluster/slurm.conf

# the reference: one local run of the same spec
timeout 300 mpirun -n 3 --oversubscribe --bind-to none "$bin" run "$spec" --store ref.h5 > ref.txt 2>&1 \
  || fail "local run: $(tail -5 ref.txt)"

wait_for() {  # wait_for SECONDS CONDITION…: poll until the condition holds
  local limit=$1; shift
  for _ in $(seq $((limit * 4))); do "$@" && return 0; sleep 0.25; done
  return 1
}
queue_empty() { [ -z "$(squeue -h 2>/dev/null)" ]; }
task_running() { squeue -h -r -t R -o %i | grep -qx "${array}_2"; }

"$bin" submit "$spec" --run-dir rd --tasks 3 --throttle 2 --time 00:10:00 --stop-before 60 \
  > submit.txt 2>&1 || fail "submit exited $?: $(cat submit.txt)"
array=$(sed -n 's/^submitted array job \([0-9]*\) .*/\1/p' submit.txt)
[ -n "$array" ] || fail "no array job id: $(cat submit.txt)"
[ -f rd/array.sbatch ] && [ -f rd/aggregate.sbatch ] || fail "scripts not written"
grep -q "^#SBATCH --signal=B:USR1@60" rd/array.sbatch || fail "no --signal line"
grep -q "^#SBATCH --requeue" rd/array.sbatch || fail "no --requeue line"
grep -q "^srun --mpi=pmix " rd/array.sbatch || fail "tasks are not launched with srun --mpi=pmix"
"$bin" submit "$spec" --run-dir dry --tasks 3 --launcher mpirun --partition short \
  --sbatch "--qos=long" --dry-run > dry.txt || fail "dry run exited $?"
grep -q "^mpirun -n 2 " dry/array.sbatch && grep -q "^#SBATCH --partition=short" dry/array.sbatch \
  && grep -q "^#SBATCH --qos=long" dry/array.sbatch || fail "dry-run script: $(cat dry/array.sbatch)"
[ ! -f dry/submit.log ] && grep -q "would submit" dry.txt || fail "a dry run submitted"

# task 2 (held back by %2) starts once another ends; 2 s in, SLURM's time-limit warning
wait_for 120 task_running || fail "task 2 never ran"
sleep 2
scancel --signal=USR1 --batch "${array}_2" || fail "scancel --signal"
wait_for 180 queue_empty || fail "the jobs did not end: $(squeue)"

"$bin" status rd > status.txt || fail "status exited $?"
grep -q "^task 2 .*pending.*exit 3" status.txt || fail "status does not show task 2 stopped: $(cat status.txt)"
grep -q "^task 0 .* 0 pending" status.txt || fail "task 0 not complete: $(cat status.txt)"
[ -f rd/results.h5 ] || fail "the aggregation job wrote no results.h5: $(cat rd/logs/aggregate.out)"
grep -q "missing  jobs" rd/logs/aggregate.out || fail "the first aggregate did not list missing jobs"

"$bin" submit --resume rd > resume.txt 2>&1 || fail "resume exited $?: $(cat resume.txt)"
grep -q "resubmitting 1 of 3 tasks: 2$" resume.txt || fail "resume did not pick task 2 alone: $(cat resume.txt)"
wait_for 180 queue_empty || fail "the resubmitted jobs did not end"
"$bin" submit --resume rd > again.txt 2>&1 || fail "second resume exited $?"
grep -q "nothing to resubmit" again.txt || fail "second resume: $(cat again.txt)"

# the aggregate: complete, the same bits as the local run, the same query output
grep -q "8 jobs: 8 ok, 0 failed, 0 missing" rd/logs/aggregate.out || fail "aggregate: $(cat rd/logs/aggregate.out)"
"$py" "$repo/tests/sweep/compare_stores.py" same ref.h5 rd/results.h5 || fail "aggregate differs from the local run"
[ "$("$bin" query rd/results.h5 --by g,fb)" = "$("$bin" query ref.h5 --by g,fb)" ] || fail "query differs"

# bad input: each a clear message, exit 2, nothing computed lost
expect() {  # expect PATTERN COMMAND…
  local pattern=$1; shift
  "$@" > err.txt 2>&1; local rc=$?
  [ $rc = 2 ] || fail "'$*' exited $rc, expected 2: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "'$*' message lacks '$pattern': $(cat err.txt)"
}
cp rd/spec.toml spec.saved
sed -i 's/^n_train = 6000/n_train = 6001/' rd/spec.toml
expect "was changed since" "$bin" submit --resume rd
cp spec.saved rd/spec.toml
expect "sbatch not found" env PATH=/nonexistent "$bin" submit "$spec" --run-dir rd2 --tasks 2
sed 's/^SlurmctldPort=.*/SlurmctldPort=16999/' "$cluster/slurm.conf" > nowhere.conf
expect "sbatch array.sbatch failed" env SLURM_CONF=$tmp/nowhere.conf "$bin" submit "$spec" --run-dir rd3 --tasks 2
expect "already holds a submitted sweep" "$bin" submit "$spec" --run-dir rd --tasks 3
cp rd/shards/shard_00001.h5 shard1.saved
head -c 3000 shard1.saved > rd/shards/shard_00001.h5
expect "not a readable HDF5 file" "$bin" submit --resume rd
"$bin" status rd | grep -q "^task 1 .*unreadable" || fail "status does not name the truncated shard"
"$py" "$repo/tests/sweep/compare_stores.py" same ref.h5 rd/results.h5 > /dev/null || fail "results lost"
echo "check_slurm: all passed"
