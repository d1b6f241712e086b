"""Figures of a wmsweep store, as PNG files:

    python3 -m wmsweep.figures STORE --out DIR [--variant a|b] [--all]

Every figure of study 1 counts only the networks that learned the task (test.trained_*);
--all takes every ok network. The intervals are those of `wmsweep query --claims`.

prevalence.png   label fractions per (pg, g, fb) combination among trained networks (simulation
                 labels and dynamics), and the fraction of ok networks that learned the task:
                 stacked bars for a few combinations, heatmaps over (g, fb) for a grid
robustness.png   failure fraction against distraction noise σ per label, mean with its 95%
                 bootstrap band, and the slow_manifold / fixed_points ratio
forgetting.png   failure fraction against the extra delay d, mean per label
claims.png       per label, with 95% intervals: the extra delay at the first failure (median),
                 phasic units in delay 1 and the response, stable fixed points per memory
speed.png        asymptotic speed ‖F(x)‖ after the trial end, median per label
spectra.png      leading eigenvalues of every stored fixed point, by the network's dynamics label

A study-2 store (study = "orientations") gets its own five instead (--variant is ignored);
a condition is σ_rec × ordinal (× activation when the store holds both):

torus.png        per network, its two θ1/θ2 plane angles against its radius ratio, coloured by
                 torus label, the Clifford region (angles ≥ 70°, ratio in [2/3, 3/2]) shaded
angles.png       histograms of the two plane angles and of the radius ratio, per condition
repulsion.png    mean repulsion of report 1 and report 2 per |Δθ| bin, per condition
learning.png     mean report error against training iteration, per condition
conditions.png   Clifford-like and human-signature fractions per condition, 95% Wilson intervals

`figures()` returns the numbers behind every figure, so they can be checked (tests/analysis).
"""
import argparse
import os
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402

from . import results as wr

COLOURS = {"fixed_points": "tab:blue", "slow_manifold": "tab:green", "limit_cycle": "tab:red",
           "far": "tab:purple", "mixed": "tab:gray"}


def captions():
    """{file name: what it shows}, from this module's docstring (one description, two uses)."""
    out, name = {}, None
    for line in __doc__.splitlines():
        head = line.split(None, 1)
        if head and head[0].endswith(".png") and not line.startswith(" "):
            name = head[0]
            out[name] = head[1].strip() if len(head) > 1 else ""
        elif name and line.startswith(" " * 17) and line.strip():
            out[name] += " " + line.strip()
        else:
            name = None
    return out


def _by_label(df, column, values, counted):
    """{label: mean over its counted networks of values[row]} for every label present."""
    out = {}
    for label in COLOURS:
        rows = df.index[counted & (df[column] == label).to_numpy()]
        if len(rows):
            with warnings.catch_warnings():  # a curve not measured at all is NaN, silently
                warnings.simplefilter("ignore", RuntimeWarning)
                out[label] = np.nanmean(values[rows], axis=0)
    return out


def _claim(table, claim, label=None):
    rows = table[table["claim"] == claim]
    return rows if label is None else rows[rows["label"] == label]


def figures(path, out_dir, variant="a", all=False):
    """Writes the study's figures into out_dir as PNGs; returns the numbers behind each."""
    store = wr.Store(path)
    draw = STUDY_FIGURES.get(store.study)
    if draw is None:
        raise SystemExit(f"{path}: study {store.study} has no figures here yet; its numbers: "
                         f"`wmsweep query {path}`, or wmsweep.results.Store(path).frame()")
    return draw(store, out_dir, variant, all)


