# Shared by the sweep checks (sourced after setting bin and repo): a scratch folder removed at
# exit, fail, h5py's compare_stores, mpirun as root with a time limit, and expect_error.
set -uo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
py=/usr/bin/python3  # Debian's, with h5py
compare() { "$py" "$repo/tests/sweep/compare_stores.py" "$@" || fail "compare_stores $*"; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
mpi() { local n=$1; shift; timeout 300 mpirun -n "$n" --oversubscribe --bind-to none "$@"; }
expect_error() {  # expect_error PATTERN ARGS...: wmsweep ARGS exits 2 with PATTERN in its message
  local pattern=$1; shift
  "$bin" "$@" > err.txt 2>&1
  local rc=$?
  [ $rc = 2 ] || fail "'$*' exited $rc, expected 2: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "'$*' message lacks '$pattern': $(cat err.txt)"
}
