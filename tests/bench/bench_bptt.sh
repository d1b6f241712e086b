#!/usr/bin/env bash
# Study-2 BPTT training, one thread: wmsweep against PyTorch (Debian's python3-torch) on the
# same maths, measured in this run. usage: bench_bptt.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
here=$(dirname "$0")
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
/usr/bin/python3 -c "import torch" 2> /dev/null || {
  echo "bench_bptt.sh: PyTorch is missing: apt-get install python3-torch (Debian's)"; exit 1; }
printf "%-7s %14s %16s %16s %10s %10s\n" batch "wmsweep f64" "PyTorch f32" "PyTorch f64" "vs f32" "vs f64"
for B in 64 256; do
  its=$(( B == 64 ? 20 : 5 ))
  ours=$("$build/tests/bench_bptt" $B $its)
  t32=$(/usr/bin/python3 "$here/bench_bptt_torch.py" $B $its float32)
  t64=$(/usr/bin/python3 "$here/bench_bptt_torch.py" $B $its float64)
  awk -v b=$B -v o=$ours -v a=$t32 -v d=$t64 'BEGIN { printf "%-7d %12.3f s %14.3f s %14.3f s %9.2fx %9.2fx\n", b, o, a, d, a / o, d / o }'
done
