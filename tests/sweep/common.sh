# Shared by the sweep checks (sourced after setting bin and repo): a scratch folder removed at
# exit, fail, h5py's compare_stores, and mpirun as root with a time limit.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3  # Debian's, with h5py
compare() { "$py" "$repo/tests/sweep/compare_stores.py" "$@" || fail "compare_stores $*"; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
mpi() { local n=$1; shift; timeout 300 mpirun -n "$n" --oversubscribe --bind-to none "$@"; }
