#!/usr/bin/python3
"""Row-level checks of wmsweep stores with h5py, independent of the engine's own reader.

  compare_stores.py same A.h5 B.h5      every result column of A and B holds the same bits,
                                        row by row (timings, peak memory and session excepted)
  compare_stores.py one STORE DIR       every ok row equals DIR/job<K>.h5 written by `wmsweep one`
  compare_stores.py complete STORE      every row committed exactly once: status ok or failed
  compare_stores.py shards REF S1 S2 …  the shards hold each job of REF exactly once, the same bits
"""
import sys

import h5py
import numpy as np

# Columns that legitimately differ between two runs of the same spec.
RUN_DEPENDENT = {"cost/seconds", "cost/peak_bytes", "cost/write_seconds", "cost/fixed_points",
                 "session"}


def text(attr):
    return attr.decode() if isinstance(attr, bytes) else str(attr)


def columns(f):
    names = []
    f.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
    return sorted(names)


def by_job(f):
    """Row index of each job: shards and ranks may order rows differently."""
    return {int(j): i for i, j in enumerate(f["job"][()])}


def same(path_a, path_b):
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        if sorted(by_job(a)) != sorted(by_job(b)):
            sys.exit(f"different jobs: {sorted(by_job(a))} vs {sorted(by_job(b))}")
        compare(a, b, sorted(by_job(a)))
        print(f"same: {len(by_job(a))} rows, {len(columns(a)) - len(RUN_DEPENDENT)} columns bit-identical")


def shards(ref_path, *shard_paths):
    """The shards together hold every job of the reference store exactly once, with its bits."""
    seen = {}
    with h5py.File(ref_path, "r") as ref:
        for path in shard_paths:
            with h5py.File(path, "r") as shard:
                for job in by_job(shard):
                    if job in seen:
                        sys.exit(f"job {job} is in {seen[job]} and {path}")
                    seen[job] = path
                compare(ref, shard, sorted(by_job(shard)))
        missing = sorted(set(by_job(ref)) - set(seen))
        if missing:
            sys.exit(f"no shard holds jobs {missing}")
    print(f"shards: {len(seen)} jobs, each in exactly one of {len(shard_paths)} shards")


def compare(a, b, jobs):
    """Every result column of stores a and b holds the same bits for these jobs."""
    if columns(a) != columns(b):
        sys.exit(f"different columns: {set(columns(a)) ^ set(columns(b))}")
    for key in ("schema", "grid_size"):
        if a.attrs[key] != b.attrs[key]:
            sys.exit(f"root attribute {key} differs")
    if a["spec"][()] != b["spec"][()]:
        sys.exit("the stored spec differs")
    rows_a, rows_b = by_job(a), by_job(b)
    order_a, order_b = [rows_a[j] for j in jobs], [rows_b[j] for j in jobs]
    for name in columns(a):
        if name in RUN_DEPENDENT:
            continue
        if name.startswith("axes/") or name == "spec":  # one per store, not per row
            if a[name][()].tobytes() != b[name][()].tobytes():
                sys.exit(f"{name} differs")
            continue
        da, db = a[name][()][order_a], b[name][()][order_b]
        if da.dtype != db.dtype or da.tobytes() != db.tobytes():
            bad = [j for j, x, y in zip(jobs, da, db) if x.tobytes() != y.tobytes()]
            sys.exit(f"{name} differs in jobs {bad}")


def same_bits(name, x, y):
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.tobytes() != y.tobytes():
        sys.exit(f"{name}: store {x.ravel()[:6]} vs one {y.ravel()[:6]}")


