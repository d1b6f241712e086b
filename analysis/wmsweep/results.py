"""Load a wmsweep store (or a file of the same schema) into pandas, for your own statistics.

    from wmsweep import results as wr       # PYTHONPATH=analysis, or an installed prefix
    store = wr.Store("quickstart.h5")
    df = store.frame()                      # one row per network
    wr.prevalence(df, ["g", "fb"], "a")     # the numbers `wmsweep query --by g,fb` prints
    store.curve("robustness/fail_end", 3)   # (sigma, failure fraction) of row 3
    store.points(3)                         # that network's fixed points and spectra

The schema is the README's table ("The store"); this module only reads it. Columns of the
frame: the grid point (job, seed, n, pg, in, g, fb), status ("pending", "ok", "failed"),
reason, trained (whether the network learned the task, test.trained_*; <NA> unless ok),
probes_skipped, the three labels (label_a, label_b, label_dynamics; None when not measured),
and the scalar measurements (error rates per threshold, true and the study's, phasic
fractions, fixed-point counts, cost per phase in seconds). `prevalence()` and `claims()`
count only the networks that learned the task unless all=True, as `wmsweep query` does.

Study 2 (`Store.study == "orientations"`, README "Study 2"): the same calls, other columns.

    store = wr.Store("orientations.h5")
    df = store.frame()                                    # one row per network
    wr.conditions(df, ["sigma_rec", "ordinal", "activation"])  # = `wmsweep query --format csv`
    store.curve("behaviour/repulsion", 0)                 # (|Δθ| bin centres, (2, bins)), radians

Any other study (the flip-flop, a study you add): `frame()` holds every column with one value
per row, named by its dataset path with "/" as "_" (`memory/held` → `memory_held`); a
categorical column (a dataset with a `categories` attribute) holds its names.

    store = wr.Store("flipflop.h5")
    df = store.frame()          # job, seed, n, g, sigma_rec, status, reason, test_accuracy, …

Study 2's frame: the grid point (job, seed, n, g, sigma_rec, ordinal, activation by name), status,
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

STATUS = {0: "pending", 1: "ok", 2: "failed", 3: "pending",  # 3: trained, analyses pending
          4: "skipped"}  # an adaptive sweep did not need that seed
WILSON_Z = 1.959963984540054
ACTIVATIONS = ("tanh", "retanh")  # the engine's activation_names(): the stored index's order
STUDY2 = "orientations"
STUDY1 = "seqmatch"


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def spec_text(f):
    """The spec stored in an open store or network file: the dataset /spec (an attribute in
    files written before it)."""
    if "spec" in f and isinstance(f["spec"], h5py.Dataset):
        return _text(f["spec"][()])
    return _text(f.attrs["spec"]) if "spec" in f.attrs else ""


def categories(f, dataset, root_attr):
    """A categorical column's names: the dataset's `categories` attribute, or in stores made
    before columns carried them, the root attribute that listed them ([] when neither)."""
    d = f.get(dataset)
    if isinstance(d, h5py.Dataset) and "categories" in d.attrs:
        return _text(d.attrs["categories"]).split(",")
    return _text(f.attrs[root_attr]).split(",") if root_attr in f.attrs else []


class Store:
    def __init__(self, path):
        self.path = path
        with h5py.File(path, "r") as f:
            if "schema" not in f.attrs:
                raise ValueError(f"{path}: not a wmsweep store (no schema attribute)")
            self.schema = _text(f.attrs["schema"])
            self.study = _text(f.attrs["study"]) if "study" in f.attrs else "seqmatch"
            self.engine = _text(f.attrs["engine"]) if "engine" in f.attrs else "an unknown engine"
            self.spec = spec_text(f)
            self.torus_labels = categories(f, "torus/label", "torus_labels")
            self.activations = categories(f, "activation", "activations")
            self.labels = categories(f, "classify/a/label", "labels")
            self.point_kinds = categories(f, "fixed_points/kind", "point_kinds")
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
        if self.study != STUDY1:
            return self._frame_scalars()
        with h5py.File(self.path, "r") as f:
            df = pd.DataFrame({k: f[k][()] for k in ("job", "seed", "n", "pg", "in", "g", "fb")})
            df["status"] = [STATUS.get(int(s), "?") for s in f["status"][()]]
            df["reason"] = [_text(r).rstrip("\0") for r in f["reason"][()]]
            ok = df["status"] == "ok"
            trained = f["error/trained"][()]
            df["trained"] = pd.Series(trained == 1, dtype="boolean").mask(trained < 0)
            skipped = f["probes_skipped"][()]
            df["probes_skipped"] = pd.Series(skipped == 1, dtype="boolean").mask(skipped < 0)
            for column, name in (("label_a", "classify/a/label"), ("label_b", "classify/b/label"),
                                 ("label_dynamics", "dynamics/label")):
                df[column] = [self.labels[int(v)] if k and 0 <= v < len(self.labels) else None
                              for v, k in zip(f[name][()], ok)]
            for k, eps in enumerate(self.axes["thresholds"]):
                df[f"error_rate_{eps:g}"] = f["error/rate"][:, k]
                df[f"study_error_rate_{eps:g}"] = f["error/study_rate"][:, k]
            df["phasic_delay1"], df["phasic_response"] = f["phasic"][:, 0], f["phasic"][:, 1]
            df["fp_count"] = f["fixed_points/count"][()]
            for k, kind in enumerate(self.point_kinds):
                df[f"fp_{kind}"] = f["fixed_points/kinds"][:, k]
            df["fp_unconverged"] = f["fixed_points/unconverged"][()]
            df["fp_iterations"] = f["fixed_points/iterations"][()]
            for k, phase in enumerate(self.cost_phases):
                df[f"seconds_{phase}"] = f["cost/seconds"][:, k]
        df.attrs["labels"] = list(self.labels)
        return df

    def _frame_scalars(self):
        """Every per-row scalar column, categorical ones decoded (module docstring)."""
        with h5py.File(self.path, "r") as f:
            names = []
            f.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset)
                         and o.ndim == 1 and n != "spec" and not n.startswith("axes/") else None)
            df = pd.DataFrame(index=range(self.rows))
            for name in sorted(names, key=lambda n: (n not in ("job", "seed"), n)):
                d = f[name]
                values = d[()]
                column = name.replace("/", "_")
                if name == "status":
                    df[column] = [STATUS.get(int(v), "?") for v in values]
                elif name == "reason":
                    df[column] = [_text(r).rstrip("\0") for r in values]
                elif "categories" in d.attrs:
                    cats = _text(d.attrs["categories"]).split(",")
                    df[column] = [cats[int(v)] if 0 <= v < len(cats) else None for v in values]
                else:
                    df[column] = values
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


# The mechanism names, in stored order: a store's frame carries its own (df.attrs["labels"],
# from the label columns' `categories`); this is the fallback for a frame built by hand.
LABELS = ("fixed_points", "slow_manifold", "limit_cycle", "far", "mixed")


def _labels(df):
    return tuple(df.attrs.get("labels") or LABELS)
LABEL_COLUMN = {"a": "label_a", "b": "label_b", "dynamics": "label_dynamics"}


def learned(df):
    """The ok networks that learned the task (test.trained_*), as a boolean mask."""
    return (df["status"] == "ok").to_numpy() & df["trained"].fillna(False).to_numpy(bool)


def prevalence(df, by, variant="a", all=False, labels=None):
    """Per combination of `by` and label: count, labelled (the denominator), fraction, Wilson
    interval, trained and ok networks, failed and pending networks; the rows and numbers of
    `wmsweep query --by … --variant … [--all]`. Without all, only networks that learned the
    task are counted and each combination ends with an "untrained" row: its ok networks that
    did not learn, of all its ok networks."""
    column = LABEL_COLUMN[variant]
    labels = labels or _labels(df)
    rows = []
    by = list(by)
    groups = df.groupby(by if len(by) > 1 else by[0], sort=True) if by else [((), df)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        ok = g["status"] == "ok"
        networks, trained = int(ok.sum()), int(learned(g).sum())
        counted = g[ok.to_numpy() if all else learned(g)]
        labelled = int(counted[column].notna().sum())
        common = dict(trained=trained, networks=networks, failed=int((g["status"] == "failed").sum()),
                      pending=int((g["status"] == "pending").sum()))

        def row(label, count, of):
            lo, hi = wilson(count, of)
            return dict(zip(by, key), label=label, count=count, labelled=of,
                        fraction=count / of if of else math.nan, ci_low=lo, ci_high=hi, **common)
        for label in labels:
            rows.append(row(label, int((counted[column] == label).sum()), labelled))
        if not all:
            rows.append(row("untrained", networks - trained, networks))
    return pd.DataFrame(rows)


BOOTSTRAP_RESAMPLES = 2000
_MASK64 = (1 << 64) - 1


def _splitmix(state):
    """The engine's splitmix64 stream (engine/studies/seqmatch/claims.cpp) from `state`: yields draws."""
    while True:
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        yield z ^ (z >> 31)


