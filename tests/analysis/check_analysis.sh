#!/usr/bin/env bash
# analysis/: the pandas loader's prevalence (study 1) and conditions (study 2) equal `wmsweep
# query`, every figure is written and the numbers behind it match the store read independently
# with h5py; a truncated store of either study gets a message and a nonzero exit.
# usage: check_analysis.sh WMSWEEP REPO
set -uo pipefail
bin=$1; repo=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }
export OPENBLAS_NUM_THREADS=1
"$bin" run "$repo/jobs/tiny.toml" --store tiny.h5 > run.txt 2>&1 || fail "run: $(cat run.txt)"
for v in a b dynamics; do
  "$bin" query tiny.h5 --by g,fb --variant $v --format csv --all > query_$v.csv || fail "query --variant $v"
done
/usr/bin/python3 "$repo/tests/analysis/check_analysis.py" "$repo" tiny.h5 . || fail "check_analysis.py"
head -c 4000 tiny.h5 > broken.h5
PYTHONPATH="$repo/analysis" /usr/bin/python3 -m wmsweep.figures broken.h5 --out figs_broken > out.txt 2>&1 && fail "wmsweep.figures accepted a truncated store"
grep -q "wmsweep.figures: broken.h5" out.txt || fail "no clear message for a truncated store: $(cat out.txt)"

# study 2 (study = "orientations"): its frame, conditions() against `wmsweep query` and its figures
"$bin" run "$repo/jobs/orientations_tiny.toml" --store o2.h5 > run2.txt 2>&1 || fail "study-2 run: $(cat run2.txt)"
/usr/bin/python3 "$repo/tests/analysis/check_orientations.py" "$bin" "$repo" o2.h5 . || fail "check_orientations.py"
for size in 4000 $(( $(stat -c %s o2.h5) / 2 )); do
  head -c $size o2.h5 > broken2.h5
  PYTHONPATH="$repo/analysis" /usr/bin/python3 -m wmsweep.figures broken2.h5 --out figs_broken2 > out2.txt 2>&1 \
    && fail "wmsweep.figures accepted a study-2 store truncated to $size bytes"
  grep -q "wmsweep.figures: broken2.h5" out2.txt || fail "no clear message for a study-2 store truncated to $size bytes: $(cat out2.txt)"
  [ -e figs_broken2/torus.png ] && fail "wmsweep.figures wrote a figure of a truncated store"
done
echo "check_analysis: all passed"
