#!/usr/bin/python3
"""Checks of tests/science/check_science.sh, one per subcommand:

    check_science.py REPO labels STORE          stored labels = the study's rule on stored statistics
    check_science.py REPO counts STORE DIR      query/status/claims of DIR's outputs = h5py recounts
    check_science.py REPO skipped FULL SKIP     skip_untrained: skipped rows, trained rows identical
    check_science.py REPO same-data A B         every dataset equal (relabel of a current store)
    check_science.py REPO handmade SRC OUT      OUT = SRC with adversarial window statistics
    check_science.py REPO make-v1 SRC OUT       OUT = SRC as a wmsweep-store/1 store
    check_science.py REPO upgraded SRC V1       the relabelled /1 store against SRC
"""
import csv
import json
import math
import os
import shutil
import sys

import h5py
import numpy as np
import pandas as pd

repo, command, *args = sys.argv[1:]
sys.path.insert(0, os.path.join(repo, "analysis"))
sys.path.insert(0, os.path.join(repo, "tests", "reference"))
from wmsweep import results as wr  # noqa: E402
from study_labels import study_label  # noqa: E402

LABELS = ["fixed_points", "slow_manifold", "limit_cycle", "far", "mixed"]
NEW_COLUMNS = ("error/study_rate", "error/study_rmse", "error/trained", "probes_skipped", "phasic_runs")


def encoding(f):
    """task.encoding of the store's spec (the default when the spec does not set it)."""
    for line in wr.spec_text(f).splitlines():
        if line.strip().startswith("encoding"):
            return tuple(json.loads(line.split("=", 1)[1]))
    return (1.0, 0.5, 1.5)


def labels(path):
    with h5py.File(path, "r") as f:
        assert wr._text(f.attrs["label_rule"]) == "study-code-float32"
        assert wr._text(f.attrs["labels"]).split(",") == LABELS
        status, enc = f["status"][()], encoding(f)
        checked = 0
        for v in ("a", "b"):
            g = f[f"classify/{v}"]
            for r in np.flatnonzero(status == 1):
                if np.isnan(g["var"][r]).all():
                    continue  # no long runs (skipped)
                want = study_label(g["mean"][r], g["var"][r], g["last"][r], v, enc)
                got = LABELS[int(g["label"][r])]
                assert got == want, (path, v, r, got, want, g["mean"][r], g["var"][r], g["last"][r])
                checked += 1
    assert checked > 0
    print(f"labels: {checked} stored labels of {path} equal the study's rule")


def recount_prevalence(f, by, variant, all_):
    """(keys…) → {label: count, "_labelled", "_trained", "_networks"} from h5py alone."""
    status, trained = f["status"][()], f["error/trained"][()]
    label = f["dynamics/label" if variant == "dynamics" else f"classify/{variant}/label"][()]
    keys = [tuple(float(f[k][r]) for k in by) for r in range(len(status))]
    out = {}
    for r, key in enumerate(keys):
        t = out.setdefault(key, {"_labelled": 0, "_trained": 0, "_networks": 0, **{l: 0 for l in LABELS}})
        if status[r] != 1:
            continue
        t["_networks"] += 1
        t["_trained"] += trained[r] == 1
        if (all_ or trained[r] == 1) and 0 <= label[r] < len(LABELS):
            t["_labelled"] += 1
            t[LABELS[int(label[r])]] += 1
    return out


