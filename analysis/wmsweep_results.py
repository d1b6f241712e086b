"""Load a wmsweep store (or a file of the same schema) into pandas, for your own statistics.

    import sys; sys.path.insert(0, "analysis")
    import wmsweep_results as wr
    store = wr.Store("quickstart.h5")
    df = store.frame()                      # one row per network
    wr.prevalence(df, ["g", "fb"], "a")     # the numbers `wmsweep query --by g,fb` prints
    store.curve("robustness/fail_end", 3)   # (sigma, failure fraction) of row 3
    store.points(3)                         # that network's fixed points and spectra

The schema is the README's table ("The store"); this module only reads it. Columns of the
frame: the grid point (job, seed, n, pg, in, g, fb), status ("pending", "ok", "failed"),
reason, the three labels (label_a, label_b, label_dynamics; None when not measured), and the
scalar measurements (error rates per threshold, phasic fractions, fixed-point counts, cost
per phase in seconds).
"""
import math

import h5py
import numpy as np
import pandas as pd

STATUS = {0: "pending", 1: "ok", 2: "failed"}
WILSON_Z = 1.959963984540054


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


class Store:
    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r") as f:
            if "schema" not in f.attrs:
                raise ValueError(f"{path}: not a wmsweep store (no schema attribute)")
            self.schema = _text(f.attrs["schema"])
            self.labels = _text(f.attrs["labels"]).split(",")
            self.point_kinds = _text(f.attrs["point_kinds"]).split(",")
            self.cost_phases = _text(f.attrs["cost_phases"]).split(",")
            self.axes = {name: f[f"axes/{name}"][()] for name in f["axes"]}
            self.rows = int(f["job"].shape[0])

    def _read(self, name, row=None):
        with h5py.File(self.path, "r") as f:
            return f[name][()] if row is None else f[name][row]

    def frame(self):
        """One row per network; the index is the store's row number."""
        with h5py.File(self.path, "r") as f:
            df = pd.DataFrame({k: f[k][()] for k in ("job", "seed", "n", "pg", "in", "g", "fb")})
            df["status"] = [STATUS.get(int(s), "?") for s in f["status"][()]]
            df["reason"] = [_text(r).rstrip("\0") for r in f["reason"][()]]
            ok = df["status"] == "ok"
            for column, name in (("label_a", "classify/a/label"), ("label_b", "classify/b/label"),
                                 ("label_dynamics", "dynamics/label")):
                df[column] = [self.labels[int(v)] if k and 0 <= v < len(self.labels) else None
                              for v, k in zip(f[name][()], ok)]
            for k, eps in enumerate(self.axes["thresholds"]):
                df[f"error_rate_{eps:g}"] = f["error/rate"][:, k]
            df["phasic_delay1"], df["phasic_response"] = f["phasic"][:, 0], f["phasic"][:, 1]
            df["fp_count"] = f["fixed_points/count"][()]
            for k, kind in enumerate(self.point_kinds):
                df[f"fp_{kind}"] = f["fixed_points/kinds"][:, k]
            df["fp_unconverged"] = f["fixed_points/unconverged"][()]
            df["fp_iterations"] = f["fixed_points/iterations"][()]
            for k, phase in enumerate(self.cost_phases):
                df[f"seconds_{phase}"] = f["cost/seconds"][:, k]
        return df

    def curve(self, name, row):
        """(x, y) of a per-row curve: robustness/*, forgetting/* or speed (speed: y is (k, 4))."""
        axis = {"robustness": "sigma", "forgetting": "d", "speed": "speed_at"}[name.split("/")[0]]
        return self.axes[axis], self._read(name, row)

    def points(self, row):
        """The stored fixed points of a row: a frame with kind, q, unstable, slow, hits and the
        eigenvalues (complex array, largest real part first)."""
        with h5py.File(self.path, "r") as f:
            kind = f["fixed_points/kind"][row]
            keep = kind >= 0
            eig = f["fixed_points/eigenvalues"][row]
            return pd.DataFrame({
                "kind": [self.point_kinds[int(k)] for k in kind[keep]],
                "q": f["fixed_points/q"][row][keep],
                "unstable": f["fixed_points/unstable"][row][keep],
                "slow": f["fixed_points/slow"][row][keep],
                "hits": f["fixed_points/hits"][row][keep],
                "eigenvalues": [e[:, 0] + 1j * e[:, 1] for e in eig[keep]],
            })


def wilson(k, n, z=WILSON_Z):
    """95% Wilson score interval for k of n, (nan, nan) when n = 0: as `wmsweep query`."""
    if n <= 0:
        return math.nan, math.nan
    p, z2 = k / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def prevalence(df, by, variant="a", labels=("fixed_points", "slow_manifold", "limit_cycle", "far", "mixed")):
    """Per combination of `by` and label: count, labelled, fraction, Wilson interval, failed and
    pending networks; the rows and numbers of `wmsweep query --by … --variant …`."""
    column = {"a": "label_a", "b": "label_b", "dynamics": "label_dynamics"}[variant]
    rows = []
    groups = df.groupby(list(by), sort=True) if by else [((), df)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        labelled = g[column].notna().sum()
        for label in labels:
            count = int((g[column] == label).sum())
            lo, hi = wilson(count, labelled)
            rows.append(dict(zip(by, key), label=label, count=count, labelled=int(labelled),
                             fraction=count / labelled if labelled else math.nan,
                             ci_low=lo, ci_high=hi, failed=int((g["status"] == "failed").sum()),
                             pending=int((g["status"] == "pending").sum())))
    return pd.DataFrame(rows)
