#!/usr/bin/python3
"""Independent numpy reference for wmsweep's study-1 training ("modified FORCE").

Usage:  /usr/bin/python3 force_reference.py NET.h5

NET.h5 must come from `wmsweep one SPEC --job J --out NET.h5 --save-inputs`.
The script re-trains the network from the saved initial weights and the saved
training inputs, following the written description of the method (not the C++
code), and compares the result with the engine's /trained/w_o and /trained/w_d.

Exit status: 0 if the max relative difference of both readouts is < 1e-9,
1 otherwise (or on any sanity failure).

Model (per global Euler step s = trial*T + j, trials concatenated, no reset):
    x  <- x + (dt/tau) * (-x + g*J r + w_f z + w_fd zd + w_i u_s)
    r   = tanh(x);  z = w_o . r;  zd = w_d^T r
    if s > 0 and s % update_every == 0:
        memory target defined at j (delay1 -> mean of d1, delay2 -> mean of d2):
            RLS on w_d with e = zd - zd_target, matrix P_d
        j in the response period:
            RLS on w_o with e = z - encoding[d1 + d2], matrix P_o
    RLS: v = P r; c = 1 + r.v; k = v/c; P -= outer(k, v); w -= outer(k, e)
Both updates use the z, zd computed right after the move (never recomputed).
"""
import sys
import tomllib

import h5py
import numpy as np

TOLERANCE = 1e-9

TASK_DEFAULTS = {
    "dt": 0.1,
    "tau": 1.0,
    "stim1": 10.0,
    "delay1": 5.0,
    "stim2": 10.0,
    "delay2": 5.0,
    "response": 5.0,
    "class0_mean": [-1.0, 0.5],
    "class1_mean": [1.0, -0.5],
    "encoding": [1.0, 0.5, 1.5],
}
TRAIN_DEFAULTS = {"method": "modified_force", "alpha": 1.0, "update_every": 2}


def text(attr):
    return attr.decode() if isinstance(attr, bytes) else str(attr)


def period_bounds(task):
    """Step index ranges [start, end) of each period inside one trial."""
    bounds, start = {}, 0
    for name in ("stim1", "delay1", "stim2", "delay2", "response"):
        steps = int(round(task[name] / task["dt"]))
        bounds[name] = (start, start + steps)
        start += steps
    return bounds, start  # start == T, steps per trial


def rls(P, w, r, e):
    """One recursive-least-squares step; updates P and w in place."""
    v = P @ r
    c = 1.0 + r @ v
    k = v / c
    P -= np.outer(k, v)
    if w.ndim == 1:
        w -= k * e
    else:
        w -= np.outer(k, e)


def train(spec, init, types, u):
    net, task, tr = spec["network"], spec["task"], spec["train"]
    if tr["method"] != "modified_force":
        raise SystemExit(f"reference only implements method = modified_force, got {tr['method']!r}")

    g = float(net["g"])
    J, w_f, w_fd, w_i, x0 = (init[k] for k in ("J", "w_f", "w_fd", "w_i", "x0"))
    n = J.shape[0]
    dt_tau = task["dt"] / task["tau"]
    means = np.array([task["class0_mean"], task["class1_mean"]], dtype=float)  # [class, latent]
    encoding = np.asarray(task["encoding"], dtype=float)
    every = int(tr["update_every"])

    bounds, T = period_bounds(task)
    assert u.shape == (len(types) * T, 2), (u.shape, len(types), T)

    x = x0.copy()
    r = np.tanh(x)
    w_o = np.zeros(n)
    w_d = np.zeros((n, 2))
    z, zd = 0.0, np.zeros(2)
    P_o = np.eye(n) / tr["alpha"]
    P_d = np.eye(n) / tr["alpha"]
    n_updates = {"w_o": 0, "w_d": 0}

    def inside(j, name):
        lo, hi = bounds[name]
        return lo <= j < hi

    for trial, typ in enumerate(types):
        d1, d2 = divmod(int(typ), 2)
        for j in range(T):
            s = trial * T + j
            # (1) move with the current r, z, zd
            x = x + dt_tau * (-x + g * (J @ r) + w_f * z + w_fd @ zd + w_i @ u[s])
            # (2) new rates and outputs
            r = np.tanh(x)
            z = w_o @ r
            zd = w_d.T @ r
            # (3) learning, using z, zd from (2)
            if s > 0 and s % every == 0:
                if inside(j, "delay1"):
                    rls(P_d, w_d, r, zd - means[d1])
                    n_updates["w_d"] += 1
                elif inside(j, "delay2"):
                    rls(P_d, w_d, r, zd - means[d2])
                    n_updates["w_d"] += 1
                if inside(j, "response"):
                    rls(P_o, w_o, r, z - encoding[d1 + d2])
                    n_updates["w_o"] += 1
    return w_o, w_d, n_updates


def rel_diff(ours, engine):
    scale = np.max(np.abs(engine))
    return np.max(np.abs(ours - engine)) / scale


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with h5py.File(argv[1], "r") as f:
        spec = tomllib.loads(text(f["spec"][()] if "spec" in f else f.attrs["spec"]))
        for section in ("network", "task", "train"):
            spec.setdefault(section, {})
        spec["task"] = {**TASK_DEFAULTS, **spec["task"]}
        spec["train"] = {**TRAIN_DEFAULTS, **spec["train"]}
        init = {k: f["init"][k][()] for k in ("J", "w_f", "w_fd", "w_i", "x0")}
        types = f["train/types"][()]
        u = f["train/u"][()]
        w_o_engine = f["trained/w_o"][()]
        w_d_engine = f["trained/w_d"][()]
        # sanity: the file agrees with its own spec
        g_file = float(f.attrs["g"])
        assert float(f["init/J"].attrs["g"]) == g_file, "init/J@g differs from root g"
        assert float(spec["network"].get("g", g_file)) == g_file, "spec g differs from root g"
        assert int(f.attrs["n"]) == init["J"].shape[0], "root n differs from J's size"
        spec["network"]["g"] = g_file
        n_train = spec["train"].get("n_train")
        if n_train is not None:
            assert len(types) == n_train, f"{len(types)} training trials, spec says {n_train}"
        assert set(np.unique(types)) <= {0, 1, 2, 3}, f"bad trial types {np.unique(types)}"

    ok = True
    for name, w in (("w_o", w_o_engine), ("w_d", w_d_engine)):
        if not np.all(np.isfinite(w)) or np.max(np.abs(w)) == 0.0:
            print(f"FAIL engine {name} is all zero or not finite: training did not happen")
            ok = False

    w_o, w_d, n_updates = train(spec, init, types, u)
    if n_updates["w_o"] == 0 or n_updates["w_d"] == 0:
        print(f"FAIL reference made no updates: {n_updates}")
        ok = False
    if not ok:
        return 1

    d_o = rel_diff(w_o, w_o_engine)
    d_d = rel_diff(w_d, w_d_engine)
    print(f"n={init['J'].shape[0]} g={spec['network']['g']} n_train={len(types)} "
          f"types={types.tolist()} updates={n_updates}")
    print(f"max rel diff w_o: {d_o:.3e}  (|w_o|inf = {np.max(np.abs(w_o_engine)):.4g})")
    print(f"max rel diff w_d: {d_d:.3e}  (|w_d|inf = {np.max(np.abs(w_d_engine)):.4g})")
    if d_o < TOLERANCE and d_d < TOLERANCE:
        print(f"PASS (tolerance {TOLERANCE:g})")
        return 0
    print(f"FAIL (tolerance {TOLERANCE:g})")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
