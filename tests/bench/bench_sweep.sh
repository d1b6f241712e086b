#!/usr/bin/env bash
# The sweep engine's costs on this machine, measured in one run:
#  - the master's dispatch overhead with empty jobs, and its load emulated at 1,000 ranks with
#    one-minute jobs (bench_dispatch);
#  - parallel efficiency: networks per hour of tests/bench/parallel.toml on all cores
#    (mpirun -n cores + 1) against one process on one core;
#  - the time to write a row against the time to compute it, from the stores' own cost columns.
# usage: tests/bench/bench_sweep.sh [BUILD_DIR]   (run on an otherwise idle machine)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$repo/build}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OPENBLAS_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cores=$(nproc)
mpi() { local n=$1; shift; mpirun -n "$n" --oversubscribe --bind-to none "$@"; }

echo "== dispatch: $cores cores"
mpi $((cores + 1)) "$build/tests/bench_dispatch" 20000 1000 60 2 | head -1
mpi 65 "$build/tests/bench_dispatch" 20000 1000 60 20 | tail -1

echo "== parallel efficiency: tests/bench/parallel.toml"
spec=$repo/tests/bench/parallel.toml
t0=$(date +%s.%N)
"$build/wmsweep" run "$spec" --store "$tmp/one.h5" 2> "$tmp/one.log"
t1=$(date +%s.%N)
mpi $((cores + 1)) "$build/wmsweep" run "$spec" --store "$tmp/all.h5" 2> "$tmp/all.log"
t2=$(date +%s.%N)
/usr/bin/python3 - "$tmp/one.h5" "$tmp/all.h5" "$t0" "$t1" "$t2" "$cores" <<'PY'
import sys, h5py, numpy as np
one, allc, t0, t1, t2, cores = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:6]), int(sys.argv[6])
with h5py.File(one, "r") as f:
    rows = len(f["job"])
r1, rc = rows / (t1 - t0) * 3600, rows / (t2 - t1) * 3600
print(f"{rows} networks: 1 process {t1 - t0:.1f} s ({r1:.0f} networks/h); "
      f"{cores + 1} ranks ({cores} workers) {t2 - t1:.1f} s ({rc:.0f} networks/h); "
      f"efficiency {100 * rc / (cores * r1):.1f}% of linear")
for path, name in ((one, "1 process"), (allc, f"{cores} workers")):
    with h5py.File(path, "r") as f:
        cost = f["cost/seconds"][()]
        compute = cost[:, 0] / 2 + cost[:, 1:].sum(axis=1)  # train is the unit's: units of 2
        write = f["cost/write_seconds"][()]
    print(f"row write, {name}: median {1e3 * np.median(write):.2f} ms, max {1e3 * write.max():.2f} ms "
          f"against {np.median(compute):.2f} s to compute a network: "
          f"{100 * np.median(write / compute):.4f}% (max {100 * (write / compute).max():.4f}%)")
PY
