#!/usr/bin/env bash
# Our fixed-point finder against FixedPointFinder on trained flip-flop networks
# (docs/benchmarks.md: "Fixed points against FixedPointFinder"). Trains jobs of
# jobs/flipflop.toml with `wmsweep one` (its fixed points included), then runs
# tests/bench/fpf_compare.py on them. Needs Debian's python3-torch and FixedPointFinder's
# source in FPF_DIR (github.com/mattgolub/fixed-point-finder, e.g. a git archive of it; its
# commit in FPF_DIR/FPF_COMMIT).
# usage: fpf_compare.sh WMSWEEP FPF_DIR [JOB…]     (default jobs: 2 8 14 20 32)
set -euo pipefail
bin=$1 fpf=$2
shift 2
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(2 8 14 20 32)
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for j in "${jobs[@]}"; do
  OPENBLAS_NUM_THREADS=1 "$bin" one "$repo/jobs/flipflop.toml" --job "$j" --out "$tmp/job$j.h5" 2>/dev/null >&2
done
cd "$tmp"
/usr/bin/python3 "$repo/tests/bench/fpf_compare.py" --fpf "$fpf" --starts 1024 --float64 job*.h5 2>/dev/null