def _median(values):
    v = np.sort(np.asarray(values, float))
    m = len(v) // 2
    if len(v) % 2 or np.isinf(v[m]):
        return float(v[m])
    return float(0.5 * (v[m - 1] + v[m]))


def _percentiles(stats, value):
    stats = np.sort(np.asarray(stats, float))
    B = len(stats)
    return value, float(stats[int(math.floor(0.025 * B))]), float(stats[int(math.ceil(0.975 * B)) - 1])


def bootstrap(values, statistic=np.mean, resamples=BOOTSTRAP_RESAMPLES):
    """(statistic, 95% low, high): the engine's percentile bootstrap over networks, the same
    draws (splitmix64 from a fixed seed, index = draw mod size)."""
    values = np.asarray(values, float)
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    draws = _splitmix(0x5eed2021)
    stats = [statistic(values[[next(draws) % len(values) for _ in values]]) for _ in range(resamples)]
    return _percentiles(stats, float(statistic(values)))


def bootstrap_ratio(numerator, denominator, resamples=BOOTSTRAP_RESAMPLES):
    """Ratio of two groups' means with the engine's bootstrap interval."""
    num, den = np.asarray(numerator, float), np.asarray(denominator, float)
    if len(num) == 0 or len(den) == 0:
        return math.nan, math.nan, math.nan

    def ratio(a, b):
        return a / b if b > 0 else (math.inf if a > 0 else math.nan)
    draws = _splitmix(0x5eed2021)
    stats = []
    for _ in range(resamples):
        a = num[[next(draws) % len(num) for _ in num]].mean()
        b = den[[next(draws) % len(den) for _ in den]].mean()
        r = ratio(a, b)
        if not math.isnan(r):
            stats.append(r)
    value = ratio(num.mean(), den.mean())
    return (value, math.nan, math.nan) if not stats else _percentiles(stats, value)


