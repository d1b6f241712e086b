#!/usr/bin/env bash
# `wmsweep one` as a user meets it: results, the HDF5 file, determinism run to run,
# cross-checking from given weights and inputs, and clear errors on bad input.
# usage: check_one.sh WMSWEEP REPO
set -uo pipefail
bin=$1 repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
spec=$repo/jobs/tiny.toml

"$bin" one "$spec" --job 1 --out "$tmp/a.h5" --save-inputs > "$tmp/a.txt" 2>&1 || fail "one exited $?: $(cat "$tmp/a.txt")"
grep -q "^status      ok" "$tmp/a.txt" || fail "summary has no ok status"
grep -q "^label A" "$tmp/a.txt" || fail "summary has no label"
h5dump -H "$tmp/a.h5" > /dev/null || fail "h5dump cannot read the file"
[ "$(h5dump -d /results/error/rmse -H "$tmp/a.h5" | grep -c 'DATASPACE  SIMPLE { ( 32 )')" = 1 ] || fail "rmse is not 32 runs (4 starts × 4 types × 2 seeds)"

# the same job again: the same bits
"$bin" one "$spec" --job 1 --out "$tmp/b.h5" > /dev/null 2>&1 || fail "second run failed"
h5diff "$tmp/a.h5" "$tmp/b.h5" /trained /trained || fail "trained readouts differ run to run"
h5diff "$tmp/a.h5" "$tmp/b.h5" /results /results || fail "results differ run to run"

# fed its own weights and inputs back, it reproduces itself
"$bin" one "$spec" --job 1 --weights-from "$tmp/a.h5" --inputs-from "$tmp/a.h5" --out "$tmp/c.h5" > /dev/null 2>&1 || fail "run from given inputs failed"
h5diff "$tmp/a.h5" "$tmp/c.h5" /trained /trained || fail "given weights+inputs do not reproduce the readouts"
h5diff "$tmp/a.h5" "$tmp/c.h5" /results /results || fail "given weights+inputs do not reproduce the results"

# bad input: message naming the problem, exit code 2, no output file
expect_error() {  # expect_error PATTERN ARGS...
  local pattern=$1; shift
  "$bin" "$@" > "$tmp/err.txt" 2>&1
  local rc=$?
  [ $rc = 2 ] || fail "'$*' exited $rc, expected 2: $(cat "$tmp/err.txt")"
  grep -q -- "$pattern" "$tmp/err.txt" || fail "'$*' message lacks '$pattern': $(cat "$tmp/err.txt")"
}
printf '[network]\nn = 50\ngian = 1.2\n' > "$tmp/typo.toml"
expect_error "network.gian is not a known key" one "$tmp/typo.toml" --job 0 --out "$tmp/typo.h5"
[ ! -e "$tmp/typo.h5" ] || fail "a bad spec left an output file"
expect_error "outside the grid" one "$spec" --job 99
expect_error "cannot read the spec" one "$tmp/nope.toml" --job 0
head -c 3000 "$tmp/a.h5" > "$tmp/trunc.h5"
expect_error "not a readable HDF5 file" one "$spec" --job 1 --weights-from "$tmp/trunc.h5"
printf '[network]\nn = 30\n' > "$tmp/n30.toml"
expect_error "units but job 0 has n = 30" one "$tmp/n30.toml" --job 0 --weights-from "$tmp/a.h5"
printf '[task]\nlatent = "file"\nlatent_file = "%s"\n[network]\nn = 20\n[train]\nn_train = 2\n' "$tmp/a.h5" > "$tmp/lat.toml"
expect_error "has no dataset /latents" one "$tmp/lat.toml" --job 0
# a user latent file (/latents, /labels) as the digit source
/usr/bin/python3 - "$tmp/latents.h5" <<'PY' || fail "cannot write a latent file with h5py"
import sys, h5py, numpy as np
rng = np.random.default_rng(0)
labels = np.repeat([0, 1], 50)
latents = np.where(labels[:, None] == 0, [-1.0, 0.4], [0.9, -0.6]) + 0.2 * rng.standard_normal((100, 2))
with h5py.File(sys.argv[1], "w") as f:
    f["latents"] = latents
    f["labels"] = labels.astype(np.int32)
PY
printf '[task]\nlatent = "file"\nlatent_file = "%s"\n[network]\nn = 20\n[train]\nn_train = 8\n[analysis]\nrun = []\n' "$tmp/latents.h5" > "$tmp/latfile.toml"
"$bin" one "$tmp/latfile.toml" --job 0 --out "$tmp/lat.h5" > "$tmp/lat.txt" 2>&1 || fail "latent-file run failed: $(cat "$tmp/lat.txt")"
grep -q "^status      ok" "$tmp/lat.txt" || fail "latent-file run not ok"
echo "check_one: all passed"
