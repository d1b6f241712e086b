#!/usr/bin/python3
"""Every stored fixed point of a flip-flop store, recomputed in float64 numpy from the stored
trained parameters: F(x) = -x + W tanh(x) + b is a zero (rms F <= tol * scale), the leading
eigenvalues of J = -I + W diag(1 - tanh^2 x) equal the stored ones, each point's kind and
unstable count follow from them, its readout sign pattern is the stored memory, and the
memory columns (stable, saddles, held, stable_point) follow from the points.
usage: flipflop_store_reference.py STORE [MIN_HELD]   (MIN_HELD: every ok row holds at least
this many memories; default 8)"""
import sys

import h5py
import numpy as np


def check_row(f, r, tol):
    n = int(f["n"][r])
    W = f["trained/w_rec"][r][:n, :n].T          # stored [pre][post]
    b = f["trained/b"][r][:n]
    W_out = f["trained/w_out"][r][:n, :].T       # stored [unit][output]
    b_out = f["trained/b_out"][r]
    bits = b_out.shape[0]
    X = f["fixed_points/x"][r][:n, :]            # (n, P): one column per point
    kind = f["fixed_points/kind"][r]
    unstable = f["fixed_points/unstable"][r]
    eig = f["fixed_points/eigenvalues"][r]       # (P, keep, 2)
    scale = float(f["fixed_points/scale"][r])
    count = int(f["fixed_points/count"][r])
    memory = f["memory/point_memory"][r]
    stored = min(count, kind.shape[0])
    assert (kind[:stored] >= 0).all() and (kind[stored:] == -1).all(), kind
    stable, saddle_unstable = [], []
    for p in range(stored):
        x = X[:, p]
        F = -x + W @ np.tanh(x) + b
        rms = np.sqrt(np.mean(F ** 2))
        if kind[p] != 3:  # slow points are minima of |F|, not zeros
            assert rms <= tol * scale * (1 + 1e-6), (r, p, rms)
        J = -np.eye(n) + W * (1 - np.tanh(x) ** 2)[None, :]
        lam = np.linalg.eigvals(J)
        lam = lam[np.lexsort((-lam.imag, -lam.real))]
        keep = eig.shape[1]
        ours = eig[p, :, 0] + 1j * eig[p, :, 1]
        k = min(keep, n)
        assert np.allclose(ours[:k], lam[:k], rtol=1e-8, atol=1e-9), (r, p, ours[:k], lam[:k])
        u = int(np.sum(lam.real > 0))
        assert u == unstable[p], (r, p, u, unstable[p])
        if kind[p] == 0:
            assert u == 0 and lam.real.max() < 0, (r, p)
            stable.append(p)
        elif kind[p] == 1:
            assert u > 0, (r, p)
            saddle_unstable.append(u)
        y = W_out @ np.tanh(x) + b_out
        m = int(sum(1 << c for c in range(bits) if y[c] > 0))
        assert m == memory[p], (r, p, m, memory[p])
    if count == stored:  # every point stored: the counts follow from them
        assert int(f["memory/stable"][r]) == len(stable)
        assert int(f["memory/saddles"][r]) == len(saddle_unstable)
        su = f["memory/saddle_unstable"][r]
        assert list(su[:len(saddle_unstable)]) == saddle_unstable and (su[len(saddle_unstable):] == -1).all()
    held = 0
    for m, p in enumerate(f["memory/stable_point"][r]):
        if p >= 0:
            assert kind[p] == 0 and memory[p] == m, (r, m, p)
            held += 1
        else:
            assert not any(memory[q] == m for q in stable), (r, m)
    assert held == int(f["memory/held"][r])
    return held, len(stable), saddle_unstable


def main(path, min_held=8):
    with h5py.File(path, "r") as f:
        spec = f["spec"][()].decode()
        tol = 1e-10
        for line in spec.splitlines():
            if line.strip().startswith("tol"):
                tol = float(line.split("=")[1].split("#")[0])
        rows = 0
        for r in np.flatnonzero(f["status"][()] == 1):
            held, stable, saddles = check_row(f, r, tol)
            assert held >= int(min_held), (r, held)
            rows += 1
            print(f"row {r}: {stable} stable points, {held} memories held, saddles' unstable "
                  f"counts {saddles}: F, spectra, kinds and readouts match numpy")
        assert rows > 0, "no ok row"


if __name__ == "__main__":
    main(*sys.argv[1:])