def counts(path, folder):
    with h5py.File(path, "r") as f:
        trained, status = f["error/trained"][()], f["status"][()]
        assert sorted(np.flatnonzero(trained == 1).tolist()) == [2, 3, 6, 7], trained
        for all_ in (False, True):
            suffix = "--all" if all_ else ""
            rows = list(csv.DictReader(open(os.path.join(folder, f"prev{suffix}.csv"))))
            want = recount_prevalence(f, ["g", "fb"], "a", all_)
            assert len(rows) == len(want) * (5 if all_ else 6), (len(rows), suffix)
            for row in rows:
                t = want[(float(row["g"]), float(row["fb"]))]
                assert int(row["trained"]) == t["_trained"] and int(row["networks"]) == t["_networks"], row
                if row["label"] == "untrained":
                    assert not all_
                    assert int(row["count"]) == t["_networks"] - t["_trained"], row
                    assert int(row["labelled"]) == t["_networks"], row
                else:
                    assert int(row["count"]) == t[row["label"]], (row, t)
                    assert int(row["labelled"]) == t["_labelled"], (row, t)
            # the pandas frame gives the very rows
            ours = wr.prevalence(wr.Store(path).frame(), ["g", "fb"], "a", all=all_)
            assert list(ours["label"]) == [r["label"] for r in rows]
            assert list(ours["count"]) == [int(r["count"]) for r in rows]
            assert list(ours["labelled"]) == [int(r["labelled"]) for r in rows]
            # agreement counts only trained networks unless --all
            agree = json.load(open(os.path.join(folder, f"agree{suffix}.json")))
            a, d, g = f["classify/a/label"][()], f["dynamics/label"][()], f["g"][()]
            for row in agree:
                sel = (status == 1) & (g == row["g"]) & (all_ | (trained == 1))
                assert row["networks"] == int(sel.sum()), (row, suffix)
                assert row["agree"] == int((a[sel] == d[sel]).sum()), row
            # claims: the engine's table equals the numpy recomputation
            store = wr.Store(path)
            for by, name in (((), f"claims{suffix}.csv"), (("g",), f"claims_g{suffix}.csv")):
                cli = pd.read_csv(os.path.join(folder, name), keep_default_na=False, na_values=[""])
                ours = wr.claims(store, by, "a", all=all_)
                assert len(cli) == len(ours) > 0, (name, len(cli), len(ours))
                for col in ("claim", "label", "networks", "interval") + tuple(by):
                    assert list(cli[col]) == list(ours[col]), (name, col)
                for col in ("x", "value", "ci_low", "ci_high"):
                    x, y = cli[col].astype(float).to_numpy(), ours[col].astype(float).to_numpy()
                    assert np.allclose(x, y, rtol=1e-5, atol=1e-9, equal_nan=True), (name, col, x, y)
            # and a direct recount of one claim: the mean robustness per label at each σ
            rob = f["robustness/fail_end"][()]
            sigma = f["axes/sigma"][()]
            sel = (status == 1) & (all_ | (trained == 1))
            table = pd.read_csv(os.path.join(folder, f"claims{suffix}.csv"))
            for _, row in table[table["claim"] == "robustness"].iterrows():
                rows_l = sel & (a == LABELS.index(row["label"]))
                k = int(np.flatnonzero(sigma == row["x"])[0])
                assert math.isclose(row["value"], rob[rows_l, k].mean(), rel_tol=1e-5, abs_tol=1e-9), row
                assert row["networks"] == rows_l.sum()
    status_text = open(os.path.join(folder, "status.txt")).read()
    assert "trained   4 of 8 ok networks learned the task" in status_text, status_text
    table = open(os.path.join(folder, "claims.txt")).read()
    assert "among networks that learned the task" in table and "robustness" in table, table
    print("counts: prevalence, agreement and claims with and without --all equal h5py recounts")


def skipped(full, skip):
    with h5py.File(full, "r") as a, h5py.File(skip, "r") as b:
        trained = a["error/trained"][()]
        assert (b["error/trained"][()] == trained).all()
        sk = b["probes_skipped"][()]
        assert (sk == (trained == 0)).all(), sk
        assert (a["probes_skipped"][()] == 0).all()
        for r in range(len(trained)):
            reason = b["reason"][r].decode()
            if trained[r] == 1:
                for name in ("classify/a/mean", "robustness/fail_end", "fixed_points/x", "trained/w_o",
                             "error/rmse", "phasic_runs", "dynamics/label"):
                    assert a[name][r].tobytes() == b[name][r].tobytes(), (r, name)
                assert reason == "", reason
            else:
                assert "not trained" in reason and "probes skipped" in reason, reason
                assert b["classify/a/label"][r] == -1 and np.isnan(b["robustness/fail_end"][r]).all()
                assert b["fixed_points/count"][r] == -1
                assert a["error/rmse"][r].tobytes() == b["error/rmse"][r].tobytes()
                assert b["status"][r] == 1
    print("skipped: untrained rows skipped with their reason, trained rows bit-identical")


def same_data(a_path, b_path):
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        names = []
        a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        for n in names:
            assert a[n][()].tobytes() == b[n][()].tobytes(), n
        assert wr._text(b.attrs["schema"]) == "wmsweep-store/2"
    print(f"same-data: {len(names)} datasets equal")


