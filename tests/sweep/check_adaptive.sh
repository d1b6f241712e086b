#!/usr/bin/env bash
# Adaptive seeds (docs/adaptive.md): a tiny sweep of 4 cells × a pool of 8 seeds. Against a run
# of the whole grid, an independent Python replay of the rule (adaptive_reference.py) says which
# networks each adaptive run must have run; those rows hold the whole grid's bits and every
# other seed is marked skipped. Checked: it reaches the target with fewer networks than the grid
# (and than a uniform grid needs), the same store at 1 and 3 ranks and after a kill -9 in round
# 1, a stop at the budget and at the pool, query --adaptive's cells, and the refusals.
# usage: check_adaptive.sh WMSWEEP REPO
bin=$(realpath "$1") repo=$(realpath "$2")
source "$repo/tests/sweep/common.sh"
cd "$tmp"
grep -q '^seed = \[0, 1\]$' "$repo/jobs/tiny.toml" || fail "jobs/tiny.toml's grid changed"
sed 's/^seed = \[0, 1\]$/seed = [0, 1, 2, 3, 4, 5, 6, 7]/' "$repo/jobs/tiny.toml" > full.toml  # 32 networks
adaptive() { cat full.toml; printf '\n[adaptive]\nquantity = "mechanism_a_all"\ninitial = 3\nbatch = 4\n%s\n' "$1"; }
adaptive 'half_width = 0.3' > ad.toml
adaptive $'half_width = 0.05\nbudget = 20' > budget.toml
adaptive 'half_width = 0.05' > pool.toml
run() { timeout 120 "$bin" run "$@"; }
reference() { "$py" "$repo/tests/sweep/adaptive_reference.py" "$@" || fail "adaptive_reference $*"; }

run full.toml --store full.h5 > full.txt 2>&1 || fail "whole grid exited $?: $(cat full.txt)"

# 1. One rank: the target is met in every cell with fewer networks than the grid
run ad.toml --store ad1.h5 > ad1.txt 2>&1 || fail "adaptive run exited $?: $(cat ad1.txt)"
"$bin" query ad1.h5 --adaptive --format csv > q1.csv || fail "query --adaptive exited $?"
reference full.h5 ad1.h5 q1.csv | tee ref1.txt
grep -q "stopped by target" ref1.txt || fail "the tiny sweep should meet its target: $(cat ref1.txt)"
spent=$(sed -n 's/^adaptive: \([0-9]*\) networks.*/\1/p' ref1.txt)
uniform=$(sed -n 's/.* cell needs [0-9]* seeds per cell, \([0-9]*\) networks$/\1/p' ref1.txt)
[ -n "$spent" ] && [ -n "$uniform" ] && [ "$spent" -lt "$uniform" ] && [ "$uniform" -le 32 ] \
  || fail "adaptive spent $spent networks, a uniform grid $uniform (of 32): $(cat ref1.txt)"
grep -q "adaptive sweep stopped: every cell met the target after [0-9]* rounds; $spent networks run of the 32-network grid ($((32 - spent)) seeds marked skipped)" ad1.txt \
  || fail "the run's closing line: $(tail -3 ad1.txt)"
"$bin" status ad1.h5 > status.txt
grep -q "^networks  32: $spent ok, 0 failed, 0 pending, $((32 - spent)) skipped" status.txt || fail "status: $(cat status.txt)"
grep -q "^state     complete$" status.txt || fail "status state: $(cat status.txt)"
grep -q "stopped: every cell met the target" status.txt || fail "status lacks the stop: $(cat status.txt)"
[ "$(grep -c ' yes$' status.txt)" = 4 ] || fail "status should show 4 cells met: $(cat status.txt)"
# a second run of a finished adaptive store runs nothing
run ad.toml --store ad1.h5 > again.txt 2>&1 || fail "rerun exited $?: $(cat again.txt)"
grep -q "committed this run" again.txt && fail "a rerun of a finished adaptive sweep ran networks: $(cat again.txt)"

# 2. Three ranks: the same networks, the same bits
mpi 3 "$bin" run ad.toml --store ad3.h5 > ad3.txt 2>&1 || fail "3-rank run exited $?: $(cat ad3.txt)"
compare same ad1.h5 ad3.h5

