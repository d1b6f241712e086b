#!/usr/bin/env bash
# Study-2 BPTT training, one thread: wmsweep against PyTorch (Debian's python3-torch) on the
# same maths, measured in this run. usage: bench_bptt.sh [BUILD_DIR]
set -euo pipefail
build=${1:-build}
here=$(dirname "$0")
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
/usr/bin/python3 -c "import torch" 2> /dev/null || {
  echo "bench_bptt.sh: PyTorch is missing: apt-get install python3-torch (Debian's)"; exit 1; }
echo "seconds per iteration (N = 100, 370 steps, one thread):"
printf "%-6s %-8s %12s %12s %8s\n" batch precision wmsweep PyTorch ratio
for B in 64 256; do
  its=$(( B == 64 ? 40 : 10 ))
  for p in float32 float64; do
    ours=$("$build/tests/bench_bptt" $B $its $p)
    torch=$(/usr/bin/python3 "$here/bench_bptt_torch.py" $B $its $p)
    awk -v b=$B -v p=$p -v o=$ours -v t=$torch 'BEGIN { printf "%-6d %-8s %10.4f s %10.4f s %7.2fx\n", b, p, o, t, t / o }'
  done
done
echo "one network trained to 5° (batch 64, float32, cap 5000 iterations):"
read -r its secs reached < <("$build/tests/bench_bptt" network 64)
torch=$(/usr/bin/python3 "$here/bench_bptt_torch.py" 64 20 float32)
awk -v i=$its -v s=$secs -v r=$reached -v t=$torch 'BEGIN {
  printf "wmsweep: %d iterations in %.1f s (%s); PyTorch at its measured %.4f s per iteration: %.1f s\n",
         i, s, r ? "reached" : "cap reached first", t, i * t }'
