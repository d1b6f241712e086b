#!/usr/bin/python3
"""An independent replay of an adaptive sweep (docs/adaptive.md), from the store of the same
grid run whole, checked against the engine's adaptive store.

usage: adaptive_reference.py FULL.h5 ADAPTIVE.h5 [QUERY.csv]

FULL.h5 holds every grid point of the adaptive store's spec, run without [adaptive]. The
replay decides the rounds from FULL's outcomes with the documented rule (its own Wilson
intervals, cells and pool order from the store's grid columns), then checks that ADAPTIVE ran
exactly the chosen networks, each with FULL's bits (timings and session aside), and marked
every other seed skipped (status 4); QUERY.csv (`wmsweep query --adaptive --format csv`) must
give every cell's seeds, networks counted and half-width. Prints the networks spent, why it
stopped, and what a uniform grid needs for the same half-width in every cell.
Implements study 1's outcomes and the flip-flop's all_held (docs/adaptive.md's run)."""
import csv
import math
import sys
import tomllib

import h5py
import numpy as np

RUN_DEPENDENT = {"cost/seconds", "cost/peak_bytes", "cost/write_seconds", "cost/fixed_points", "session"}
Z = 1.959963984540054


def wilson_half(k, n):
    p, z2 = k / n, Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (min(1.0, centre + half) - max(0.0, centre - half)) / 2


def outcomes(f, quantity, spec):
    """Per row: a category, -1 (not counted), -2 (failed); from the store's own columns."""
    status = f["status"][()]
    if quantity == "all_held":  # the flip-flop: every one of the 2^bits memories held
        memories = 2 ** spec.get("task", {}).get("bits", 3)
        held = f["memory/held"][()]
        return [-2 if status[r] == 2 else int(held[r] == memories) for r in range(len(status))], 2
    labels = f.attrs["labels"]
    n = len((labels.decode() if isinstance(labels, bytes) else labels).split(","))
    trained = f["error/trained"][()]
    column = {"mechanism_a": "classify/a/label", "mechanism_a_all": "classify/a/label",
              "mechanism_b": "classify/b/label", "dynamics": "dynamics/label"}.get(quantity)
    out = []
    for r in range(len(status)):
        if status[r] == 2:
            out.append(-2)
        elif quantity == "trained":
            out.append(int(trained[r] == 1))
        else:
            label = int(f[column][r])
            counted = 0 <= label < n and (quantity == "mechanism_a_all" or trained[r] == 1)
            out.append(label if counted else -1)
    return out, n if quantity != "trained" else 2


def cells_of(f, grid):
    """Cells (every grid axis but seed) in grid order, each its jobs in pool (seed) order."""
    jobs = f["job"][()]
    keys = [tuple(f[a][r] for a in grid if a != "seed") for r in range(len(jobs))]
    cells = {}
    for r in np.argsort(jobs, kind="stable"):
        cells.setdefault(keys[r], []).append(int(r))
    return list(cells.items())  # insertion order: the order of each cell's first job


def replay(outcome, ncat, cells, s):
    pool = len(cells[0][1])
    state = [{"chosen": 0, "run": 0, "count": [0] * ncat, "hw": math.inf, "met": False} for _ in cells]
    give = [min(s["initial"], pool)] * len(cells)
    chosen, rounds = [], 0
    while True:
        rounds += 1
        for c, (key, rows) in enumerate(cells):
            for k in range(state[c]["chosen"], state[c]["chosen"] + give[c]):
                chosen.append(rows[k])
                o = outcome[rows[k]]
                state[c]["run"] += 1
                if o >= 0:
                    state[c]["count"][o] += 1
            state[c]["chosen"] += give[c]
            n = sum(state[c]["count"])
            state[c]["hw"] = max(wilson_half(k, n) for k in state[c]["count"]) if n else math.inf
            state[c]["met"] = state[c]["hw"] <= s["half_width"]
        open_ = [c for c in range(len(cells)) if not state[c]["met"] and state[c]["chosen"] < pool]
        left = s["budget"] - len(chosen)
        if not open_ or left <= 0:
            unmet = sum(not x["met"] for x in state)
            why = "target" if unmet == 0 else ("pool" if not open_ else "budget")
            return chosen, state, rounds, why
        room = sum(pool - state[c]["chosen"] for c in open_)
        give = [0] * len(cells)
        for _ in range(min(s["batch"], room, left)):
            best, best_key = None, -1.0
            for c in open_:
                if state[c]["chosen"] + give[c] >= pool:
                    continue
                n = max(state[c]["run"], 1)
                width = state[c]["hw"] if sum(state[c]["count"]) else 1.0
                key = width * math.sqrt(n / (n + give[c]))
                if key > best_key:
                    best, best_key = c, key
            give[best] += 1


