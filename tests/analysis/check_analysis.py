#!/usr/bin/python3
"""usage: check_analysis.py REPO STORE DIR  (DIR holds query_{a,b,dynamics}.csv from wmsweep)"""
import os
import sys

import h5py
import numpy as np
import pandas as pd

repo, store_path, folder = sys.argv[1:]
sys.path.insert(0, os.path.join(repo, "analysis"))
from wmsweep import figures as plot  # noqa: E402
from wmsweep import results as wr  # noqa: E402

store = wr.Store(store_path)
df = store.frame()
with h5py.File(store_path, "r") as f:
    status = f["status"][()]
    labels = wr._text(f.attrs["labels"]).split(",")
    label_a = f["classify/a/label"][()]
    label_d = f["dynamics/label"][()]
    fail_end = f["robustness/fail_end"][()]
    forget = f["forgetting/fail_end"][()]
    eig = f["fixed_points/eigenvalues"][()]
    kind = f["fixed_points/kind"][()]
    count = f["fixed_points/count"][()]

# the frame: one row per network, its status and labels as stored
assert len(df) == 8 == len(status), len(df)
assert list(df["status"]) == ["ok" if s == 1 else "failed" if s == 2 else "pending" for s in status]
assert list(df["label_a"]) == [labels[int(v)] for v in label_a]
assert list(df["label_dynamics"]) == [labels[int(v)] for v in label_d]
assert (df["fp_count"].to_numpy() == count).all()

# prevalence: the same rows and numbers as `wmsweep query --format csv`
for v in ("a", "b", "dynamics"):
    cli = pd.read_csv(os.path.join(folder, f"query_{v}.csv"))
    ours = wr.prevalence(df, ["g", "fb"], v, all=True)
    assert len(cli) == len(ours) == 20, (v, len(cli), len(ours))
    for col in ("g", "fb", "label", "count", "labelled", "trained", "networks", "failed", "pending"):
        assert list(cli[col]) == list(ours[col]), (v, col, list(cli[col]), list(ours[col]))
    for col in ("fraction", "ci_low", "ci_high"):
        assert np.allclose(cli[col], ours[col].round(4), atol=1e-12, equal_nan=True), (v, col)

# figures: every PNG written, and the data behind each equals the store's own numbers
data = plot.figures(store_path, os.path.join(folder, "figs"), all=True)
for name in ("prevalence", "robustness", "forgetting", "claims", "speed", "spectra"):
    png = os.path.join(folder, "figs", f"{name}.png")
    assert os.path.getsize(png) > 5000, png
    with open(png, "rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n", png
for v in ("a", "dynamics"):
    frac = data[f"prevalence_{v}"]
    total = sum(frac.values())
    assert np.allclose(total, 1.0), (v, total)  # every combination's labels add up to 1
ok = status == 1
for name, values in (("robustness", fail_end), ("forgetting", forget)):  # --all: every ok network
    for label, curve in data[name].items():
        rows = ok & (label_a == labels.index(label))
        assert np.allclose(curve, values[rows].mean(axis=0)), (name, label)
    assert sum((ok & (label_a == labels.index(l))).sum() for l in data[name]) == ok.sum()
stored = sum(int(np.isfinite(eig[r][kind[r] >= 0]).all(axis=-1).sum()) for r in np.where(ok)[0])
drawn = sum(len(p) for p in data["spectra"].values())
assert drawn == stored and drawn > 0, (drawn, stored)

# per-row access
x, y = store.curve("robustness/fail_end", 0)
assert len(x) == len(y) == 3
pts = store.points(0)
assert len(pts) == (kind[0] >= 0).sum()
# among trained networks (none of tiny's learn at the study's ε): every figure still written, empty
empty = plot.figures(store_path, os.path.join(folder, "figs_trained"))
assert not df["trained"].any() and empty["robustness"] == {} and empty["spectra"] == {}
assert all(f.sum() == 0 for f in empty["prevalence_a"].values())
assert np.allclose(data["trained_a"], 0) and len(data["trained_a"]) == 4
print(f"check_analysis: frame of {len(df)} networks, prevalence equal to wmsweep query for a, b and "
      f"dynamics, 6 figures with their data checked ({drawn} eigenvalues drawn)")
