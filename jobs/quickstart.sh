#!/usr/bin/env bash
# The quickstart sweep on every core of this machine, then what it found: which networks
# learned the task, their mechanisms per feedback strength, how the label from fixed points
# agrees, the study's other claims; then the report (tables and figures in one HTML page).
# Rank 0 only dispatches (it sleeps while it waits), so cores + 1 ranks keep every core busy.
# Run again to resume an interrupted sweep; on a complete store it only prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-quickstart.h5}
ranks=$(($(nproc) + 1))
export OPENBLAS_NUM_THREADS=1  # one BLAS thread per rank: the ranks are the parallelism
if [ "$(id -u)" = 0 ]; then    # containers and CI run as root; OpenMPI refuses that unless told
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
mpirun -n "$ranks" --oversubscribe --bind-to none build/wmsweep run jobs/quickstart.toml --store "$store"
build/wmsweep status "$store"
echo
build/wmsweep query "$store" --by fb
echo
build/wmsweep query "$store" --by fb --agree  # the label from fixed points against variant A
echo
build/wmsweep query "$store" --claims
echo
echo "the report (open it in a browser):"
build/wmsweep report "$store" -o "${store%.h5}.html"
