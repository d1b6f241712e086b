"""Study 2: does a network without (many) fixed points at the delay input truly have none near
its memories, or do the finder's starts miss them?

For every ok tanh network of a study-2 store, this runs the stored trained network forward in
numpy (float64, noise-free, the θ1 × θ2 grid of the spec) and measures the speed of the
delay-2 dynamics, F(x) = −x + W_rec·tanh(x) + b in units of 1/τ (the input off, as the finder
sees it), at every state of every grid trial during delay 2. It prints, per network: the points
the engine found (zeros and slow points), the slowest state met on any delay trajectory
(min rms F / s, with s the finder's state scale), the median speed at the end of delay 2, and
how far (in τ) the states drift during delay 2, against the finder's slow-point bound.

    python3 -m wmsweep.delay_speed orientations.h5 [--csv out.csv] [--search K]

--search K: for networks where the engine found at most K points, an independent search in
numpy from every delay-2 end state of the grid (G² starts, no noise; the engine used
`fixed_points.samples` of them plus noise): Levenberg–Marquardt on q = ½‖F‖² for up to 500
iterations, zeros at rms F ≤ 1e-8·s, merged within 1e-3·s. It prints how many distinct zeros
it finds, how many starts reach one, and the nearest zero's distance to the delay-2 ends.

A network whose delay states all move faster than a slow point may (rms F > slow_speed · s)
holds its memories in motion: no fixed point lies on its trajectories, whatever the starts.
"""
import argparse
import csv
import sys
import tomllib

import h5py
import numpy as np

from . import results as wr


def trial_layout(spec):
    task, net, an = spec.get("task", {}), spec.get("network", {}), spec.get("analysis", {})
    dt = task.get("dt", 10.0)
    steps = lambda key, default: int(task.get(key, default) / dt + 0.5)
    s1 = steps("fixation", 200)
    e1 = s1 + steps("stim1", 500)
    s2 = e1 + steps("delay1", 1000)
    e2 = s2 + steps("stim2", 500)
    go = e2 + steps("delay2", 1000)
    return dict(s1=s1, e1=e1, s2=s2, e2=e2, go=go, tuned=task.get("tuned", 32),
                kappa=task.get("kappa", 2.0), alpha=dt / net.get("tau", 100.0),
                delay2_tau=task.get("delay2", 1000) / net.get("tau", 100.0), G=an.get("grid", 24))


def delay_speeds(f, row, lay):
    """rms F per grid trial at every step of delay 2: (steps, trials), and the states' drift."""
    n, G, tuned = int(f["n"][row]), lay["G"], lay["tuned"]
    W = f["trained/w_rec"][row][:n, :n].T
    W_in = f["trained/w_in"][row][:, :n].T
    b, x0 = f["trained/b"][row][:n], f["trained/x0"][row][:n]
    th1 = np.tile(np.arange(G) * np.pi / G, G)
    th2 = np.repeat(np.arange(G) * np.pi / G, G)
    prefs = 2 * np.pi * np.arange(tuned) / tuned
    pop = lambda th: np.exp(lay["kappa"] * (np.cos(2 * th[None, :] - prefs[:, None]) - 1))
    x = np.repeat(x0[:, None], G * G, axis=1)
    speeds, start = [], None
    for t in range(lay["go"]):
        if t == lay["e2"]:
            start = x.copy()
        if t >= lay["e2"]:  # the state entering a delay-2 step, input off
            F = -x + W @ np.tanh(x) + b[:, None]
            speeds.append(np.sqrt(np.mean(F ** 2, axis=0)))
        u = np.zeros((tuned + 1, G * G))
        if lay["s1"] <= t < lay["e1"]:
            u[:tuned] = pop(th1)
        elif lay["s2"] <= t < lay["e2"]:
            u[:tuned] = pop(th2)
        x = (1 - lay["alpha"]) * x + lay["alpha"] * (W @ np.tanh(x) + W_in @ u + b[:, None])
    drift = np.sqrt(np.mean((x - start) ** 2, axis=0))  # rms change of x over delay 2
    return np.array(speeds), drift, x