def figures_seqmatch(store, out_dir, variant, all):
    df = store.frame()
    column = wr.LABEL_COLUMN[variant]
    counted = (df["status"] == "ok").to_numpy() if all else wr.learned(df)
    among = "every ok network" if all else "networks that learned the task"
    os.makedirs(out_dir, exist_ok=True)
    data = {}

    # prevalence: per (pg, g, fb), the label fractions among trained networks (simulation label
    # and dynamics label) and the fraction of ok networks that learned the task: stacked bars
    # for a few combinations, heatmaps over (g, fb) for a grid
    tables = {}
    for v in (variant, "dynamics"):
        table = wr.prevalence(df, ["pg", "g", "fb"], v, all=all)
        tables[v] = table[table["label"] != "untrained"]
        combos = tables[v].drop_duplicates(["pg", "g", "fb"])
        data[f"prevalence_{v}"] = {label: tables[v][tables[v]["label"] == label]["fraction"].fillna(0).to_numpy()
                                   for label in COLOURS}
        data[f"trained_{v}"] = (combos["trained"] / combos["networks"].where(combos["networks"] > 0)).to_numpy(float)
    combos = tables[variant].drop_duplicates(["pg", "g", "fb"])
    heatmap = df["g"].nunique() >= 3 and df["fb"].nunique() >= 3
    if not heatmap:
        fig, axes = plt.subplots(2, 2, figsize=(12, 7), sharex=True, gridspec_kw={"height_ratios": [3, 1]})
        names = [f"pg {pg:g}\ng {g:g}\nfb {fb:g}" for pg, g, fb in combos[["pg", "g", "fb"]].values]
        for k, (v, title) in enumerate(((variant, f"simulation label (variant {variant.upper()})"),
                                        ("dynamics", "dynamics label (fixed points)"))):
            bottom = np.zeros(len(names))
            for label in COLOURS:
                f = data[f"prevalence_{v}"][label]
                axes[0][k].bar(names, f, bottom=bottom, color=COLOURS[label], label=label)
                bottom += f
            axes[0][k].set_title(title)
            axes[0][k].set_ylabel(f"fraction of {among.replace('networks that', 'those that')}")
            axes[0][k].set_ylim(0, 1)
            axes[1][k].bar(names, np.nan_to_num(data[f"trained_{v}"]), color="tab:olive")
            axes[1][k].set_ylim(0, 1)
            axes[1][k].set_ylabel("learned the task")
        axes[0][1].legend(loc="upper right", fontsize=8)
    else:
        gs, fbs, pgs = sorted(df["g"].unique()), sorted(df["fb"].unique()), sorted(df["pg"].unique())
        present = [l for l in COLOURS if any(data[f"prevalence_{v}"][l].sum() > 0 for v in (variant, "dynamics"))]
        panels = [("learned the task", None, None)] + [(f"{l} (A)" if variant == "a" else f"{l} ({variant.upper()})", variant, l)
                                                        for l in present] + [(f"{l} (dyn.)", "dynamics", l) for l in present]
        fig, axes = plt.subplots(len(pgs), len(panels), figsize=(2.6 * len(panels) + 1, 2.8 * len(pgs) + 0.6),
                                 squeeze=False)
        for i, pg in enumerate(pgs):
            for j, (title, v, label) in enumerate(panels):
                grid = np.full((len(gs), len(fbs)), np.nan)
                for (cpg, cg, cfb), share, k in zip(combos[["pg", "g", "fb"]].values, data[f"trained_{variant}"],
                                                    range(len(combos))):
                    if cpg != pg:
                        continue
                    value = share if v is None else (
                        data[f"prevalence_{v}"][label][k] if combos["trained" if not all else "networks"].iloc[k] > 0 else np.nan)
                    grid[gs.index(cg), fbs.index(cfb)] = value
                ax = axes[i][j]
                im = ax.imshow(grid, vmin=0, vmax=1, cmap="viridis" if v is None else "magma", origin="lower",
                               aspect="auto")
                ax.set_xticks(range(len(fbs)))
                ax.set_xticklabels([f"{x:g}" for x in fbs], fontsize=7)
                ax.set_yticks(range(len(gs)))
                ax.set_yticklabels([f"{x:g}" for x in gs], fontsize=7)
                ax.set_xlabel("fb", fontsize=8)
                if j == 0:
                    ax.set_ylabel(f"g (pg {pg:g})", fontsize=8)
                ax.set_title(title, fontsize=9)
        fig.colorbar(im, ax=axes.ravel().tolist(), shrink=0.8, label="fraction (blank: no network counted)")
        fig.suptitle(f"label fractions among {among} per (g, fb); first panel: fraction of ok networks "
                     "that learned", fontsize=10)
    if not heatmap:
        fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "prevalence.png"), dpi=100)
    plt.close(fig)

    claims = wr.claims(store, (), variant, all=all)
    data["claims"] = claims

    # robustness: mean failure per label with its bootstrap band; the ratio on a second axis
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    curves = {}
    for label in COLOURS:
        rows = _claim(claims, "robustness", label)
        if len(rows) and rows["networks"].max() > 0:
            x, y = rows["x"].to_numpy(float), rows["value"].to_numpy(float)
            ax.plot(x, y, "o-", color=COLOURS[label], label=f"{label} (n={rows['networks'].max()})", ms=3)
            ax.fill_between(x, rows["ci_low"].to_numpy(float), rows["ci_high"].to_numpy(float),
                            color=COLOURS[label], alpha=0.15)
            curves[label] = y
    ax.set_xscale("log")
    ax.set_xlabel("distraction noise σ")
    ax.set_ylabel("failure fraction at trial end")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"robustness among {among}")
    ax.legend(fontsize=8)
    ratio = _claim(claims, "robustness_ratio")
    if len(ratio):
        x = ratio["x"].to_numpy(float)
        ax2.plot(x, ratio["value"].to_numpy(float), "o-", color="k", ms=3)
        ax2.fill_between(x, ratio["ci_low"].to_numpy(float), ratio["ci_high"].to_numpy(float),
                         color="k", alpha=0.15)
        ax2.axhline(1, color="tab:gray", lw=0.8, ls="--")
        ax2.set_xscale("log")
    else:
        ax2.text(0.5, 0.5, "needs trained networks of both\nslow_manifold and fixed_points",
                 ha="center", va="center", transform=ax2.transAxes)
    ax2.set_xlabel("distraction noise σ")
    ax2.set_ylabel("failure ratio")
    ax2.set_title("slow_manifold / fixed_points (< 1: slow manifolds more robust)")
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "robustness.png"), dpi=100)
    plt.close(fig)
    data["robustness"] = curves
    data["robustness_ratio"] = ratio["value"].to_numpy(float) if len(ratio) else np.zeros(0)

    # forgetting: mean failure curve per label
    curves = _by_label(df, column, store._read("forgetting/fail_end"), counted)
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, y in curves.items():
        ax.plot(store.axes["d"], y, "o-", color=COLOURS[label], label=label, ms=3)
    ax.set_xlabel("extra delay d (τ)")
    ax.set_ylabel("failure fraction at trial end")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title(f"forgetting, mean per label among {among}", fontsize=10)
    if curves:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "forgetting.png"), dpi=100)
    plt.close(fig)
    data["forgetting"] = curves

    # the other claims: one panel each, a point and its interval per label
    panels = (("forgetting", "extra delay at first failure (τ, median)"),
              ("phasic_delay1", "phasic units, delay 1"), ("phasic_response", "phasic units, response"),
              ("efficiency", "stable fixed points per memory"))
    fig, axes = plt.subplots(1, len(panels), figsize=(14, 3.6))
    for ax, (claim, title) in zip(axes, panels):
        rows = _claim(claims, claim)
        rows = rows[rows["networks"] > 0]
        for i, (_, r) in enumerate(rows.iterrows()):
            value, lo, hi = (float(r[k]) for k in ("value", "ci_low", "ci_high"))
            if not np.isfinite(value):
                continue
            lo = value if not np.isfinite(lo) else lo
            hi = value if not np.isfinite(hi) else hi
            ax.errorbar([i], [value], yerr=[[value - lo], [hi - value]], fmt="o",
                        color=COLOURS.get(r["label"], "k"), capsize=3)
        ax.set_xticks(range(len(rows)))
        ax.set_xticklabels([f"{l}\nn={n}" for l, n in zip(rows["label"], rows["networks"])],
                           fontsize=7)
        ax.set_title(title, fontsize=9)
        data[f"claim_{claim}"] = dict(zip(rows["label"], rows["value"].to_numpy(float)))
    fig.suptitle(f"the study's claims per label among {among} (95% intervals over networks)", fontsize=10)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "claims.png"), dpi=100)
    plt.close(fig)

    # asymptotic speed: median over the 4 trial ends of each network, then mean per label
    with warnings.catch_warnings():  # rows without long runs are all-NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        speed = np.nanmedian(store._read("speed"), axis=2)  # (rows, speed_at)
    curves = _by_label(df, column, speed, counted)
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, y in curves.items():
        ax.plot(store.axes["speed_at"], y, "o-", color=COLOURS[label], label=label, ms=3)
    ax.set_yscale("log")
    ax.set_xlabel("time after trial end (trial lengths)")
    ax.set_ylabel("speed ‖−x + M tanh x‖ (1/τ)")
    ax.set_title(f"asymptotic speed, per label (variant {variant.upper()})")
    if curves:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "speed.png"), dpi=100)
    plt.close(fig)
    data["speed"] = curves

    # spectra: the leading eigenvalues of every stored point, by the network's dynamics label
    eig = store._read("fixed_points/eigenvalues")  # (rows, points, keep, 2)
    kinds = store._read("fixed_points/kind")
    fig, ax = plt.subplots(figsize=(6, 5))
    scattered = {}
    for label in COLOURS:
        rows = df.index[counted & (df["label_dynamics"] == label).to_numpy()]
        pts = [eig[r][kinds[r] >= 0].reshape(-1, 2) for r in rows]
        pts = np.concatenate(pts) if pts else np.zeros((0, 2))
        pts = pts[np.isfinite(pts).all(axis=1)]
        if len(pts):
            ax.scatter(pts[:, 0], pts[:, 1], s=6, color=COLOURS[label], label=label, alpha=0.6)
            scattered[label] = pts
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("Re λ (1/τ)")
    ax.set_ylabel("Im λ (1/τ)")
    ax.set_title(f"leading eigenvalues of J at the fixed points ({among})", fontsize=9)
    if scattered:
        ax.legend(fontsize=8, title="dynamics label")
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "spectra.png"), dpi=100)
    plt.close(fig)
    data["spectra"] = scattered
    return data


