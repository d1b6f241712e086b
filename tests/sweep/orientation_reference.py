#!/usr/bin/python3
"""Study 2's store against an independent numpy re-computation (tests/sweep/check_orientations.sh).

For every ok row: rebuild the noise-free θ1 × θ2 grid of trials from the spec in the store,
run the stored trained network forward in numpy (float64), take the rates at the end of delay
2, and recompute the torus geometry: the PCA share of 4 components, the radius ratio and the
principal angles between the θ1 and θ2 planes (by least squares and QR/SVD, not the engine's
projections). Any mistake in the input layout, the step indexing, the stored weights' layout or
the geometry shows up as a mismatch.   usage: orientation_reference.py STORE
"""
import sys
import tomllib

import h5py
import numpy as np


def main(path):
    with h5py.File(path, "r") as f:
        raw = f["spec"][()] if "spec" in f else f.attrs["spec"]
        spec = tomllib.loads(raw.decode() if isinstance(raw, bytes) else raw)
        task, net, an = spec.get("task", {}), spec.get("network", {}), spec.get("analysis", {})
        dt = task.get("dt", 10.0)
        steps = lambda key, default: int(task.get(key, default) / dt + 0.5)
        s1 = steps("fixation", 200)
        e1 = s1 + steps("stim1", 500)
        s2 = e1 + steps("delay1", 1000)
        e2 = s2 + steps("stim2", 500)
        go = e2 + steps("delay2", 1000)
        tuned, kappa = task.get("tuned", 32), task.get("kappa", 2.0)
        alpha = dt / net.get("tau", 100.0)
        G = an.get("grid", 24)
        th1 = np.tile(np.arange(G) * np.pi / G, G)      # column i + G·j: θ1 = iπ/G
        th2 = np.repeat(np.arange(G) * np.pi / G, G)    #                 θ2 = jπ/G
        prefs = 2 * np.pi * np.arange(tuned) / tuned
        pop = lambda th: np.exp(kappa * (np.cos(2 * th[None, :] - prefs[:, None]) - 1))
        checked = 0
        for row in np.flatnonzero(f["status"][()] == 1):
            n = int(f["n"][row])
            if f["activation"][row] != 0:
                continue
            W = f["trained/w_rec"][row][:n, :n].T        # stored [pre][post]
            W_in = f["trained/w_in"][row][:, :n].T       # stored [input][unit]
            b, x0 = f["trained/b"][row][:n], f["trained/x0"][row][:n]
            x = np.repeat(x0[:, None], G * G, axis=1)
            r = np.tanh(x)
            for t in range(go):                          # up to the last step of delay 2
                u = np.zeros((tuned + 1, G * G))
                if s1 <= t < e1:
                    u[:tuned] = pop(th1)
                elif s2 <= t < e2:
                    u[:tuned] = pop(th2)
                x = (1 - alpha) * x + alpha * (W @ r + W_in @ u + b[:, None])
                r = np.tanh(x)
            X = r - r.mean(axis=1, keepdims=True)
            ev = np.linalg.eigvalsh(X @ X.T)
            pca4 = ev[-4:].clip(min=0).sum() / (X ** 2).sum()
            F = np.stack([np.ones(G * G), np.cos(2 * th1), np.sin(2 * th1), np.cos(2 * th2), np.sin(2 * th2)], 1)
            C = np.linalg.lstsq(F, r.T, rcond=None)[0][1:]   # (4, n): the planes' spanning vectors
            r1, r2 = np.sqrt((C[0] @ C[0] + C[1] @ C[1]) / 2), np.sqrt((C[2] @ C[2] + C[3] @ C[3]) / 2)
            Q1, Q2 = np.linalg.qr(C[:2].T)[0], np.linalg.qr(C[2:].T)[0]
            cosines = np.clip(np.linalg.svd(Q1.T @ Q2, compute_uv=False), 0, 1)
            angles = np.degrees(np.arccos(cosines))       # smaller angle first
            for name, ours, stored in (("torus/pca4", pca4, f["torus/pca4"][row]),
                                       ("torus/radius_ratio", r1 / r2, f["torus/radius_ratio"][row]),
                                       ("torus/angles[0]", angles[0], f["torus/angles"][row][0]),
                                       ("torus/angles[1]", angles[1], f["torus/angles"][row][1])):
                if not abs(ours - stored) <= 1e-6 * max(1.0, abs(stored)):
                    sys.exit(f"row {row} {name}: numpy {ours!r}, store {stored!r}")
            checked += 1
        if checked == 0:
            sys.exit("no tanh network to check")
        print(f"numpy reference: torus geometry of {checked} networks matches the store")


if __name__ == "__main__":
    main(sys.argv[1])
