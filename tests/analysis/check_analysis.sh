#!/usr/bin/env bash
# analysis/: the pandas loader's prevalence equals `wmsweep query`, every figure is written and
# the numbers behind it match the store read independently with h5py.
# usage: check_analysis.sh WMSWEEP REPO
set -uo pipefail
bin=$1; repo=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*"; exit 1; }
export OPENBLAS_NUM_THREADS=1
"$bin" run "$repo/jobs/tiny.toml" --store tiny.h5 > run.txt 2>&1 || fail "run: $(cat run.txt)"
for v in a b dynamics; do
  "$bin" query tiny.h5 --by g,fb --variant $v --format csv > query_$v.csv || fail "query --variant $v"
done
/usr/bin/python3 "$repo/tests/analysis/check_analysis.py" "$repo" tiny.h5 . || fail "check_analysis.py"
head -c 4000 tiny.h5 > broken.h5
/usr/bin/python3 "$repo/analysis/plot.py" broken.h5 --out figs_broken > out.txt 2>&1 && fail "plot.py accepted a truncated store"
grep -q "plot.py: broken.h5" out.txt || fail "no clear message for a truncated store: $(cat out.txt)"
echo "check_analysis: all passed"