def uniform_need(outcome, ncat, cells, target):
    """The fewest seeds per cell (the first k of the pool) that meet the target in every cell."""
    pool = len(cells[0][1])
    for k in range(1, pool + 1):
        ok = True
        for _, rows in cells:
            count = [0] * ncat
            for r in rows[:k]:
                if outcome[r] >= 0:
                    count[outcome[r]] += 1
            n = sum(count)
            ok &= n > 0 and max(wilson_half(x, n) for x in count) <= target
        if ok:
            return k
    return None


def main(full_path, adaptive_path, query_csv=None):
    with h5py.File(adaptive_path, "r") as a:
        spec = tomllib.loads(a["spec"][()].decode())
    s = {"initial": 4, "batch": 16, "half_width": 0.1, **spec["adaptive"]}
    grid = list(spec["grid"])
    failed = []
    with h5py.File(full_path, "r") as f, h5py.File(adaptive_path, "r") as a:
        s.setdefault("budget", len(f["job"]))
        outcome, ncat = outcomes(f, s["quantity"], spec)
        cells = cells_of(f, grid)
        chosen, state, rounds, why = replay(outcome, ncat, cells, s)
        status = a["status"][()]
        ran = sorted(int(r) for r in np.flatnonzero(np.isin(status, (1, 2))))
        if ran != sorted(chosen):
            failed.append(f"the engine ran jobs {ran}, the replay chose {sorted(chosen)}")
        others = set(range(len(status))) - set(chosen)
        if any(status[r] != 4 for r in others):
            failed.append(f"not every unchosen seed is marked skipped: {[int(status[r]) for r in sorted(others)]}")
        names = []
        f.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
        for n in names:
            if n in RUN_DEPENDENT or n == "spec" or n.startswith("axes/"):
                continue
            for r in chosen:
                if f[n][r:r + 1].tobytes() != a[n][r:r + 1].tobytes():
                    failed.append(f"job {r}: {n} differs from the run of the whole grid")
                    break
    if query_csv:
        rows = list(csv.DictReader(open(query_csv)))
        if len(rows) != len(cells):
            failed.append(f"query --adaptive lists {len(rows)} cells, the grid has {len(cells)}")
        for row, x in zip(rows, state):
            got = (int(row["seeds"]), int(row["counted"]), row["half_width"], row["met"])
            hw = f"{x['hw']:.3f}" if math.isfinite(x["hw"]) else ""
            want = (x["run"], sum(x["count"]), hw, "yes" if x["met"] else "no")
            if got != want:
                failed.append(f"query --adaptive cell {row}: want seeds, counted, half_width, met = {want}")
    if failed:
        sys.exit("\n".join(failed))
    k = uniform_need(outcome, ncat, cells, s["half_width"])
    uniform = f"{k} seeds per cell, {k * len(cells)} networks" if k else "more seeds than the pool holds"
    print(f"adaptive: {len(chosen)} networks in {rounds} rounds, stopped by {why}; widest half-width "
          f"{max(x['hw'] for x in state):.3f}; a uniform grid meeting ±{s['half_width']} in every "
          f"cell needs {uniform}")


if __name__ == "__main__":
    main(*sys.argv[1:])
