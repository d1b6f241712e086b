#!/usr/bin/python3
"""Study 2 in analysis/: the frame holds the stored values, conditions() equals `wmsweep query
--format csv`, every figure is written and the numbers behind it match the store read with h5py.
Also on a doctored copy (a retanh row, a failed and a pending one, a Clifford-like network with
the human signature), so the counting, the activation's order and the missing values are tested.

usage: check_orientations.py WMSWEEP REPO STORE DIR   (STORE from jobs/orientations_tiny.toml)
"""
import io
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd

wmsweep, repo, store_path, folder = sys.argv[1:]
sys.path.insert(0, os.path.join(repo, "analysis"))
from wmsweep import figures as plot  # noqa: E402
from wmsweep import results as wr  # noqa: E402

FIELDS = ["networks", "reached", "clifford", "geometry", "clifford_fraction", "clifford_ci_low",
          "clifford_ci_high", "human", "behaviour", "human_fraction", "human_ci_low", "human_ci_high",
          "repulsion_deg", "correlation", "moved", "failed", "pending"]


def query(path, by):
    out = subprocess.run([wmsweep, "query", path, "--by", ",".join(by), "--format", "csv"],
                         check=True, capture_output=True, text=True).stdout
    return pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])


def same_table(cli, ours, by, what):
    """Row for row: keys and counts exactly, estimates to 1e-4 (the CLI prints 4 decimals)."""
    assert list(cli.columns) == by + FIELDS, (what, list(cli.columns))
    assert list(ours.columns) == by + FIELDS, (what, list(ours.columns))
    assert len(cli) == len(ours) > 0, (what, len(cli), len(ours))
    for col in by + FIELDS:
        a, b = cli[col].to_numpy(), ours[col].to_numpy()
        if col == "activation" or cli[col].dtype.kind in "iu":
            assert list(a) == list(b), (what, col, list(a), list(b))
        else:
            assert np.allclose(a.astype(float), b.astype(float), atol=1e-4, rtol=0, equal_nan=True), \
                (what, col, list(a), list(b))


def read(path):
    with h5py.File(path, "r") as f:
        return {name: f[name][()] for name in (
            "job", "seed", "sigma_rec", "ordinal", "activation", "status", "train/iterations",
            "train/reached", "train/error_deg", "torus/angles", "torus/radius_ratio", "torus/label",
            "connectivity/amplitude", "connectivity/sets", "code/moved", "behaviour/repulsion",
            "behaviour/repulsion_small", "behaviour/correlation_small", "behaviour/human",
            "fixed_points/count", "cost/seconds", "axes/repulsion_bins", "axes/iteration")}


def condition_names(h, by):
    names = {}
    for r in range(len(h["job"])):
        parts = [f"σ_rec {h['sigma_rec'][r]:g}", f"ordinal {'on' if h['ordinal'][r] else 'off'}"]
        if "activation" in by:
            parts.append(wr.ACTIVATIONS[h["activation"][r]])
        names.setdefault(", ".join(parts), []).append(r)
    return names


def check_figures(path, out, h, by):
    """Every PNG written; the data behind each equals the store's numbers."""
    data = plot.figures(path, out)
    for name in ("torus", "angles", "repulsion", "learning", "conditions"):
        png = os.path.join(out, f"{name}.png")
        assert os.path.getsize(png) > 5000, png
        with open(png, "rb") as fh:
            assert fh.read(8) == b"\x89PNG\r\n\x1a\n", png
    ok = h["status"] == 1
    labels = ["clifford", "standard_torus", "other"]
    # torus: each measured network once, under its label, with its stored angles and ratio
    drawn = 0
    for label, d in data["torus"].items():
        rows = np.flatnonzero(ok & (h["torus/label"] == labels.index(label)))
        assert np.array_equal(d["ratio"], h["torus/radius_ratio"][rows]), label
        assert np.array_equal(d["angle1"], h["torus/angles"][rows, 0]), label
        assert np.array_equal(d["angle2"], h["torus/angles"][rows, 1]), label
        drawn += len(rows)
    assert drawn == (ok & (h["torus/label"] >= 0)).sum() > 0, drawn
    # per condition: histograms, repulsion and learning curves of its ok networks
    names = condition_names(h, by)
    assert set(data["angles"]) == set(names), (sorted(data["angles"]), sorted(names))
    for name, rows in names.items():
        rows = np.array(rows)
        ok_rows = rows[ok[rows]]
        measured = ok_rows[h["torus/label"][ok_rows] >= 0]
        d = data["angles"][name]
        assert np.array_equal(d["angle1"], h["torus/angles"][measured, 0]), name
        assert np.array_equal(d["angle2"], h["torus/angles"][measured, 1]), name
        assert np.array_equal(d["ratio"], h["torus/radius_ratio"][measured]), name
        behaved = ok_rows[h["behaviour/human"][ok_rows] >= 0]
        if len(behaved):
            want = np.degrees(h["behaviour/repulsion"][behaved]).mean(axis=0)
            assert np.allclose(data["repulsion"][name], want, rtol=1e-12), name
        else:
            assert name not in data["repulsion"], name
        if len(ok_rows):
            curves = h["train/error_deg"][ok_rows]
            want = np.array([c[np.isfinite(c)].mean() if np.isfinite(c).any() else math.nan
                             for c in curves.T])
            assert np.allclose(data["learning"][name], want, rtol=1e-12, equal_nan=True), name
        else:
            assert name not in data["learning"], name
    assert np.allclose(data["repulsion"]["x_deg"], np.degrees(h["axes/repulsion_bins"]))
    assert np.array_equal(data["learning"]["iteration"], h["axes/iteration"])
    # conditions: the very table of `wmsweep query --by <the figure's conditions>`
    same_table(query(path, by), data["conditions"], by, f"{path}: conditions.png")
    return data