# ---- study 2 -------------------------------------------------------------------------------

TORUS_COLOURS = {"clifford": "tab:green", "standard_torus": "tab:blue", "other": "tab:gray"}
CLIFFORD_ANGLE, CLIFFORD_RATIO = 70.0, (2 / 3, 3 / 2)  # engine/dynamics/torus.h


def condition_by(df):
    """The grid columns a condition is made of: σ_rec × ordinal, and activation if it varies."""
    return ["sigma_rec", "ordinal"] + (["activation"] if df["activation"].nunique() > 1 else [])


def condition_name(by, key, short=False):
    parts = []
    for column, value in zip(by, key):
        if column == "sigma_rec":
            parts.append(f"σ_rec {value:g}")
        elif column == "ordinal":
            parts.append(f"ordinal {'on' if value else 'off'}")
        else:
            parts.append(str(value))
    return ("\n" if short else ", ").join(parts)


def condition_style(df, by, key):
    """Colour by σ_rec (viridis), solid/dashed for ordinal off/on, marker by activation."""
    sigmas = sorted(df["sigma_rec"].unique())
    k = dict(zip(by, key))
    colour = plt.cm.viridis(0.85 * sigmas.index(k["sigma_rec"]) / max(1, len(sigmas) - 1))
    return dict(color=colour, ls="--" if k["ordinal"] else "-",
                marker="s" if k.get("activation") == "retanh" else "o")


