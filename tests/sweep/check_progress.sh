#!/usr/bin/env bash
# Progress a user can see: with a short interval (WMSWEEP_PROGRESS_SECONDS=2 stands for the
# minute), one process and 3 ranks both print a progress line at least once per interval while
# work is in flight and never more than one per interval: networks done / total, what the busy
# ranks do (a phase of the pipeline, training with its fraction), elapsed time and an ETA from
# the networks finished so far; `wmsweep status` on the running sweep shows the master's last
# line; a unit's kept training is announced.
# usage: check_progress.sh WMSWEEP REPO
bin=$1 repo=$2
. "$repo/tests/sweep/common.sh"
cd "$tmp"
cat > prog.toml <<'TOML'
name = "progress"
[network]
n = 150
in = 50.0
[train]
n_train = 2500
[test]
stim_seeds = 2
[analysis]
classify_trials = 8
noise_copies = 4
robustness_sigmas = [0.1, 1.0, 10.0]
robustness_repeats = 2
forget_from = 1.0
forget_to = 6.0
forget_step = 0.5
[grid]
seed = [0, 1]
g = [0.8, 1.5]
fb = [10.0, 40.0]
pg = [0.9]
TOML
export WMSWEEP_PROGRESS_SECONDS=2
for ranks in 1 3; do
  rm -f p.h5
  if [ $ranks = 1 ]; then timeout 300 "$bin" run prog.toml --store p.h5 > log$ranks.txt 2>&1
  else
    # `wmsweep status` on the running sweep, twice a second, shows the master's last line
    mpi 3 -x WMSWEEP_PROGRESS_SECONDS "$bin" run prog.toml --store p.h5 > log$ranks.txt 2>&1 &
    run=$!
    while kill -0 $run 2> /dev/null; do "$bin" status p.h5 >> status_running.txt 2>&1; sleep 0.5; done
    wait $run
  fi
  [ $? = 0 ] || fail "$ranks rank(s): $(cat log$ranks.txt)"
  "$py" - log$ranks.txt $ranks <<'PY' || fail "progress lines of $ranks rank(s): $(cat log$ranks.txt)"
import re, sys
lines = open(sys.argv[1]).read().splitlines()
ranks = int(sys.argv[2])
def t(line):
    h, m, s = map(int, re.match(r"\[(\d+):(\d+):(\d+)\]", line).groups())
    return 3600 * h + 60 * m + s
created = [t(l) for l in lines if " created p.h5" in l][0]
networks = [l for l in lines if re.search(r"info \[\d/8\] job ", l)]
progress = [l for l in lines if "] running: " in l]
end = t(networks[-1])
assert end - created >= 6, f"the run took {end - created} s: too short to see progress"
# cadence: a line at least every interval (2 s; timestamps are whole seconds: 4 s of slack)
times = sorted([created] + [t(l) for l in networks + progress])
gaps = [b - a for a, b in zip(times, times[1:])]
assert max(gaps) <= 4, f"a silence of {max(gaps)} s with work in flight"
# and never a flood: at most one progress line per interval, whatever the ranks
assert len(progress) <= (end - created) / 2 + 1, f"{len(progress)} progress lines in {end - created} s"
# content: done/total, the phases of the busy ranks, training with its fraction, an ETA
phases = {"starting", "train", "test", "classify", "robustness", "forgetting", "fixed_points"}
for l in progress:
    m = re.search(r"\[(\d)/8\] running: (.*) \| e\.g\. (.*) \| elapsed (\S+) \| ETA (.*)$", l)
    assert m, l
    busy = re.findall(r"(\d+) in (\w+)", m.group(2))
    assert busy and all(p in phases for _, p in busy), l
    assert sum(int(k) for k, _ in busy) <= max(1, ranks - 1), l
    if int(m.group(1)) > 0:
        assert re.fullmatch(r"\d+(m\d\ds|s|h\d\dm)", m.group(5)), l
assert any(re.search(r"train \d+% \(4 networks\)", l) for l in progress), "no training fraction shown"
assert any(re.search(r"\(network \d of 4\)", l) for l in progress), "no network of the unit shown"
print(f"{ranks} rank(s): {len(progress)} progress lines in {end - created} s, largest silence {max(gaps)} s")
PY
done
grep -q "^state     running: wmsweep run (pid" status_running.txt || fail "status never saw the run: $(tail -20 status_running.txt)"
grep -Eq "^progress  \[[0-9]/8\] running: [0-9]+ in [a-z_]+.* \| ETA .* \(at [0-9]{2}:[0-9]{2}:[0-9]{2}\)$" status_running.txt \
  || fail "status of the running sweep showed no progress line: $(grep -v '^labels\|^dynamics' status_running.txt | tail -20)"
grep -q "info \[0/8\] trained: jobs 0, 1, 2, 3 (kept in the store" log1.txt || fail "no trained line: $(cat log1.txt)"
# the plan before the run: its core-seconds against what the run then measured (p.h5 holds the
# 3-rank run's phase times), within a factor of 2.5 either way
"$bin" plan prog.toml > plan.txt 2>&1 || fail "plan: $(cat plan.txt)"
grep -q "^plan for progress (study seqmatch): 8 networks in 2 units of work" plan.txt || fail "plan: $(cat plan.txt)"
grep -q "^submit   wmsweep submit SPEC --run-dir DIR --tasks 2 --ranks-per-task 2 --time" plan.txt || fail "plan's submit line: $(cat plan.txt)"
"$py" - plan.txt p.h5 <<'PY' || fail "the plan is far from the run: $(cat plan.txt)"
import re, sys, h5py, numpy as np
text = open(sys.argv[1]).read()
m = re.search(r"\((?:(\d+)h)?(?:(\d+)m)?([\d.]+)s on one core\)", text) or re.search(r"\((\d+)h(\d+)m on one core\)", text)
h, mnt, sec = (float(x) if x else 0.0 for x in (m.groups() + (None,))[:3])
planned = 3600 * h + 60 * mnt + sec
# on a busy machine the plan reports idle-core times; the run's phases were timed by the wall
# clock on the same busy machine, so compare like with like
share = re.search(r"it had (\d+)% of a core", text)
planned /= int(share.group(1)) / 100 if share else 1.0
with h5py.File(sys.argv[2], "r") as f:
    c = f["cost/seconds"][()]
    jobs = f["job"][()]
units = 2  # 4 networks each: the unit's training once, every network's analyses
measured = np.nansum(c[:, 1:]) + np.nansum(c[:, 0]) / 4
ratio = planned / measured
print(f"plan {planned:.1f} s, run {measured:.1f} s: ratio {ratio:.2f}")
assert 0.4 <= ratio <= 2.5, ratio
PY
echo "check_progress: all passed"
