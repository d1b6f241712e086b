#!/usr/bin/env bash
# `wmsweep submit` with hostile names, without a cluster: sbatch and srun are stand-ins on PATH
# (sbatch records its arguments, srun runs the command it launches). A run folder named with a
# space, $(…), backquotes and quotes is passed to sbatch as exact arguments, the scripts parse
# and run with it, and nothing it names is executed; names no script can carry (a newline, %)
# and shell syntax in --partition, --time or --sbatch are refused; a damaged submit.log is
# refused by status and --resume.
# usage: check_hostile.sh WMSWEEP REPO
bin=$1 repo=$2
spec=$repo/jobs/tiny.toml
. "$repo/tests/sweep/common.sh"
cd "$tmp"
mkdir fake
cat > fake/sbatch <<'SH'
#!/bin/bash
printf '%s\n' "$@" > "$SBATCH_ARGS.$((n = $(ls "$SBATCH_ARGS".* 2>/dev/null | wc -l)))"
echo "$((4242 + n))"
SH
cat > fake/srun <<'SH'
#!/bin/bash
[ "$1" = "--mpi=pmix" ] && shift
exec "$@"
SH
chmod +x fake/sbatch fake/srun
export PATH=$tmp/fake:$PATH SBATCH_ARGS=$tmp/sbatch_args

dir="$tmp/run dir \$(touch PWNED1) it's \"q\" \`touch PWNED2\` x{{LAUNCH}}"
"$bin" submit "$spec" --run-dir "$dir" --tasks 2 > submit.txt 2>&1 || fail "submit exited $?: $(cat submit.txt)"
grep -q "submitted array job 4242 (all tasks) and aggregation job 4243" submit.txt || fail "submit: $(cat submit.txt)"
[ "$(sed -n 2p sbatch_args.0)" = "--output=$dir/logs/task_%a.out" ] || fail "sbatch got $(cat sbatch_args.0)"
[ "$(tail -1 sbatch_args.0)" = "$dir/array.sbatch" ] || fail "sbatch's script argument: $(cat sbatch_args.0)"
grep -qx -- "--dependency=afterany:4242" sbatch_args.1 || fail "aggregation arguments: $(cat sbatch_args.1)"
for script in array aggregate; do
  bash -n "$dir/$script.sbatch" || fail "$script.sbatch does not parse"
done
# the array's two tasks and the aggregation, run as SLURM would run them
for task in 0 1; do
  SLURM_ARRAY_TASK_ID=$task bash "$dir/array.sbatch" > "task$task.txt" 2>&1 || fail "task $task: $(cat task$task.txt)"
done
bash "$dir/aggregate.sbatch" > aggregate.txt 2>&1 || fail "aggregate: $(cat aggregate.txt)"
[ -f "$dir/results.h5" ] || fail "no results.h5 in the hostile run folder"
"$bin" query "$dir/results.h5" --all --format csv | grep -q "^fixed_points" || fail "query of the results"
"$bin" status "$dir" > status.txt || fail "status of the run folder: $(cat status.txt)"
grep -q "total     8 ok, 0 failed, 0 pending" status.txt || fail "status: $(cat status.txt)"
find "$tmp" / -maxdepth 1 -name 'PWNED*' 2>/dev/null | grep -q . && fail "a name in the run folder was executed"

# what no script can carry, and shell syntax where only a plain value belongs
expect_error "holds a control character" submit "$spec" --run-dir "$tmp/new
line" --tasks 1
expect_error "holds a '%'" submit "$spec" --run-dir "$tmp/100%" --tasks 1
expect_error "--partition 'short;touch PWNED3' holds a ';'" submit "$spec" --run-dir r1 --tasks 1 --partition "short;touch PWNED3"
expect_error "--account" submit "$spec" --run-dir r2 --tasks 1 --account '$(touch PWNED3)'
expect_error "--time 1:00:00;rm: use" submit "$spec" --run-dir r3 --tasks 1 --time "1:00:00;rm"
expect_error "--sbatch '--qos=x" submit "$spec" --run-dir r4 --tasks 1 --sbatch "--qos=x
touch PWNED3"
[ -e PWNED3 ] && fail "a refused value was executed"
# a damaged submit.log: refused by status and --resume, with what to do
cp -r "$dir" damaged
for first in "tasks=abc" "" "tasks=99999999999999999999" "tasks=0" "tasks=-5" "garbage"; do
  printf '%s\n' "$first" > damaged/submit.log
  expect_error "submit.log is damaged" status damaged
  expect_error "submit.log is damaged" submit --resume damaged --dry-run
done

# submit --plan: --tasks and --time from the measured plan (tiny.toml: 2 units, well under an
# hour each), unless given; the plan's own submit line says the same
"$bin" plan "$spec" > plan.txt 2>&1 || fail "plan exited $?: $(cat plan.txt)"
grep -q "^submit   wmsweep submit SPEC --run-dir DIR --tasks 2 --ranks-per-task 2 --time 01:00:00 " plan.txt \
  || fail "plan's submit line: $(cat plan.txt)"
"$bin" submit "$spec" --run-dir planned --plan --dry-run > planned.txt 2>&1 || fail "submit --plan exited $?: $(cat planned.txt)"
grep -q "^plan: [0-9.]* core-hours in 2 units; submitting --tasks 2 --time 01:00:00" planned.txt || fail "submit --plan: $(cat planned.txt)"
grep -qx "#SBATCH --array=0-1" planned/array.sbatch && grep -qx "#SBATCH --time=01:00:00" planned/array.sbatch \
  || fail "submit --plan script: $(grep '^#SBATCH' planned/array.sbatch)"
"$bin" submit "$spec" --run-dir planned1 --plan --tasks 1 --time 00:30:00 --dry-run > planned1.txt 2>&1 || fail "submit --plan --tasks 1: $(cat planned1.txt)"
grep -qx "#SBATCH --array=0-0" planned1/array.sbatch && grep -qx "#SBATCH --time=00:30:00" planned1/array.sbatch \
  || fail "given --tasks/--time lost to the plan: $(grep '^#SBATCH' planned1/array.sbatch)"
expect_error "drop --ranks-per-task or --plan" submit "$spec" --run-dir planned2 --plan --ranks-per-task 4 --dry-run
echo "check_hostile: all passed"
