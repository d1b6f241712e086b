#!/usr/bin/env bash
# Every benchmark, one after the other, on an otherwise idle machine (about 15 minutes on 2
# cores). Figures and how to read them: docs/benchmarks.md.
# usage: tests/bench/run.sh [BUILD_DIR]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
export OPENBLAS_NUM_THREADS=1
echo "== bench_matmul: the Euler-step product against OpenBLAS"
"$build/tests/bench_matmul"
echo "== bench_study1: study 1 at the study's size against this machine's floors"
"$build/tests/bench_study1"
bash "$repo/tests/bench/bench_sweep.sh" "$build"
echo "== bench_fixed_points: fixed points and spectra of trained networks"
"$build/tests/bench_fixed_points"
echo "== bench_bptt: study-2 BPTT training against PyTorch, one thread"
bash "$repo/tests/bench/bench_bptt.sh" "$build"