def claims(store, by=(), variant="a", all=False):
    """The study's claims per label among networks that learned the task (all: every ok
    network): the rows and numbers of `wmsweep query --claims --format csv` (claim, label, x,
    networks, value, ci_low, ci_high, interval); engine/studies/seqmatch/claims.h defines each claim."""
    df = store.frame()
    column = LABEL_COLUMN[variant]
    with h5py.File(store.path, "r") as f:
        robust = f["robustness/fail_end"][()]
        forget = f["forgetting/fail_end"][()]
        phasic = f["phasic"][()]
        stable = f["fixed_points/kinds"][:, 0]
    sigma, d = store.axes["sigma"], store.axes["d"]
    mask = (df["status"] == "ok").to_numpy() if all else learned(df)
    mask &= df[column].notna().to_numpy()
    rows = []
    by = list(by)
    groups = df[mask].groupby(by if len(by) > 1 else by[0], sort=True) if by else [((), df[mask])]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        labels = [l for l in _labels(df) if (g[column] == l).any()]
        rowsets = {l: g.index[g[column] == l].to_numpy() for l in labels}

        def add(claim, label, x, n, estimate, interval="bootstrap"):
            value, lo, hi = estimate
            rows.append(dict(zip(by, key), claim=claim, label=label, x=x, networks=n, value=value,
                             ci_low=lo, ci_high=hi, interval=interval))
        for k, s in enumerate(sigma):
            per = {l: robust[r, k][np.isfinite(robust[r, k])] for l, r in rowsets.items()}
            for l in labels:
                add("robustness", l, float(s), len(per[l]), bootstrap(per[l]))
            if "slow_manifold" in per and "fixed_points" in per:
                add("robustness_ratio", "slow_manifold/fixed_points", float(s),
                    len(per["slow_manifold"]) + len(per["fixed_points"]),
                    bootstrap_ratio(per["slow_manifold"], per["fixed_points"]))
        for l in labels:
            r = rowsets[l]
            measured = r[np.isfinite(forget[r, 0])] if len(d) else r[:0]
            if len(measured):
                first = [float(d[np.argmax(forget[i] > 0)]) if (forget[i] > 0).any() else math.inf
                         for i in measured]
                add("forgetting", l, math.nan, len(first), bootstrap(first, _median))
                never = sum(math.isinf(v) for v in first)
                add("forgetting_never", l, math.nan, len(first),
                    (never / len(first),) + wilson(never, len(first)), "wilson")
            for part, claim in ((0, "phasic_delay1"), (1, "phasic_response")):
                v = phasic[r, part][np.isfinite(phasic[r, part])]
                add(claim, l, math.nan, len(v), bootstrap(v))
            v = stable[r][stable[r] >= 0] / 4.0
            add("efficiency", l, math.nan, len(v), bootstrap(v))
    return pd.DataFrame(rows, columns=list(by) + ["claim", "label", "x", "networks", "value",
                                                  "ci_low", "ci_high", "interval"])


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
    csv` (engine/studies/orientations/report.cpp, conditions()). Of the ok networks: how many reached the
    training threshold; of those with a torus label, how many are Clifford-like, with the
    fraction's 95% Wilson interval; the same for the human signature among those with
    behaviour; the mean pooled small-|Δθ| repulsion (degrees) and error correlation over
    networks with behaviour and both finite; the mean moved fraction over networks with a
    finite one. failed and pending networks are only counted."""
    rows = []
    for key, g in groups(df, by):
        ok = g[g["status"] == "ok"]  # not pending, failed, or skipped by an adaptive sweep
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