os.chdir(folder)
store = wr.Store(store_path)
assert store.study == "orientations", store.study
df = store.frame()
h = read(store_path)

# the frame: 4 networks, one row each, with the stored values
assert len(df) == 4 == len(h["job"]), len(df)
assert list(df["job"]) == list(h["job"]) and list(df["seed"]) == list(h["seed"])
assert np.array_equal(df["sigma_rec"], h["sigma_rec"]) and np.array_equal(df["ordinal"], h["ordinal"])
assert list(df["activation"]) == ["tanh"] * 4
assert list(df["status"]) == ["ok"] * 4 and (h["status"] == 1).all()
assert list(df["train_iterations"]) == list(h["train/iterations"])
assert list(df["train_reached"]) == [bool(v) for v in h["train/reached"]]
it = h["train/iterations"]
assert np.array_equal(df["train_error_deg"], h["train/error_deg"][np.arange(4), it - 1])
assert np.array_equal(df["torus_angle1"], h["torus/angles"][:, 0])
assert np.array_equal(df["torus_angle2"], h["torus/angles"][:, 1])
assert np.array_equal(df["torus_radius_ratio"], h["torus/radius_ratio"])
assert list(df["torus_label"]) == [["clifford", "standard_torus", "other"][v] for v in h["torus/label"]]
assert np.array_equal(df["conn_amplitude_across"], h["connectivity/amplitude"][:, 2])
assert list(df["conn_set1"]) == list(h["connectivity/sets"][:, 0])
assert np.array_equal(df["code_moved"], h["code/moved"])
assert np.array_equal(df["repulsion_small"], h["behaviour/repulsion_small"][:, 0])
assert np.array_equal(df["repulsion_small_se"], h["behaviour/repulsion_small"][:, 1])
assert np.array_equal(df["correlation_small"], h["behaviour/correlation_small"])
assert list(df["human"]) == [bool(v) for v in h["behaviour/human"]]
assert list(df["fp_count"]) == list(h["fixed_points/count"])
assert np.array_equal(df["seconds_fixed_points"], h["cost/seconds"][:, 3])
x, y = store.curve("behaviour/repulsion", 2)
assert len(x) == y.shape[1] == 9 and np.array_equal(y, h["behaviour/repulsion"][2])
assert len(store.points(1)) == h["fixed_points/count"][1]

# conditions(): `wmsweep query --format csv`, row for row
for by in (["sigma_rec", "ordinal", "activation"], ["sigma_rec"], ["ordinal", "seed"]):
    same_table(query(store_path, by), wr.conditions(df, by), by, f"tiny --by {by}")

data = check_figures(store_path, "figs2", h, ["sigma_rec", "ordinal"])

# a doctored copy: row 1 retanh without geometry or behaviour, row 2 failed, row 3 pending,
# row 0 Clifford-like with the human signature
shutil.copy(store_path, "doctored.h5")
with h5py.File("doctored.h5", "r+") as f:
    f["activation"][1] = 1
    f["torus/label"][1] = -1
    f["behaviour/human"][1] = -1
    f["status"][2] = 2
    f["reason"][2] = b"loss not finite"
    f["status"][3] = 0
    f["torus/label"][0] = 0
    f["behaviour/human"][0] = 1
dd = wr.Store("doctored.h5").frame()
assert list(dd["status"]) == ["ok", "ok", "failed", "pending"] and dd["reason"][2] == "loss not finite"
assert list(dd["activation"]) == ["tanh", "retanh", "tanh", "tanh"]
assert dd["torus_label"][0] == "clifford" and dd["torus_label"][1] is None and dd["torus_label"][2] is None
assert dd["human"][0] and pd.isna(dd["human"][1])
for by in (["sigma_rec", "ordinal", "activation"], ["activation"], ["activation", "ordinal"], ["g"]):
    same_table(query("doctored.h5", by), wr.conditions(dd, by), by, f"doctored --by {by}")
cli = query("doctored.h5", ["activation"])
assert list(cli["activation"]) == ["tanh", "retanh"]  # the engine's order, not the names'
check_figures("doctored.h5", "figs_doctored", read("doctored.h5"), ["sigma_rec", "ordinal", "activation"])

print(f"check_orientations: frame of {len(df)} networks with the stored values, conditions equal to "
      f"wmsweep query ({len(data['conditions'])} conditions; doctored copy too), 5 figures with their "
      f"data checked")
