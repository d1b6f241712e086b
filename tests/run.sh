#!/usr/bin/env bash
# The whole test suite from a fresh clone: install dependencies, build, run every test; then
# the engine's quick tests again in an AddressSanitizer + UndefinedBehaviorSanitizer build
# (build-sanitize/, only what `ctest -L sanitize` runs: docs/tests.md).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
phase() { echo "tests/run.sh: $1 at $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s"; }
test_packages=(strace          # tests/sweep/check_faults.sh kills a run at its rename
               debootstrap     # tests/docker/check_recipes.sh replays the container recipes
               slurm-wlm munge # tests/slurm/: a real one-node SLURM for wmsweep submit
               chromium)       # tests/report/check_report.sh opens reports in a real browser
./install.sh "${test_packages[@]}"
# install.sh builds the engine; the tests' own programs (unit tests, fuzzers, reference dumps)
cmake --build build -j"$(nproc)" > build-tests.log 2>&1 || { tail -50 build-tests.log; exit 1; }
rm -f build-tests.log
phase "installed and built"
export OPENBLAS_NUM_THREADS=1
# The sanitizer build compiles meanwhile at the lowest priority: it takes only the CPU the
# tests leave idle (they wait on debootstrap, apt, SLURM and MPI part of the time) without
# slowing a test; what is left of it runs after them (docs/tests.md: where the time goes).
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Release -DWMSWEEP_SANITIZE=ON > build-sanitize.log 2>&1
nice -n 19 cmake --build build-sanitize -j"$(nproc)" --target wmsweep unit_tests dump_fixed_points \
  dump_bptt fuzz_spec fuzz_store check_row_keys >> build-sanitize.log 2>&1 &
sanitize_build=$!
trap 'kill "$sanitize_build" 2> /dev/null || true' EXIT
# two tests at a time (one per core; the timing test runs alone: RUN_SERIAL)
ctest --test-dir build --output-on-failure -j"$(nproc)"
phase "main suite done"
wait "$sanitize_build" || { tail -50 build-sanitize.log; exit 1; }
rm -f build-sanitize.log
phase "sanitizer build done"
# leaks are not errors here: OpenMPI and HDF5 keep their own allocations until exit
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-sanitize -L sanitize --output-on-failure -j"$(nproc)"
phase "sanitizer tests done"
