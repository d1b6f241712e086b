#!/usr/bin/env bash
# The whole test suite from a fresh clone: install dependencies, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./install.sh
export OPENBLAS_NUM_THREADS=1
ctest --test-dir build --output-on-failure