def _threshold_deg(store):
    try:
        import tomllib
        return float(tomllib.loads(store.spec).get("train", {}).get("threshold_deg", 5.0))
    except Exception:  # no spec, or a Python without tomllib: the engine's default
        return 5.0


def _networks(n):
    return f"{n} network" + ("" if n == 1 else "s")


def _nanmean(values):
    """Mean over networks (axis 0) of the finite values; NaN where none is (no warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(values, axis=0)


def _save(fig, out_dir, name):
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, name), dpi=100)
    plt.close(fig)


def _clifford_ratio_axis(ax, lo, hi):
    ax.set_xscale("log")
    ticks = {0.1: "1/10", 0.25: "1/4", 1 / 3: "1/3", 0.5: "1/2", 2 / 3: "2/3", 1: "1", 1.5: "3/2",
             2: "2", 3: "3", 4: "4", 10: "10"}
    ticks = {t: name for t, name in ticks.items() if lo <= t <= hi}
    ax.set_xticks(list(ticks), list(ticks.values()))
    ax.minorticks_off()
    ax.set_xlim(lo, hi)


def figures_orientations(store, out_dir, variant=None, all=False):  # neither applies here
    """Study 2's figures; returns the numbers behind each (tests/analysis/check_analysis.py)."""
    df = store.frame()
    os.makedirs(out_dir, exist_ok=True)
    data = {}
    ok = df[df["status"] == "ok"]
    measured = ok[ok["torus_label"].notna()]
    by = condition_by(df)
    conds = [(key, g[g["status"] == "ok"]) for key, g in wr.groups(df, by)]

    # torus: the two plane angles of each network against its radius ratio
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.fill_between(CLIFFORD_RATIO, CLIFFORD_ANGLE, 90, color="tab:green", alpha=0.12, lw=0,
                    label="Clifford region")
    torus = {}
    for label, colour in TORUS_COLOURS.items():
        g = measured[measured["torus_label"] == label]
        if not len(g):
            continue
        x, a1, a2 = (g[c].to_numpy(float) for c in ("torus_radius_ratio", "torus_angle1", "torus_angle2"))
        ax.vlines(x, a1, a2, color=colour, lw=0.8, alpha=0.6)
        ax.scatter(x, a1, s=28, color=colour, marker="o", label=f"{label} ({len(g)})")
        ax.scatter(x, a2, s=34, facecolor="none", edgecolor=colour, marker="^")
        torus[label] = {"ratio": x, "angle1": a1, "angle2": a2}
    ax.scatter([], [], s=28, color="k", marker="o", label="smaller angle")
    ax.scatter([], [], s=34, facecolor="none", edgecolor="k", marker="^", label="larger angle")
    ax.axhline(CLIFFORD_ANGLE, color="tab:green", lw=0.6, ls=":")
    ratios = measured["torus_radius_ratio"].to_numpy(float)
    ratios = ratios[np.isfinite(ratios) & (ratios > 0)]
    lo, hi = (min(0.5, ratios.min() / 1.1), max(2.0, ratios.max() * 1.1)) if len(ratios) else (0.5, 2.0)
    _clifford_ratio_axis(ax, lo, hi)
    ax.set_ylim(0, 90)
    ax.set_xlabel("radius ratio r(θ1) / r(θ2) of the delay-2 torus (log scale)")
    ax.set_ylabel("principal angle between θ1 and θ2 planes (°)")
    ax.set_title(f"delay-2 torus per network ({len(measured)} measured); "
                 "a Clifford label also needs additivity ≥ 0.95", fontsize=10)
    ax.legend(fontsize=8, loc="lower left", title="torus label (networks)", title_fontsize=8)
    _save(fig, out_dir, "torus.png")
    data["torus"] = torus

    # angles: histograms per condition, both angles in one panel, the ratio beside
    angle_bins = np.arange(0, 91, 5)
    ratio_bins = np.geomspace(lo, hi, 25)
    fig, axes = plt.subplots(len(conds), 2, figsize=(10, 1.1 + 1.7 * len(conds)), squeeze=False,
                             sharex="col")
    angles = {}
    for (key, g), (ax_a, ax_r) in zip(conds, axes):
        g = g[g["torus_label"].notna()]
        name = condition_name(by, key)
        values = {c: g[f"torus_{c}"].to_numpy(float) for c in ("angle1", "angle2")}
        values["ratio"] = g["torus_radius_ratio"].to_numpy(float)
        values = {c: v[np.isfinite(v)] for c, v in values.items()}
        angles[name] = values
        ax_a.axvspan(CLIFFORD_ANGLE, 90, color="tab:green", alpha=0.12, lw=0)
        ax_a.hist(values["angle1"], bins=angle_bins, color="tab:blue", alpha=0.6, label="smaller angle")
        ax_a.hist(values["angle2"], bins=angle_bins, color="tab:orange", alpha=0.6, label="larger angle")
        ax_a.set_ylabel(f"{name}\n({_networks(len(g))})", fontsize=8)
        ax_r.axvspan(*CLIFFORD_RATIO, color="tab:green", alpha=0.12, lw=0)
        ax_r.hist(values["ratio"], bins=ratio_bins, color="tab:purple", alpha=0.7)
        for ax in (ax_a, ax_r):
            ax.yaxis.get_major_locator().set_params(integer=True)
    axes[0, 0].set_title("principal angles between the θ1 and θ2 planes")
    axes[0, 1].set_title("radius ratio")
    axes[0, 0].legend(fontsize=8, loc="upper left")
    axes[-1, 0].set_xlabel("angle (°); shaded: ≥ 70°")
    axes[-1, 1].set_xlabel("r(θ1) / r(θ2) (log scale); shaded: [2/3, 3/2]")
    _clifford_ratio_axis(axes[-1, 1], lo, hi)
    axes[-1, 0].set_xlim(0, 90)
    fig.supylabel("networks per bin", fontsize=9)
    _save(fig, out_dir, "angles.png")
    data["angles"] = angles

    # repulsion: mean curve per |Δθ| bin, report 1 and report 2
    bins_deg = np.degrees(store.axes["repulsion_bins"])
    repulsion_all = np.degrees(store._read("behaviour/repulsion"))  # (rows, 2, bins)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    repulsion = {}
    for key, g in conds:
        rows = g.index[g["human"].notna()].to_numpy()
        if not len(rows):
            continue
        mean = _nanmean(repulsion_all[rows])
        name = condition_name(by, key)
        repulsion[name] = mean
        style = condition_style(df, by, key)
        for item, ax in enumerate(axes):
            ax.plot(bins_deg, mean[item], ms=4, label=f"{name} ({len(rows)})", **style)
    for item, ax in enumerate(axes):
        ax.axhline(0, color="k", lw=0.5)
        ax.set_xlabel("|Δθ| = |θ2 − θ1|, bin centre (°)")
        ax.set_title(f"report {item + 1}")
    axes[0].set_ylabel("repulsion: report error away from the other item (°)")
    axes[1].legend(fontsize=7, title="condition (networks)", title_fontsize=7)
    fig.suptitle("mean repulsion per |Δθ| bin (> 0: pushed away, < 0: attracted)", fontsize=10)
    _save(fig, out_dir, "repulsion.png")
    data["repulsion"] = {"x_deg": bins_deg, **repulsion}

    # learning curves: mean report error of the networks still training
    iteration = store.axes["iteration"]
    error_all = store._read("train/error_deg")  # (rows, curve), NaN after a network stopped
    fig, ax = plt.subplots(figsize=(7, 4.5))
    learning = {}
    for key, g in conds:
        rows = g.index.to_numpy()
        if not len(rows):
            continue
        mean = _nanmean(error_all[rows])
        name = condition_name(by, key)
        learning[name] = mean
        style = condition_style(df, by, key)
        style.pop("marker")
        ax.plot(iteration, mean, lw=1.4, label=f"{name} ({len(rows)})", **style)
    threshold = _threshold_deg(store)
    ax.axhline(threshold, color="k", lw=0.8, ls=":", label=f"threshold {threshold:g}°")
    ax.set_yscale("log")
    top = np.nanmax([np.nanmax(v) for v in learning.values()] + [threshold]) if learning else 90
    bottom = np.nanmin([np.nanmin(v) for v in learning.values()] + [threshold]) if learning else 1
    ax.set_yticks([t for t in (0.5, 1, 2, 5, 10, 20, 50, 90) if bottom / 1.5 <= t <= top * 1.5])
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("training iteration (batches)")
    ax.set_ylabel("mean report error of the batch (°)")
    ax.set_title("learning curves: mean over the networks still training", fontsize=10)
    ax.legend(fontsize=7, title="condition (networks)", title_fontsize=7)
    _save(fig, out_dir, "learning.png")
    data["learning"] = {"iteration": iteration, **learning}

    # conditions: Clifford-like and human-signature fractions with Wilson intervals
    table = wr.conditions(df, by)
    names = [condition_name(by, tuple(r[c] for c in by), short=True) for _, r in table.iterrows()]
    x = np.arange(len(table))
    fig, ax = plt.subplots(figsize=(max(7.5, 1.1 * len(table) + 3.5), 4.5))
    for offset, (kind, count, colour, label) in zip((-0.2, 0.2), (
            ("clifford", "geometry", "tab:green", "Clifford-like torus"),
            ("human", "behaviour", "tab:red", "human signature"))):
        frac = table[f"{kind}_fraction"].to_numpy(float)
        lo_ci = table[f"{kind}_ci_low"].to_numpy(float)
        hi_ci = table[f"{kind}_ci_high"].to_numpy(float)
        ax.bar(x + offset, np.nan_to_num(frac), width=0.38, color=colour, alpha=0.8, label=label)
        ax.errorbar(x + offset, frac, yerr=[frac - lo_ci, hi_ci - frac], fmt="o", ms=4, color=colour,
                    mec="k", ecolor="k", capsize=3, lw=1)
        for xi, k, n in zip(x + offset, table[kind], table[count]):
            ax.text(xi, 1.02, f"{k}/{n}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, names, fontsize=8)
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("fraction of measured networks")
    ax.set_title("per condition, with 95% Wilson intervals (k/n above)", fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    _save(fig, out_dir, "conditions.png")
    data["conditions"] = table
    return data


# Each study's figures: a function (store, out_dir, variant, all) that writes its PNGs into
# out_dir and returns the numbers behind them. A study without an entry has none yet (the
# report says so); giving one figures is a function, a line here and its lines in the
# docstring above (the report's captions).
STUDY_FIGURES = {wr.STUDY1: figures_seqmatch, wr.STUDY2: figures_orientations}


def main():
    parser = argparse.ArgumentParser(prog="python3 -m wmsweep.figures",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--out", required=True, help="folder for the PNG files")
    parser.add_argument("--variant", default="a", choices=["a", "b"], help="simulation label")
    parser.add_argument("--all", action="store_true",
                        help="count every ok network, not only those that learned the task")
    args = parser.parse_args()
    try:
        data = figures(args.store, args.out, args.variant, args.all)
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"wmsweep.figures: {args.store}: {e}")
    names = ("torus, angles, repulsion, learning and conditions" if "torus" in data
             else "prevalence, robustness, forgetting, claims, speed and spectra")
    print(f"wrote {names} PNGs into {args.out}")


if __name__ == "__main__":
    main()
