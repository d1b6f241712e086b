"""The census tables of docs/science.md, as Markdown, from a study-1 store:

    python3 -m wmsweep.census_tables STORE [--variant a|b]

1. per (g, fb): how many networks learned the task (test.trained_*), with the median rmse of
   each network's 160 test runs beside it (so a failure to learn shows how far off it was);
2. per (g, fb): the label of every network that learned (variant A / B / dynamics);
3. the label mix among trained networks, with 95% Wilson intervals, for each label source;
4. the fixed-point (dynamics) label against the simulation label, among trained networks.

Every number is the one `wmsweep query` prints (the module's prevalence() is tested equal to
it); the robustness and other claims come from `wmsweep query --claims`.
"""
import argparse

import h5py
import numpy as np

from . import results as wr

SHORT = {"fixed_points": "FP", "slow_manifold": "SM", "limit_cycle": "LC", "far": "far",
         "mixed": "mix", None: "·"}


def matrix(title, gs, fbs, cell):
    out = [f"**{title}** (rows g, columns fb)", "",
           "| g \\ fb | " + " | ".join(f"{fb:g}" for fb in fbs) + " |",
           "|---|" + "---|" * len(fbs)]
    for g in gs:
        out.append(f"| {g:g} | " + " | ".join(cell(g, fb) for fb in fbs) + " |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(prog="python3 -m wmsweep.census_tables",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("store")
    args = ap.parse_args()
    store = wr.Store(args.store)
    df = store.frame()
    with h5py.File(args.store, "r") as f:
        median_rmse = np.median(f["error/rmse"][()], axis=1)
    df["median_rmse"] = median_rmse
    gs, fbs = sorted(df["g"].unique()), sorted(df["fb"].unique())
    ok = df["status"] == "ok"
    print(f"{args.store}: {len(df)} networks, {int(ok.sum())} ok, "
          f"{int(wr.learned(df).sum())} learned the task\n")

    def at(g, fb):
        return df[(df["g"] == g) & (df["fb"] == fb) & ok]

    def trained_cell(g, fb):
        rows = at(g, fb)
        if rows.empty:
            return "–"
        marks = ["**✓**" if t else "✗" for t in rows["trained"].fillna(False)]
        return " ".join(f"{m} {r:.3f}" for m, r in zip(marks, rows["median_rmse"]))
    print(matrix("learned the task (✓) or not (✗), with each network's median test rmse", gs, fbs,
                 trained_cell))

    def label_cell(g, fb):
        rows = at(g, fb)
        rows = rows[rows["trained"].fillna(False).astype(bool)]
        if rows.empty:
            return ""
        return " ".join(f"{SHORT[a]}/{SHORT[b]}/{SHORT[d]}"
                        for a, b, d in zip(rows["label_a"], rows["label_b"], rows["label_dynamics"]))
    print(matrix("labels of the trained networks, A / B / dynamics "
                 "(FP fixed_points, SM slow_manifold, LC limit_cycle, mix mixed)", gs, fbs, label_cell))

    print("**label mix among trained networks** (95% Wilson intervals)\n")
    print("| label | variant A | variant B | dynamics |")
    print("|---|---|---|---|")
    tables = {v: wr.prevalence(df, [], v) for v in ("a", "b", "dynamics")}
    for label in wr.LABELS + ("untrained",):
        cells = []
        for v in ("a", "b", "dynamics"):
            row = tables[v][tables[v]["label"] == label].iloc[0]
            if row["labelled"] == 0:
                cells.append("–")
            else:
                cells.append(f"{row['count']}/{row['labelled']} ({row['fraction']:.2f}, "
                             f"[{row['ci_low']:.2f}, {row['ci_high']:.2f}])")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()

    trained = df[wr.learned(df)]
    print("**dynamics label against simulation label A, trained networks** (rows: A)\n")
    present = [l for l in wr.LABELS if (trained["label_a"] == l).any() or (trained["label_dynamics"] == l).any()]
    print("| A \\ dynamics | " + " | ".join(present) + " |")
    print("|---|" + "---|" * len(present))
    for a in present:
        print(f"| {a} | " + " | ".join(str(int(((trained["label_a"] == a) & (trained["label_dynamics"] == d)).sum()))
                                      for d in present) + " |")
    agree = int((trained["label_a"] == trained["label_dynamics"]).sum())
    print(f"\nagree: {agree} of {len(trained)}")


if __name__ == "__main__":
    main()