def matches_one(store_path, one_dir):
    checked = 0
    with h5py.File(store_path, "r") as s:
        labels = text(s.attrs["labels"]).split(",")
        axes = {"thresholds": "error/thresholds", "sigma": "robustness/sigma",
                "d": "forgetting/d", "speed_at": "speed/trials"}
        status = s["status"][()]
        for row, job in enumerate(s["job"][()]):
            if status[row] != 1:
                continue
            with h5py.File(f"{one_dir}/job{int(job)}.h5", "r") as o:
                n = int(o.attrs["n"])
                for key in ("seed", "n", "pg", "in", "g", "fb"):
                    same_bits(key, s[key][row], o.attrs[key])
                res = o["results"]
                for axis, name in axes.items():
                    same_bits(f"axes/{axis}", s[f"axes/{axis}"][()], res[name][()])
                for name in ("error/rate", "error/rmse", "error/study_rate", "error/study_rmse",
                             "phasic", "phasic_runs", "robustness/fail_end",
                             "robustness/fail_settle", "forgetting/fail_end",
                             "forgetting/fail_settle"):
                    same_bits(name, s[name][row], res[name][()])
                same_bits("error/trained", s["error/trained"][row], res["error"].attrs["trained"])
                same_bits("probes_skipped", s["probes_skipped"][row], res["error"].attrs["probes_skipped"])
                same_bits("speed", s["speed"][row], res["speed/norm"][()])
                same_bits("end_states", s["end_states"][row][:n], res["end_states"][()])
                same_bits("trained/w_o", s["trained/w_o"][row][:n], o["trained/w_o"][()])
                same_bits("trained/w_d", s["trained/w_d"][row][:n], o["trained/w_d"][()])
                same_bits("trained/x", s["trained/x"][row][:n], o["trained/x"][()])
                for v in ("a", "b"):
                    g = res[f"classify/{v}"]
                    k = g["mean"].shape[0]
                    for m in ("mean", "var", "last"):
                        same_bits(f"classify/{v}/{m}", s[f"classify/{v}/{m}"][row][:k], g[m][()])
                    same_bits(f"classify/{v}/distinct", s[f"classify/{v}/distinct"][row], g.attrs["distinct"])
                    name = labels[int(s[f"classify/{v}/label"][row])]
                    if name != text(g.attrs["label"]):
                        sys.exit(f"job {job} label {v}: store {name} vs one {text(g.attrs['label'])}")
                fp = res["fixed_points"]
                count, keep = fp["q"].shape[0], int(s.attrs["eigenvalues_kept"])
                kept = min(count, int(s.attrs["points_max"]))
                same_bits("fixed_points/count", s["fixed_points/count"][row], count)
                for name in ("kind", "q", "unstable", "slow", "hits"):
                    same_bits(f"fixed_points/{name}", s[f"fixed_points/{name}"][row][:kept], fp[name][:kept])
                same_bits("fixed_points/eigenvalues", s["fixed_points/eigenvalues"][row][:kept].reshape(kept, 2 * keep),
                          fp["eigenvalues"][:kept])
                same_bits("fixed_points/x", s["fixed_points/x"][row][:n, :kept], fp["x"][:, :kept])
                same_bits("fixed_points/start_point", s["fixed_points/start_point"][row], fp["start_point"][()])
                same_bits("fixed_points/scale", s["fixed_points/scale"][row], fp.attrs["scale"])
                for name in ("point", "kind", "distance", "slow_fraction", "focus"):
                    same_bits(f"memory/{name}", s[f"memory/{name}"][row], res[f"memory/{name}"][()])
                name = labels[int(s["dynamics/label"][row])]
                if name != text(res["memory"].attrs["label"]):
                    sys.exit(f"job {job} dynamics label: store {name} vs one {text(res['memory'].attrs['label'])}")
                checked += 1
    print(f"one: {checked} rows equal to `wmsweep one`")


def complete(path):
    with h5py.File(path, "r") as f:
        status = f["status"][()]
        jobs = f["job"][()]
    if len(set(jobs.tolist())) != len(jobs):
        sys.exit("a job appears in two rows")
    pending = [int(j) for j, s in zip(jobs, status) if s not in (1, 2)]
    if pending:
        sys.exit(f"jobs not committed: {pending}")
    print(f"complete: {len(jobs)} rows, {int((status == 1).sum())} ok, {int((status == 2).sum())} failed")


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"same": same, "one": matches_one, "complete": complete, "shards": shards}[mode](*args)
