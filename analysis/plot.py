#!/usr/bin/python3
"""Figures of a wmsweep store, as PNG files:

    python3 analysis/plot.py STORE --out DIR [--variant a|b]

prevalence.png   label fractions per (pg, g, fb) combination: simulation labels and dynamics
robustness.png   failure fraction against distraction noise σ, mean per label
forgetting.png   failure fraction against the extra delay d, mean per label
speed.png        asymptotic speed ‖F(x)‖ after the trial end, median per label
spectra.png      leading eigenvalues of every stored fixed point, by the network's dynamics label

`figures()` returns the numbers behind every figure, so they can be checked (tests/analysis).
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wmsweep_results as wr  # noqa: E402

COLOURS = {"fixed_points": "tab:blue", "slow_manifold": "tab:green", "limit_cycle": "tab:red",
           "far": "tab:purple", "mixed": "tab:gray"}


def _by_label(df, column, values):
    """{label: mean over its ok networks of values[row]} for every label present."""
    out = {}
    for label in COLOURS:
        rows = df.index[(df["status"] == "ok") & (df[column] == label)]
        if len(rows):
            out[label] = np.nanmean(values[rows], axis=0)
    return out


def figures(path, out_dir, variant="a"):
    store = wr.Store(path)
    df = store.frame()
    column = {"a": "label_a", "b": "label_b"}[variant]
    os.makedirs(out_dir, exist_ok=True)
    data = {}

    # prevalence: stacked fractions per combination, simulation labels beside dynamics labels
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    for ax, v, title in ((axes[0], variant, f"simulation label (variant {variant.upper()})"),
                         (axes[1], "dynamics", "dynamics label (fixed points)")):
        table = wr.prevalence(df, ["pg", "g", "fb"], v)
        combos = table[["pg", "g", "fb"]].drop_duplicates().values.tolist()
        names = [f"pg {pg:g}\ng {g:g}\nfb {fb:g}" for pg, g, fb in combos]
        bottom = np.zeros(len(combos))
        fractions = {}
        for label in COLOURS:
            f = table[table["label"] == label]["fraction"].fillna(0).to_numpy()
            fractions[label] = f
            ax.bar(names, f, bottom=bottom, color=COLOURS[label], label=label)
            bottom += f
        ax.set_title(title)
        ax.set_ylabel("fraction of trained networks")
        ax.set_ylim(0, 1)
        data[f"prevalence_{v}"] = fractions
    axes[1].legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "prevalence.png"), dpi=100)
    plt.close(fig)

    # robustness and forgetting: mean failure curve per label
    for name, axis, xlabel, log in (("robustness", "sigma", "distraction noise σ", True),
                                    ("forgetting", "d", "extra delay d (τ)", False)):
        curves = _by_label(df, column, store._read(f"{name}/fail_end"))
        fig, ax = plt.subplots(figsize=(6, 4))
        for label, y in curves.items():
            ax.plot(store.axes[axis], y, "o-", color=COLOURS[label], label=label, ms=3)
        if log:
            ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("failure fraction at trial end")
        ax.set_ylim(-0.02, 1.02)
        ax.set_title(f"{name}, mean per label (variant {variant.upper()})")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(out_dir, f"{name}.png"), dpi=100)
        plt.close(fig)
        data[name] = curves

    # asymptotic speed: median over the 4 trial ends of each network, then mean per label
    speed = np.nanmedian(store._read("speed"), axis=2)  # (rows, speed_at)
    curves = _by_label(df, column, speed)
    fig, ax = plt.subplots(figsize=(6, 4))
    for label, y in curves.items():
        ax.plot(store.axes["speed_at"], y, "o-", color=COLOURS[label], label=label, ms=3)
    ax.set_yscale("log")
    ax.set_xlabel("time after trial end (trial lengths)")
    ax.set_ylabel("speed ‖−x + M tanh x‖ (1/τ)")
    ax.set_title(f"asymptotic speed, per label (variant {variant.upper()})")
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
        rows = df.index[(df["status"] == "ok") & (df["label_dynamics"] == label)]
        pts = [eig[r][kinds[r] >= 0].reshape(-1, 2) for r in rows]
        pts = np.concatenate(pts) if pts else np.zeros((0, 2))
        pts = pts[np.isfinite(pts).all(axis=1)]
        if len(pts):
            ax.scatter(pts[:, 0], pts[:, 1], s=6, color=COLOURS[label], label=label, alpha=0.6)
            scattered[label] = pts
    ax.axvline(0, color="k", lw=0.5)
    ax.set_xlabel("Re λ (1/τ)")
    ax.set_ylabel("Im λ (1/τ)")
    ax.set_title("leading eigenvalues of J at the fixed points")
    ax.legend(fontsize=8, title="dynamics label")
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "spectra.png"), dpi=100)
    plt.close(fig)
    data["spectra"] = scattered
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--out", required=True, help="folder for the PNG files")
    parser.add_argument("--variant", default="a", choices=["a", "b"], help="simulation label")
    args = parser.parse_args()
    try:
        figures(args.store, args.out, args.variant)
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"plot.py: {args.store}: {e}")
    print(f"wrote prevalence, robustness, forgetting, speed and spectra PNGs into {args.out}")


if __name__ == "__main__":
    main()