def search_zeros(f, row, ends, scale, iterations=500):
    """Levenberg–Marquardt on q = ½‖F‖² from each column of ends (n, S), all starts at once.
    Returns the distinct zeros (n, Z), the number of starts that reached one, the smallest
    rms F / s any start ended at, and the median iterations a start took to reach a zero."""
    n = int(f["n"][row])
    W = f["trained/w_rec"][row][:n, :n].T
    b = f["trained/b"][row][:n]
    x = ends.T.copy()                                    # (S, n)
    F = lambda x: -x + np.tanh(x) @ W.T + b               # (S, n)
    Fx = F(x)
    q = 0.5 * np.sum(Fx ** 2, axis=1)
    mu = np.full(len(x), 1e-3)
    eye = np.eye(n)
    active = np.ones(len(x), bool)
    took = np.full(len(x), iterations)
    for it in range(iterations):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        d = 1 - np.tanh(x[idx]) ** 2                      # (A, n)
        J = -eye[None] + W[None] * d[:, None, :]          # J = −I + W·diag(d)
        JT = np.transpose(J, (0, 2, 1))
        A = JT @ J + mu[idx, None, None] * eye[None]
        g = np.einsum("aij,aj->ai", JT, Fx[idx])
        step = -np.linalg.solve(A, g[..., None])[..., 0]
        xn = x[idx] + step
        Fn = F(xn)
        qn = 0.5 * np.sum(Fn ** 2, axis=1)
        better = qn < q[idx]
        good = idx[better]
        x[good], Fx[good], q[good] = xn[better], Fn[better], qn[better]
        mu[good] = np.maximum(mu[good] / 3, 1e-12)
        mu[idx[~better]] *= 4
        rms = np.sqrt(2 * q / n)
        done = active & (rms <= 1e-8 * scale)
        took[done] = it + 1
        active = (rms > 1e-8 * scale) & (mu < 1e8)
    rms = np.sqrt(2 * q / n)
    hit = rms <= 1e-8 * scale
    zeros = []
    for z in x[hit]:
        if all(np.sqrt(np.mean((z - y) ** 2)) > 1e-3 * scale for y in zeros):
            zeros.append(z)
    zeros = np.array(zeros).T if zeros else np.zeros((n, 0))
    return zeros, int(hit.sum()), float(rms.min() / scale), int(np.median(took[hit])) if hit.any() else -1


def main():
    ap = argparse.ArgumentParser(prog="python3 -m wmsweep.delay_speed",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("store")
    ap.add_argument("--csv", help="also write the table as CSV")
    ap.add_argument("--search", type=int, default=-1, metavar="K",
                    help="search zeros in numpy from every delay-2 end for networks with at most K points")
    args = ap.parse_args()
    rows = []
    with h5py.File(args.store, "r") as f:
        if (f.attrs["study"].decode() if isinstance(f.attrs["study"], bytes) else f.attrs["study"]) != "orientations":
            sys.exit(f"{args.store}: not a study-2 store")
        spec = tomllib.loads(wr.spec_text(f))
        lay = trial_layout(spec)
        slow_rate = 1.0 / lay["delay2_tau"]  # engine/studies/orientations/pipeline.cpp: one e-fold per delay 2,
        near = 0.1                            # and a slow point drifts < 0.1·s over delay 2
        for row in np.flatnonzero(f["status"][()] == 1):
            if f["activation"][row] != 0:
                continue
            speeds, drift, ends = delay_speeds(f, row, lay)
            scale = float(f["fixed_points/scale"][row])
            kinds = f["fixed_points/kinds"][row]
            found = dict(numpy_zeros=-1, numpy_hits=-1, numpy_iterations=-1, numpy_min_speed=float("nan"),
                         zero_distance=float("nan"))
            if int(f["fixed_points/count"][row]) <= args.search:
                zeros, hits, best, took = search_zeros(f, row, ends, scale)
                found = dict(numpy_zeros=zeros.shape[1], numpy_hits=hits, numpy_iterations=took, numpy_min_speed=best,
                             zero_distance=float(min(np.sqrt(np.mean((ends - z[:, None]) ** 2, axis=0)).min()
                                                     for z in zeros.T) / scale) if zeros.shape[1] else float("nan"))
            rows.append(dict(**found,job=int(f["job"][row]), seed=int(f["seed"][row]),
                             sigma_rec=float(f["sigma_rec"][row]), ordinal=int(f["ordinal"][row]),
                             points=int(f["fixed_points/count"][row]), zeros=int(kinds[:3].sum()),
                             slow_points=int(kinds[3]), unconverged=int(f["fixed_points/unconverged"][row]),
                             scale=scale, slow_bound=near * slow_rate,
                             min_speed=float(speeds.min() / scale),
                             end_speed=float(np.median(speeds[-1]) / scale),
                             drift=float(np.median(drift) / scale)))
    print(f"{'job':>4} {'σ_rec':>5} {'ord':>3} {'points':>6} {'zeros':>5} {'slow':>4} {'unconv':>6} "
          f"{'min rms F/s':>11} {'end rms F/s':>11} {'drift/s':>8}"
          + (f" {'np zeros':>8} {'np hits':>7} {'np its':>6} {'np min F/s':>10} {'zero dist/s':>11}" if args.search >= 0 else "")
          + f"  (slow-point bound {rows[0]['slow_bound']:.3g})")
    for r in rows:
        print(f"{r['job']:>4} {r['sigma_rec']:>5g} {r['ordinal']:>3} {r['points']:>6} {r['zeros']:>5} "
              f"{r['slow_points']:>4} {r['unconverged']:>6} {r['min_speed']:>11.3g} {r['end_speed']:>11.3g} "
              f"{r['drift']:>8.3g}"
              + (f" {r['numpy_zeros']:>8} {r['numpy_hits']:>7} {r['numpy_iterations']:>6} {r['numpy_min_speed']:>10.3g} {r['zero_distance']:>11.3g}"
                 if args.search >= 0 and r['numpy_zeros'] >= 0 else ""))
    if args.csv:
        with open(args.csv, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main()