# 3. kill -9 after round 0 and one network of round 1: the resume finishes the round, same store
{ WMSWEEP_TEST_AFTER_ROW=13:KILL timeout 120 "$bin" run ad.toml --store killed.h5 > killed.txt 2>&1; rc=$?; } 2> /dev/null
[ $rc = 137 ] || fail "the kill exited $rc: $(cat killed.txt)"
"$bin" status killed.h5 | grep -q "not committed yet" || fail "status of the killed run: $("$bin" status killed.h5)"
run ad.toml --store killed.h5 > resumed.txt 2>&1 || fail "resume exited $?: $(cat resumed.txt)"
grep -q "resuming killed.h5: an adaptive sweep, 13 networks committed" resumed.txt || fail "resume log: $(head -3 resumed.txt)"
compare same ad1.h5 killed.h5

# 4. A target out of reach: it stops at the budget, or when the cells' pools are used up
run budget.toml --store budget.h5 > budget.txt 2>&1 || fail "budget run exited $?: $(cat budget.txt)"
reference full.h5 budget.h5 | tee refb.txt
grep -q "^adaptive: 20 networks .* stopped by budget" refb.txt || fail "budget stop: $(cat refb.txt)"
grep -q "the budget of 20 networks is spent after" budget.txt || fail "budget log: $(tail -2 budget.txt)"
run pool.toml --store pool.h5 > pool.txt 2>&1 || fail "pool run exited $?: $(cat pool.txt)"
grep -q "4 cells used every seed of the pool without meeting the target" pool.txt || fail "pool log: $(tail -2 pool.txt)"
reference full.h5 pool.h5 | tee refp.txt  # every seed of every cell: the whole grid's bits
grep -q "^adaptive: 32 networks .* stopped by pool" refp.txt || fail "pool stop: $(cat refp.txt)"

# 5. Refusals, each naming the problem
adaptive 'quantity = "nope"' | sed '0,/^quantity = "mechanism_a_all"$/{/^quantity = "mechanism_a_all"$/d}' > bad.toml
expect_error "adaptive.quantity" run bad.toml --store bad.h5
expect_error "mechanism_a_all" run bad.toml --store bad.h5
adaptive 'budget = 11' > small.toml
expect_error "adaptive.budget = 11 networks is less than round 0: 3 seeds x 4 cells = 12" run small.toml --store small.h5
sed 's/^initial = 3$/initial = 9/' ad.toml > many.toml
expect_error "adaptive.initial = 9 seeds, but grid.seed lists 8" run many.toml --store many.h5
expect_error "an adaptive sweep decides each round" run ad.toml --store shard.h5 --shard 0/2
sed 's/^seed = \[0, 1, 2, 3, 4, 5, 6, 7\]$/seed = [0, 1, 2, 3, 4, 5, 6, 7, 8]/' ad.toml > wider.toml
cp ad1.h5 wider.h5
expect_error "holds an adaptive sweep started from a different spec" run wider.toml --store wider.h5
expect_error "grid.seed: \[0, 1, 2, 3, 4, 5, 6, 7\] -> \[0, 1, 2, 3, 4, 5, 6, 7, 8\]" run wider.toml --store wider.h5
expect_error "holds an adaptive sweep" submit wider.toml --run-dir rdw --tasks 1 --extend wider.h5 --dry-run
expect_error "holds an adaptive sweep" relabel wider.h5
cmp -s ad1.h5 wider.h5 || fail "a refused extension changed the store"
expect_error "holds no adaptive sweep" query full.h5 --adaptive
expect_error "takes only --format" query ad1.h5 --adaptive --by g
[ ! -e bad.h5 ] && [ ! -e small.h5 ] && [ ! -e shard.h5 ] || fail "a refused spec left a store"