def handmade(src, out):
    """Rows of a copy get window statistics where the float32 rule, the last-step count and the
    unrounded means decide: the cases the spec's correction is about."""
    shutil.copy(src, out)
    with h5py.File(out, "r+") as f:
        a, b = f["classify/a"], f["classify/b"]
        na = a["mean"].shape[1]
        rows = np.flatnonzero(f["status"][()] == 1)
        base = np.zeros(na)
        cases_a = [
            # settled only in float64: one variance just under 1e-9 rounds to float32(1e-9)
            (base.copy(), np.r_[np.full(na - 1, 1e-12), 0.99999999e-9], np.arange(na) % 6 * 0.1),
            # settled in float32 too
            (base.copy(), np.r_[np.full(na - 1, 1e-12), 0.9999999e-9], np.arange(na) % 6 * 0.1),
            # means distinct in float64, two equal in float32: not a limit cycle
            (np.r_[0.5, 0.5 + 1e-9, np.linspace(0.6, 0.9, na - 2)], np.full(na, 0.1), base.copy()),
            # a far mean below −(max(encoding) + 2.5)
            (np.r_[-4.2, -4.2, np.zeros(na - 2)], np.full(na, 0.1), base.copy()),
        ]
        cases_b = [
            # settled: 2 distinct last values (the means would round to 3)
            ([0.101, 0.104, 0.5, 0.9], [1e-9] * 4, [0.1, 0.1, 0.1, 0.9]),
            # not settled: the means differ unrounded (rounded to 2 decimals they would not)
            ([0.101, 0.104, 0.5, 0.9], [1e-3] * 4, [0.1, 0.1, 0.1, 0.9]),
            # variance 0.99999999e-6: settled in float64 only
            ([0.1, 0.2, 0.3, 0.4], [1e-9, 1e-9, 1e-9, 0.99999999e-6], [1.0, 0.5, 1.5, 1.0]),
            ([0.1, 0.2, 0.3, 0.4], [1e-9, 1e-9, 1e-9, 0.999999e-6], [1.0, 0.5, 1.5, 1.0]),
        ]
        for r, (m, v, l) in zip(rows, cases_a):
            a["mean"][r], a["var"][r], a["last"][r], a["label"][r] = m, v, l, -1
        for r, (m, v, l) in zip(rows, cases_b):
            b["mean"][r], b["var"][r], b["last"][r], b["label"][r] = m, v, l, -1
        enc = encoding(f)
        got = [study_label(*c, "a", enc) for c in cases_a] + [study_label(*c, "b", enc) for c in cases_b]
    assert got == ["mixed", "fixed_points", "mixed", "far",
                   "slow_manifold", "limit_cycle", "limit_cycle", "fixed_points"], got
    print(f"handmade: {out} holds 8 adversarial rows")


def earlier_rule(mean, var, last, variant, enc):
    """The rule the engine used before (float64, variant B counting rounded means): only to
    give a /1 store labels that differ where the rules differ."""
    threshold, decimals, k = (1e-9, 4, 6) if variant == "a" else (1e-6, 2, 3)
    if np.all(np.asarray(var) < threshold):
        values = np.round(last if variant == "a" else mean, decimals)
        return "fixed_points" if len(np.unique(values)) >= k else "slow_manifold"
    means = np.asarray(mean) if variant == "a" else np.round(mean, 2)
    if len(np.unique(means)) == len(means):
        return "limit_cycle"
    return "far" if np.any(np.abs(mean) > max(map(abs, enc)) + 2.5) else "mixed"


def make_v1(src, out):
    shutil.copy(src, out)
    with h5py.File(out, "r+") as f:
        for name in NEW_COLUMNS:
            del f[name]
        f.attrs["schema"] = np.bytes_("wmsweep-store/1")
        del f.attrs["label_rule"]
        status, enc = f["status"][()], encoding(f)
        for v in ("a", "b"):
            g = f[f"classify/{v}"]
            for r in np.flatnonzero(status == 1):
                g["label"][r] = LABELS.index(earlier_rule(g["mean"][r], g["var"][r], g["last"][r], v, enc))
    print(f"make-v1: {out}")


def upgraded(src, v1):
    with h5py.File(src, "r") as a, h5py.File(v1, "r") as b:
        assert wr._text(b.attrs["schema"]) == "wmsweep-store/2"
        for name in ("classify/a/label", "classify/b/label", "classify/a/distinct", "classify/b/settled",
                     "error/trained", "probes_skipped"):
            assert (a[name][()] == b[name][()]).all(), name
        # the study's rmse from the stored rmse: rmse · sqrt(rmse_steps / runs)
        rmse, runs = a["error/rmse"][()], a["error/rmse"].shape[1]
        assert np.allclose(b["error/study_rmse"][()], rmse * math.sqrt(50 / runs), rtol=1e-14, atol=0)
        assert np.allclose(b["error/study_rate"][()], a["error/study_rate"][()], equal_nan=True)
        assert np.isnan(b["phasic"][()]).all() and np.isnan(b["phasic_runs"][()]).all()
    print("upgraded: the /1 store's labels, trained marks and study error rates equal a fresh store's")


{"labels": labels, "counts": counts, "skipped": skipped, "same-data": same_data,
 "handmade": handmade, "make-v1": make_v1, "upgraded": upgraded}[command](*args)
