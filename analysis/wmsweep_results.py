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

Study 2 (`Store.study == "orientations"`, README "Study 2"): the same calls, other columns.

    store = wr.Store("orientations.h5")
    df = store.frame()                                    # one row per network
    wr.conditions(df, ["sigma_rec", "ordinal", "activation"])  # = `wmsweep query --format csv`
    store.curve("behaviour/repulsion", 0)                 # (|Δθ| bin centres, (2, bins)), radians

Its frame: the grid point (job, seed, n, g, sigma_rec, ordinal, activation by name), status,
reason; train_iterations, train_reached, train_error_deg and train_loss (the last of the
learning curve); torus_pca4, torus_angle1 ≤ torus_angle2 (degrees), torus_radius_ratio,
torus_additivity, torus_label (a name); conn_set1, conn_set2 (units), conn_offset{1,2,_across},
conn_amplitude{1,2,_across}; code_selective, code_moved, code_switched, code_cross_error_deg,
code_same_error_deg; behaviour_error_deg, repulsion_small and repulsion_small_se (radians, as
stored), correlation_small, n_small, human; fp_count, fp_<kind>, fp_unconverged, fp_iterations;
seconds_<phase> (train, geometry, behaviour, fixed_points). What was not measured (a pending
or failed network, a phase not run, retanh's fixed points) is NaN, <NA> or None: integer
columns are pandas' nullable Int64, train_reached and human nullable booleans.
"""
import math

import h5py
import numpy as np
import pandas as pd

STATUS = {0: "pending", 1: "ok", 2: "failed"}
WILSON_Z = 1.959963984540054
ACTIVATIONS = ("tanh", "retanh")  # the engine's activation_names(): the stored index's order
STUDY2 = "orientations"


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


class Store:
    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r") as f:
            if "schema" not in f.attrs:
                raise ValueError(f"{path}: not a wmsweep store (no schema attribute)")
            self.schema = _text(f.attrs["schema"])
            self.study = _text(f.attrs["study"]) if "study" in f.attrs else "seqmatch"
            self.spec = _text(f.attrs["spec"]) if "spec" in f.attrs else ""
            if self.study == STUDY2:
                self.torus_labels = _text(f.attrs["torus_labels"]).split(",")
                self.activations = _text(f.attrs["activations"]).split(",")
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
        if self.study == STUDY2:
            return self._frame_orientations()
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

    def _frame_orientations(self):
        """Study 2's frame (module docstring)."""
        def ints(values):  # −1: not measured
            values = np.asarray(values)
            return pd.Series(values, dtype="Int64").mask(values < 0)

        def flags(values):  # 1 yes, 0 no, −1 not measured
            values = np.asarray(values)
            return pd.Series(values == 1, dtype="boolean").mask(values < 0)

        with h5py.File(self.path, "r") as f:
            df = pd.DataFrame({k: f[k][()] for k in ("job", "seed", "n", "g", "sigma_rec", "ordinal")})
            df["activation"] = [self.activations[int(a)] if 0 <= a < len(self.activations) else None
                                for a in f["activation"][()]]
            df["status"] = [STATUS.get(int(s), "?") for s in f["status"][()]]
            df["reason"] = [_text(r).rstrip("\0") for r in f["reason"][()]]
            ok = (df["status"] == "ok").to_numpy()
            df["train_iterations"] = ints(f["train/iterations"][()])
            df["train_reached"] = flags(f["train/reached"][()])
            for column, name in (("train_error_deg", "train/error_deg"), ("train_loss", "train/loss")):
                df[column] = [_last_finite(c) for c in f[name][()]]
            df["torus_pca4"] = f["torus/pca4"][()]
            df["torus_angle1"], df["torus_angle2"] = f["torus/angles"][:, 0], f["torus/angles"][:, 1]
            df["torus_radius_ratio"] = f["torus/radius_ratio"][()]
            df["torus_additivity"] = f["torus/additivity"][()]
            df["torus_label"] = [self.torus_labels[int(v)] if k and 0 <= v < len(self.torus_labels) else None
                                 for v, k in zip(f["torus/label"][()], ok)]
            sets = f["connectivity/sets"][()]
            df["conn_set1"], df["conn_set2"] = ints(sets[:, 0]), ints(sets[:, 1])
            for name in ("offset", "amplitude"):
                values = f[f"connectivity/{name}"][()]
                for k, part in enumerate(("1", "2", "_across")):
                    df[f"conn_{name}{part}"] = values[:, k]
            df["code_selective"] = ints(f["code/selective"][()])
            for k in ("moved", "switched", "cross_error_deg", "same_error_deg"):
                df[f"code_{k}"] = f[f"code/{k}"][()]
            df["behaviour_error_deg"] = f["behaviour/error_deg"][()]
            small = f["behaviour/repulsion_small"][()]
            df["repulsion_small"], df["repulsion_small_se"] = small[:, 0], small[:, 1]
            df["correlation_small"] = f["behaviour/correlation_small"][()]
            df["n_small"] = ints(f["behaviour/n_small"][()])
            df["human"] = flags(f["behaviour/human"][()])
            df["fp_count"] = ints(f["fixed_points/count"][()])
            kinds = f["fixed_points/kinds"][()]
            for k, kind in enumerate(self.point_kinds):
                df[f"fp_{kind}"] = ints(kinds[:, k])
            df["fp_unconverged"] = ints(f["fixed_points/unconverged"][()])
            df["fp_iterations"] = ints(f["fixed_points/iterations"][()])
            for k, phase in enumerate(self.cost_phases):
                df[f"seconds_{phase}"] = f["cost/seconds"][:, k]
        df.attrs["activations"] = list(self.activations)
        return df

    def curve(self, name, row):
        """(x, y) of a per-row curve: robustness/*, forgetting/* or speed (speed: y is (k, 4));
        study 2: train/loss, train/error_deg (x: iteration), behaviour/repulsion (x: |Δθ| bin
        centres in radians, y: (2, bins) in radians), connectivity/profile (x: Δ bin centres in
        radians, y: (3, bins))."""
        axis = {"robustness": "sigma", "forgetting": "d", "speed": "speed_at", "train": "iteration",
                "behaviour": "repulsion_bins", "connectivity": "connectivity_bins"}[name.split("/")[0]]
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


def _last_finite(curve):
    finite = np.flatnonzero(np.isfinite(curve))
    return float(curve[finite[-1]]) if len(finite) else math.nan


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


CONDITION_BY = ("sigma_rec", "ordinal", "activation")


def groups(df, by=CONDITION_BY):
    """Study 2: [(key, rows of df)] per combination of the grid columns `by`, in `wmsweep
    query`'s order (by value; activation in the engine's order tanh, retanh, not by name)."""
    by = list(by)
    if not by:
        return [((), df)]
    order = list(df.attrs.get("activations", ACTIVATIONS))
    keys = [df[c] if c != "activation" else
            df[c].map(lambda a: order.index(a) if a in order else len(order)).rename("activation")
            for c in by]
    out = []
    for key, g in df.groupby(keys if len(keys) > 1 else keys[0], sort=True):
        key = key if isinstance(key, tuple) else (key,)
        out.append((tuple(g[c].iloc[0] if c == "activation" else k for c, k in zip(by, key)), g))
    return out


def conditions(df, by=CONDITION_BY):
    """Study 2, per combination of `by`: the rows and numbers of `wmsweep query --by … --format
    csv` (engine/query/prevalence.cpp, conditions()). Of the ok networks: how many reached the
    training threshold; of those with a torus label, how many are Clifford-like, with the
    fraction's 95% Wilson interval; the same for the human signature among those with
    behaviour; the mean pooled small-|Δθ| repulsion (degrees) and error correlation over
    networks with behaviour and both finite; the mean moved fraction over networks with a
    finite one. failed and pending networks are only counted."""
    rows = []
    for key, g in groups(df, by):
        ok = g[~g["status"].isin(["pending", "failed"])]
        geometry = ok["torus_label"].notna()
        clifford = int((ok["torus_label"] == "clifford").sum())
        behaviour = ok["human"].notna()
        human = int(ok["human"].fillna(False).astype(bool).sum())
        pooled = ok[behaviour.to_numpy() & np.isfinite(ok["repulsion_small"].to_numpy(float))
                    & np.isfinite(ok["correlation_small"].to_numpy(float))]
        moved = ok["code_moved"].to_numpy(float)
        moved = moved[np.isfinite(moved)]
        n_geometry, n_behaviour = int(geometry.sum()), int(behaviour.sum())
        c_lo, c_hi = wilson(clifford, n_geometry)
        h_lo, h_hi = wilson(human, n_behaviour)
        rows.append(dict(zip(by, key), networks=len(ok),
                         reached=int(ok["train_reached"].fillna(False).astype(bool).sum()),
                         clifford=clifford, geometry=n_geometry,
                         clifford_fraction=clifford / n_geometry if n_geometry else math.nan,
                         clifford_ci_low=c_lo, clifford_ci_high=c_hi,
                         human=human, behaviour=n_behaviour,
                         human_fraction=human / n_behaviour if n_behaviour else math.nan,
                         human_ci_low=h_lo, human_ci_high=h_hi,
                         repulsion_deg=math.degrees(pooled["repulsion_small"].mean()) if len(pooled) else math.nan,
                         correlation=float(pooled["correlation_small"].mean()) if len(pooled) else math.nan,
                         moved=float(moved.mean()) if len(moved) else math.nan,
                         failed=int((g["status"] == "failed").sum()),
                         pending=int((g["status"] == "pending").sum())))
    return pd.DataFrame(rows)
