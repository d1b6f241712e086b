"""Independent float64 numpy check of a trained flip-flop network's fixed points
(tests/reference/dump_flipflop.cpp).

For every point the engine reports: F(x) = -x + W tanh(x) + b has rms <= tol * scale (zeros);
the eigenvalues of J = -I + W diag(1 - tanh(x)^2) from numpy include the engine's leading ones
to 1e-8 relative, and those are numpy's largest by real part; the unstable count (Re > 0) and
the kind (stable: max Re < 0; saddle: some Re > 0) follow from numpy's spectrum; the memory
(bit c set when (Wout tanh(x) + bout)_c > 0) matches. Then each memory's stable point reads
out as that memory, and a memory without one has no stable point at all. At least MIN_HELD
memories must have a stable point. Exit 1 with the first difference.
usage: flipflop_reference.py DUMP MIN_HELD
"""
import sys

import numpy as np


def main(path, min_held):
    rows = {}
    points = []
    for line in open(path).read().split("\n"):
        f = line.split()
        if not f:
            continue
        if f[0] == "point":
            points.append({"zero": f[1] == "1", "kind": f[2], "unstable": int(f[4]),
                           "memory": int(f[6]), "x": np.array(f[8:], dtype=float)})
        elif f[0] == "eig":
            e = np.array(f[1:], dtype=float).reshape(-1, 2)
            points[-1]["eig"] = e[:, 0] + 1j * e[:, 1]
        else:
            rows[f[0]] = f[1:]
    n, bits = int(rows["n"][0]), int(rows["n"][2])
    scale, tol = float(rows["scale"][0]), float(rows["scale"][2])
    W = np.array(rows["W"], dtype=float).reshape(n, n, order="F")
    b = np.array(rows["b"], dtype=float)
    Wout = np.array(rows["Wout"], dtype=float).reshape(bits, n, order="F")
    bout = np.array(rows["bout"], dtype=float)
    memory_point = [int(v) for v in rows["memory_point"]]
    stable_memories = {}
    for k, p in enumerate(points):
        x, ours = p["x"], p["eig"]
        if p["zero"]:
            r = np.sqrt(np.mean((-x + W @ np.tanh(x) + b) ** 2))
            if not r <= tol * scale:
                sys.exit(f"point {k}: rms(F) = {r:.3e}, not <= {tol} * {scale}")
        J = -np.eye(n) + W * (1 - np.tanh(x) ** 2)[None, :]
        ref = np.linalg.eigvals(J)
        left = list(ref)
        for l in ours:  # each of ours against the nearest unused numpy eigenvalue
            j = int(np.argmin([abs(l - m) for m in left]))
            if abs(l - left[j]) > 1e-8 * max(abs(left[j]), 1.0):
                sys.exit(f"point {k}: eigenvalue {l} has no numpy match (nearest {left[j]})")
            left.pop(j)
        if left and max(m.real for m in left) > ours.real.min() + 1e-8:
            sys.exit(f"point {k}: numpy has an eigenvalue with larger real part than our leading {len(ours)}")
        unstable = int(np.sum(ref.real > 0))
        if unstable != p["unstable"]:
            sys.exit(f"point {k}: {p['unstable']} unstable eigenvalues, numpy says {unstable}")
        kind = ("slow_point" if not p["zero"] else "saddle" if unstable else
                "stable" if ref.real.max() < 0 else "marginal")
        if kind != p["kind"]:
            sys.exit(f"point {k}: kind {p['kind']}, numpy says {kind}")
        y = Wout @ np.tanh(x) + bout
        memory = int(sum(1 << c for c in range(bits) if y[c] > 0))
        if memory != p["memory"]:
            sys.exit(f"point {k}: memory {p['memory']}, numpy says {memory} (outputs {y})")
        if kind == "stable":
            stable_memories.setdefault(memory, []).append(k)
    for m, k in enumerate(memory_point):
        if k < 0 and m in stable_memories:
            sys.exit(f"memory {m}: no stable point recorded, but points {stable_memories[m]} are stable with it")
        if k >= 0 and k not in stable_memories.get(m, []):
            sys.exit(f"memory {m}: point {k} is not a stable point reading out as {m}")
    held = sum(k >= 0 for k in memory_point)
    if held < min_held:
        sys.exit(f"only {held} memories have a stable point, expected at least {min_held}")
    saddles = [p["unstable"] for p in points if p["kind"] == "saddle"]
    print(f"flipflop_reference: {len(points)} points ({len(sum(stable_memories.values(), []))} stable, "
          f"{len(saddles)} saddles with {saddles} unstable) agree with numpy; {held} memories held")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