# 6. SLURM and aggregate: one task (an array of shards is refused), and its shard aggregates
# with the skipped seeds kept
expect_error "an adaptive sweep decides each round" submit ad.toml --run-dir rd --tasks 2 --dry-run
expect_error "an adaptive sweep runs as one task" submit ad.toml --run-dir rd --plan --dry-run
"$bin" submit ad.toml --run-dir rd1 --dry-run > submit.txt 2>&1 || fail "one-task submit exited $?: $(cat submit.txt)"
grep -q -- "--shard \"\$task/1\"" rd1/array.sbatch || fail "the one task's sbatch: $(grep shard rd1/array.sbatch)"
# the one task's shard, as the array would leave it: the run folder's status counts it
echo "tasks=1" > rd1/submit.log
cp ad1.h5 rd1/shards/shard_00000.h5
"$bin" status rd1 > rdstatus.txt 2>&1 || fail "status of the run folder exited $?: $(cat rdstatus.txt)"
grep -q "^total     $spent ok, 0 failed, 0 pending, $((32 - spent)) skipped (adaptive)" rdstatus.txt || fail "run folder status: $(cat rdstatus.txt)"
timeout 120 "$bin" plan ad.toml > plan.txt 2>&1 || fail "plan exited $?: $(cat plan.txt)"
grep -q "^adaptive runs at most 32 of them" plan.txt && grep -q "^submit .* --tasks 1 " plan.txt || fail "plan: $(cat plan.txt)"
"$bin" aggregate ad1.h5 -o agg.h5 > agg.txt 2>&1 || fail "aggregate exited $?: $(cat agg.txt)"
grep -q "agg.h5: 32 jobs: $spent ok, 0 failed, 0 missing, $((32 - spent)) skipped (adaptive)" agg.txt || fail "aggregate: $(cat agg.txt)"
compare same ad1.h5 agg.h5
"$bin" query agg.h5 --adaptive --format csv | cmp -s - q1.csv || fail "the aggregated store's cells differ"

# 7. Every study's outcomes: study 2's torus and the flip-flop's all_held, cells by name in JSON
{ sed 's/^seed = \[0\]$/seed = [0, 1, 2]/' "$repo/jobs/orientations_tiny.toml"
  printf '\n[adaptive]\nquantity = "torus"\nhalf_width = 0.45\ninitial = 1\nbatch = 2\n'; } > o2.toml
grep -q '^seed = \[0, 1, 2\]$' o2.toml || fail "jobs/orientations_tiny.toml's seeds changed"
run o2.toml --store o2.h5 > o2.txt 2>&1 || fail "study 2 adaptive exited $?: $(cat o2.txt)"
{ sed 's/^seed = \[1\]$/seed = [1, 2, 3]/' "$repo/jobs/flipflop_tiny.toml"
  printf '\n[adaptive]\nquantity = "all_held"\nhalf_width = 0.45\ninitial = 1\nbatch = 2\n'; } > ff.toml
grep -q '^seed = \[1, 2, 3\]$' ff.toml || fail "jobs/flipflop_tiny.toml's seeds changed"
run ff.toml --store ff.h5 > ff.txt 2>&1 || fail "flip-flop adaptive exited $?: $(cat ff.txt)"
for s in o2 ff; do
  "$bin" query $s.h5 --adaptive --format json > $s.json || fail "query --adaptive $s exited $?"
  "$py" - $s.h5 $s.json <<'PY' || fail "query --adaptive --format json of $s"
import json, sys, h5py, numpy as np
store, cells = sys.argv[1], json.load(open(sys.argv[2]))
with h5py.File(store, "r") as f:
    status, seeds = f["status"][()], f["seed"][()]
    ran = int(np.isin(status, (1, 2)).sum())
    assert ran + int((status == 4).sum()) == len(status), "a seed neither run nor skipped"
    assert sum(c["seeds"] for c in cells) == ran, (cells, ran)
    assert len(cells) * len(set(seeds.tolist())) == len(status), "cells x pool != grid"
    for c in cells:
        assert c["met"] == (c["half_width"] is not None and c["half_width"] <= 0.45), c
        if "activation" in c:
            assert isinstance(c["activation"], str), c  # a categorical axis by name
print(f"{store}: {len(cells)} cells, {ran} networks run")
PY
done
# the Python package counts only the networks that ran (not the skipped seeds), as query does
PYTHONPATH="$repo/analysis" "$py" - o2.h5 <<'PY' || fail "wmsweep.results.conditions of an adaptive store"
import sys, h5py, numpy as np
from wmsweep import results as wr
df = wr.Store(sys.argv[1]).frame()
with h5py.File(sys.argv[1], "r") as f:
    ran = int((f["status"][()] == 1).sum())
got = int(wr.conditions(df)["networks"].sum())
assert got == ran, f"conditions() counts {got} networks, {ran} ran"
PY
echo "adaptive: all checks passed"
