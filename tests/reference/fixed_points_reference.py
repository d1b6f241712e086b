"""Independent numpy check of wmsweep's fixed points (tests/reference/dump_fixed_points.cpp).

For every point the engine reports: rms(F) < 1e-10·scale for its zeros, F = -x + M tanh(x);
its eigenvalues equal numpy.linalg.eig of J = -I + M diag(1 - tanh(x)^2), as multisets, to
1e-9 relative to the spectral radius; its order is by descending real part; the unstable and
slow counts follow from numpy's eigenvalues. Exit 1 with the first difference.
usage: fixed_points_reference.py DUMP MIN_ZEROS
"""
import sys

import numpy as np


def main(path, min_zeros):
    lines = open(path).read().split("\n")
    n = int(lines[0].split()[1])
    scale = float(lines[1].split()[1])
    M = np.array(lines[2].split()[1:], dtype=float).reshape(n, n, order="F")
    zeros = 0
    for k in range(3, len(lines) - 1, 2):
        head = lines[k].split()
        assert head[0] == "point", head[:2]
        zero, kind, unstable, slow = head[1] == "1", head[2], int(head[4]), int(head[6])
        x = np.array(head[8:], dtype=float)
        eig = np.array(lines[k + 1].split()[1:], dtype=float).reshape(-1, 2)
        ours = eig[:, 0] + 1j * eig[:, 1]
        F = -x + M @ np.tanh(x)
        if zero:
            zeros += 1
            r = np.sqrt(np.mean(F ** 2))
            if not r < 1e-10 * scale:
                sys.exit(f"point {k}: rms(F) = {r:.3e}, not < 1e-10 * {scale}")
        J = -np.eye(n) + M * (1 - np.tanh(x) ** 2)[None, :]
        ref = np.linalg.eigvals(J)
        radius = np.abs(ref).max()
        if len(ours) != n:
            sys.exit(f"point {k}: {len(ours)} eigenvalues, expected {n}")
        if np.any(np.diff(ours.real) > 0):
            sys.exit(f"point {k}: eigenvalues not by descending real part")
        left = list(ref)
        for l in ours:  # match each of ours to the nearest unused reference value
            j = int(np.argmin([abs(l - m) for m in left]))
            if abs(l - left[j]) > 1e-9 * radius:
                sys.exit(f"point {k}: eigenvalue {l} has no numpy match (nearest {left[j]})")
            left.pop(j)
        slow_rate = 1e-3
        want_unstable = int(np.sum(ref.real > slow_rate))
        want_slow = int(np.sum(np.abs(ref.real) <= slow_rate))
        if (unstable, slow) != (want_unstable, want_slow):
            sys.exit(f"point {k}: unstable/slow {unstable}/{slow}, numpy says {want_unstable}/{want_slow}")
        want_kind = ("slow_point" if not zero else "saddle" if want_unstable else
                     "marginal" if want_slow else "stable")
        if kind != want_kind:
            sys.exit(f"point {k}: kind {kind}, expected {want_kind}")
    if zeros < min_zeros:
        sys.exit(f"only {zeros} zeros, expected at least {min_zeros}")
    print(f"fixed_points_reference: {zeros} zeros and {(len(lines) - 4) // 2 - zeros} slow points agree with numpy")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
