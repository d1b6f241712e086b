#!/usr/bin/python3
"""Side-by-side benchmark: our fixed-point finder against FixedPointFinder (Golub & Sussillo,
PyTorch version) on trained 3-bit flip-flop tanh rate networks.

usage:
  /usr/bin/python3 tests/bench/fpf_compare.py --fpf /tmp/fpf NET.h5 [NET2.h5 ...]
                                              [--starts 256] [--seed 0] [--float64]
NET.h5: a flip-flop network's row file, `wmsweep one jobs/flipflop.toml --job K --out NET.h5`
(docs/benchmarks.md has the whole recipe).

--fpf is a folder holding FixedPointFinder's source (FixedPointFinderTorch.py at its top),
e.g. `git archive HEAD | tar -x -C /tmp/fpf` of github.com/mattgolub/fixed-point-finder; put
the commit hash in DIR/FPF_COMMIT (an archive has no .git) so the header can name it.
Needs Debian 12's python3-torch, python3-numpy, python3-h5py.

The network (the row file `wmsweep one` writes for study flipflop; names below):
  x_{t+1} = (1 - alpha) x_t + alpha (W tanh(x_t) + W_in u_t + b),  y = W_out tanh(x) + b_out.
With u = 0 its fixed points are the zeros of F(x) = -x + W tanh(x) + b, for any alpha, and
J(x) = -I + W diag(1 - tanh(x)^2). FixedPointFinder is given the map (float32, as it expects)
and minimises its q = 1/2 ||x - map(x)||^2 = 1/2 alpha^2 ||F(x)||^2. Every point either finder
reports is then judged in numpy float64 by rms(F) = ||F|| / sqrt(n).

Prints a header (FixedPointFinder's commit, torch version, settings) and a markdown table,
one row per network and finder. FixedPointFinder's own progress goes to stderr.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # single-threaded numpy too, before numpy loads

import argparse
import contextlib
import subprocess
import sys
import time

import h5py
import numpy as np
import torch

# --- the network file (docs/store.md: the flip-flop's columns) -------------------------------
# Stored transposed, as h5py reads the engine's column-major arrays; load_network turns them
# into W[i, j] (from unit j onto unit i), W_in (n, n_in), W_out (n_out, n).
DS_W_REC = "trained/w_rec"   # [pre][post]
DS_B = "trained/b"           # (n,)
DS_W_IN = "trained/w_in"     # [input][unit]
DS_W_OUT = "trained/w_out"   # [unit][output]
DS_B_OUT = "trained/b_out"   # (n_out,)
DEFAULT_ALPHA = 0.1          # dt / tau of jobs/flipflop.toml (task.dt = 1, task.tau = 10)

# our finder's results; the first group that exists is used
FP_GROUPS = ("fixed_points", "results/fixed_points")
FP_X = "x"                   # (max_points, n) (or (n, count)); NaN rows past the points
FP_KIND = "kind"             # 0 stable, 1 saddle, 2 marginal, 3 slow point, -1 empty
FP_SECONDS_FIND = "seconds_find"
FP_SECONDS_EIGEN = "seconds_eigen"
FP_COUNT = "count"           # number of points found (may exceed max_points)
FP_STARTS = "starts"         # number of starts used
COST_FIXED_POINTS = "cost/fixed_points"  # fallback for the seconds: [find, eigen]
KIND_NAMES = ("stable", "saddle", "marginal", "slow")

# --- the flip-flop task (test nets and the trajectories the starts are sampled from) ---------
N_BITS = 3
PULSE_STEPS = 5              # a pulse holds +-1 on its channel for this many steps
PULSE_PROB = 0.1             # chance of a pulse per channel in each PULSE_STEPS slot
TRIAL_STEPS = 200            # steps per trial (every channel gets a pulse in the first slot)

# --- FixedPointFinder: the settings of its examples/torch/run_FlipFlop.py -----------------------
FPF_HPS = {
    "max_iters": 10000,
    "lr_init": 1.0,
    "outlier_distance_scale": 10.0,
    "verbose": True,
    "super_verbose": False,  # the example prints every 100 iterations; only output differs
}
FPF_NOISE_SCALE = 0.5        # std of the Gaussian noise added to sampled states (as the example)
FPF_TRAJ_TRIALS = 128        # trajectories sampled from (the example's 128 validation trials)

# --- judging the points (s = max(1, rms of the starts)) ------------------------------------
ZERO_TOL_REL = 1e-10         # a true zero: rms(F) <= 1e-10 s (our finder's own tolerance)
ZERO_TOL_ABS = 1e-6          # a looser one: rms(F) <= 1e-6
MATCH_TOL_REL = 1e-3         # same point: rms(x - y) <= 1e-3 s
NEWTON_ITERS = 50            # float64 Newton polish of each reported point (diagnostic)


class MapNet(torch.nn.Module):
    """The network's Euler map as a torch module with nn.RNN's call signature
    (batch_first): forward(u (b, t, n_in), h0 (1, b, n)) -> (x (b, t, n), x_last (1, b, n))."""

    def __init__(self, params, alpha, dtype=torch.float32, trainable=False):
        """params: dict of float64 numpy arrays w_rec, b, w_in, w_out, b_out."""
        super().__init__()
        self.batch_first = True
        self.alpha = float(alpha)
        for name in ("w_rec", "b", "w_in", "w_out", "b_out"):
            t = torch.tensor(params[name], dtype=dtype)
            setattr(self, name, torch.nn.Parameter(t, requires_grad=trainable))

    def forward(self, u, h0, noise=0.0):
        """Runs the map over the time axis of u from h0; noise: std of Gaussian noise added to
        the drive at each step (training only)."""
        x = h0[0]
        xs = []
        for t in range(u.shape[1]):
            drive = torch.tanh(x) @ self.w_rec.T + u[:, t] @ self.w_in.T + self.b
            if noise:
                drive = drive + noise * torch.randn_like(drive)
            x = (1 - self.alpha) * x + self.alpha * drive
            xs.append(x)
        return torch.stack(xs, dim=1), x.unsqueeze(0)

    def readout(self, x):
        """y = W_out tanh(x) + b_out."""
        return torch.tanh(x) @ self.w_out.T + self.b_out

    def numpy_params(self):
        """The parameters as a dict of float64 numpy arrays."""
        return {k: v.detach().double().numpy() for k, v in self.named_parameters()}


def flipflop_trials(rng, n_trials, n_steps=TRIAL_STEPS, n_bits=N_BITS):
    """Inputs (n_trials, n_steps, n_bits) of +-1 pulses PULSE_STEPS long, and targets: the sign
    of the last pulse on each channel (every channel is pulsed in the first slot)."""
    n_slots = n_steps // PULSE_STEPS
    pulsed = rng.rand(n_trials, n_slots, n_bits) < PULSE_PROB
    pulsed[:, 0, :] = True
    signs = np.where(rng.rand(n_trials, n_slots, n_bits) < 0.5, -1.0, 1.0)
    slots = pulsed * signs
    targets_slots = np.zeros_like(slots)
    held = np.zeros((n_trials, n_bits))
    for k in range(n_slots):
        held = np.where(pulsed[:, k], signs[:, k], held)
        targets_slots[:, k] = held
    inputs = np.zeros((n_trials, n_steps, n_bits))
    targets = np.zeros((n_trials, n_steps, n_bits))
    inputs[:, :n_slots * PULSE_STEPS] = np.repeat(slots, PULSE_STEPS, axis=1)
    targets[:, :n_slots * PULSE_STEPS] = np.repeat(targets_slots, PULSE_STEPS, axis=1)
    targets[:, n_slots * PULSE_STEPS:] = held[:, None, :]
    return inputs, targets


def load_network(path):
    """Reads a network file: (params dict of float64 arrays, alpha, alpha_from_file, ours),
    where ours is the dict of our finder's results or None when the file has none."""
    with h5py.File(path, "r") as f:
        n = int(f.attrs["n"])
        params = {"w_rec": np.asarray(f[DS_W_REC], np.float64)[:n, :n].T,
                  "b": np.asarray(f[DS_B], np.float64)[:n],
                  "w_in": np.asarray(f[DS_W_IN], np.float64)[:, :n].T,
                  "w_out": np.asarray(f[DS_W_OUT], np.float64)[:n, :].T,
                  "b_out": np.asarray(f[DS_B_OUT], np.float64)}
        spec = f["spec"][()].decode() if "spec" in f else ""
        dt, tau = 1.0, 10.0  # the task's defaults; a spec that sets them says so
        for line in spec.splitlines():
            key = line.split("=")[0].strip()
            if key in ("dt", "tau"):
                value = float(line.split("=")[1].split("#")[0])
                dt, tau = (value, tau) if key == "dt" else (dt, value)
        alpha, has_alpha = dt / tau, True
        ours = read_our_points(f, params)
    return params, alpha, has_alpha, ours


def points_as_rows(x, params):
    """Our stored points as (slots, n) rows. The brief's layout is (max_points, n or n_max,
    NaN past n); the engine's schema also declares (n, max_points). Of the readings the shape
    allows, keeps the one whose finite rows are zeros of F (smallest median rms F)."""
    n = params["w_rec"].shape[0]
    readings = [r[:, :n] for r in (x, x.T) if r.shape[1] >= n]

    def badness(r):
        finite = r[np.all(np.isfinite(r), axis=1)]
        return np.median(rms(rhs(params, finite))) if len(finite) else np.inf

    return min(readings, key=badness)


def read_our_points(f, params):
    """Our finder's points from an open file: dict x (count, n), kind, count, starts,
    seconds_find, seconds_eigen; None when the file has no fixed-point group."""
    group = next((g for g in FP_GROUPS if g in f and FP_X in f[g]), None)
    if group is None:
        return None
    g = f[group]

    def scalar(name, default=np.nan):
        if name in g:
            return float(np.asarray(g[name]).ravel()[0])
        if name in g.attrs:
            return float(np.asarray(g.attrs[name]).ravel()[0])
        return default

    x = points_as_rows(np.atleast_2d(np.asarray(g[FP_X], dtype=np.float64)), params)
    keep = np.all(np.isfinite(x), axis=1)
    kind = np.asarray(g[FP_KIND]).astype(int).ravel() if FP_KIND in g else -np.ones(len(x), int)
    seconds_find, seconds_eigen = scalar(FP_SECONDS_FIND), scalar(FP_SECONDS_EIGEN)
    if np.isnan(seconds_find) and COST_FIXED_POINTS in f:
        seconds_find, seconds_eigen = (float(v) for v in np.asarray(f[COST_FIXED_POINTS])[:2])
    return {"x": x[keep], "kind": kind[:len(x)][keep], "count": int(scalar(FP_COUNT, keep.sum())),
            "starts": scalar(FP_STARTS), "seconds_find": seconds_find,
            "seconds_eigen": seconds_eigen}


def rhs(params, x):
    """F(x) = -x + W tanh(x) + b in float64, for x (n,) or (m, n)."""
    return -x + np.tanh(x) @ params["w_rec"].T + params["b"]


def jacobian(params, x):
    """J(x) = -I + W diag(1 - tanh(x)^2) in float64, x (n,)."""
    return -np.eye(len(x)) + params["w_rec"] * (1.0 - np.tanh(x) ** 2)[None, :]


def rms(v, axis=-1):
    """Root mean square along axis."""
    return np.sqrt(np.mean(np.square(v), axis=axis))


def simulate(params, alpha, inputs):
    """float64 state trajectories (trials, steps, n) of the map from x = 0 under inputs."""
    n_trials, n_steps, _ = inputs.shape
    x = np.zeros((n_trials, params["w_rec"].shape[0]))
    traj = np.empty((n_trials, n_steps, x.shape[1]))
    for t in range(n_steps):
        drive = np.tanh(x) @ params["w_rec"].T + inputs[:, t] @ params["w_in"].T + params["b"]
        x = (1 - alpha) * x + alpha * drive
        traj[:, t] = x
    return traj


def newton_polish(params, x, tol):
    """Plain float64 Newton from x: (x_end, rms F at x_end). Diagnostic: tells a point that
    is a zero located only roughly (it polishes nearby) from one that is not a zero."""
    x = x.copy()
    r = rms(rhs(params, x))
    for _ in range(NEWTON_ITERS):
        if r <= tol:
            break
        try:
            x = x - np.linalg.solve(jacobian(params, x), rhs(params, x))
        except np.linalg.LinAlgError:
            break
        r = rms(rhs(params, x))
        if not np.isfinite(r):
            break
    return x, r


def judge_points(params, xs, scale):
    """float64 verdict on points xs (m, n): dict of counts and rms(F) statistics."""
    tol = ZERO_TOL_REL * scale
    r = rms(rhs(params, xs)) if len(xs) else np.zeros(0)
    stable64 = sum(np.max(np.linalg.eigvals(jacobian(params, x)).real) < 0 for x in xs)
    polished = 0
    for x in xs:
        x_end, r_end = newton_polish(params, x, tol)
        polished += bool(r_end <= tol and rms(x_end - x) <= MATCH_TOL_REL * scale)
    return {"rms_f": r, "zero_strict": int(np.sum(r <= tol)),
            "zero_loose": int(np.sum(r <= ZERO_TOL_ABS)),
            "max": float(np.max(r)) if len(r) else np.nan,
            "median": float(np.median(r)) if len(r) else np.nan,
            "stable64": int(stable64), "polished": polished}


def count_matched(a, b, tol):
    """How many rows of a lie within rms distance tol of some row of b."""
    if len(a) == 0 or len(b) == 0:
        return 0
    return int(sum(np.min(rms(b - x)) <= tol for x in a))


def fpf_commit(fpf_dir):
    """The commit hash of the FixedPointFinder source, when recorded: a FPF_COMMIT file in the
    folder, else `git rev-parse HEAD` there, else 'unknown'."""
    marker = os.path.join(fpf_dir, "FPF_COMMIT")
    if os.path.exists(marker):
        return open(marker).read().strip()
    try:
        return subprocess.run(["git", "-C", fpf_dir, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def sample_starts(fpf, params, alpha, n_starts, seed):
    """Initial states the way FPF's flip-flop example draws them: states of trajectories driven
    by flip-flop inputs, sampled by fpf.sample_states with Gaussian noise FPF_NOISE_SCALE."""
    inputs, _ = flipflop_trials(np.random.RandomState(seed), FPF_TRAJ_TRIALS)
    traj = simulate(params, alpha, inputs)
    return fpf.sample_states(traj, n_inits=n_starts, noise_scale=FPF_NOISE_SCALE)


def run_fpf(fpf_module, params, alpha, n_starts, seed, dtype):
    """Runs FixedPointFinderTorch on the map in dtype ('float32' or 'float64') from n_starts
    sampled starts with u = 0. Returns dict: xstar (float64), is_stable, starts, seconds
    (whole find_fixed_points), seconds_opt (its joint optimisation), iters."""
    net = MapNet(params, alpha, dtype=getattr(torch, dtype))
    fpf = fpf_module.FixedPointFinderTorch(net, dtype=dtype, random_seed=seed, **FPF_HPS)
    starts = sample_starts(fpf, params, alpha, n_starts, seed)
    timing = {}
    optimise = fpf._run_joint_optimization

    def timed_optimise(*args, **kwargs):
        t0 = time.perf_counter()
        fps = optimise(*args, **kwargs)
        timing["opt"] = time.perf_counter() - t0
        timing["iters"] = int(fps.n_iters[0]) if fps.n else 0
        return fps

    fpf._run_joint_optimization = timed_optimise
    inputs = np.zeros((1, params["w_in"].shape[1]))
    with contextlib.redirect_stdout(sys.stderr):
        t0 = time.perf_counter()
        # a copy: in float64, FPF's torch.from_numpy shares the array and Adam overwrites it
        unique_fps, _ = fpf.find_fixed_points(starts.copy(), inputs)
        seconds = time.perf_counter() - t0
    stable = np.asarray(unique_fps.is_stable, dtype=bool) if unique_fps.n else np.zeros(0, bool)
    return {"xstar": np.asarray(unique_fps.xstar, dtype=np.float64).reshape(-1, starts.shape[1]),
            "is_stable": stable, "starts": starts, "seconds": seconds,
            "seconds_opt": timing.get("opt", np.nan), "iters": timing.get("iters", 0)}


def fmt(v):
    """Short number format for the table."""
    return "-" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.2e}"


TABLE_HEADER = ("| network | finder | starts | points | stable | stable64 | seconds | "
                "zeros ≤1e-10·s | zeros ≤1e-6 | polish→zero | max rms F | median rms F | "
                "matched | notes |\n"
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def table_row(net, finder, starts, points, stable, seconds, judged, matched, notes):
    """One markdown row."""
    j = judged
    return (f"| {net} | {finder} | {starts} | {points} | {stable} | {j['stable64']} | {seconds} | "
            f"{j['zero_strict']} | {j['zero_loose']} | {j['polished']} | {fmt(j['max'])} | "
            f"{fmt(j['median'])} | {matched} | {notes} |")


def compare_network(path, fpf_module, n_starts, seed, dtypes):
    """Runs FPF (each dtype) on one network file and returns its table rows."""
    params, alpha, has_alpha, ours = load_network(path)
    name = os.path.basename(path)
    rows, fpf_sets = [], []
    for dtype in dtypes:
        res = run_fpf(fpf_module, params, alpha, n_starts, seed, dtype)
        # the same starts for every dtype (same seed): one scale s for both finders
        scale = max(1.0, float(rms(res["starts"], axis=None)))
        judged = judge_points(params, res["xstar"], scale)
        fpf_sets.append((dtype, res, judged))
    ours_judged = judge_points(params, ours["x"], scale) if ours else None
    for dtype, res, judged in fpf_sets:
        matched = "-"
        if ours:
            hits = count_matched(res["xstar"], ours["x"], MATCH_TOL_REL * scale)
            matched = f"{hits}/{len(res['xstar'])}"
        notes = (f"{dtype}; opt {res['seconds_opt']:.2f} s, {res['iters']} iters; "
                 f"alpha {alpha:g}{'' if has_alpha else ' (default)'}; s {scale:.3g}")
        rows.append(table_row(name, "FPF", len(res["starts"]), len(res["xstar"]),
                              int(res["is_stable"].sum()), f"{res['seconds']:.2f}", judged,
                              matched, notes))
    if ours:
        kinds = [int(np.sum(ours["kind"] == k)) for k in range(4)]
        points = str(ours["count"]) + ("" if ours["count"] == len(ours["x"])
                                       else f" ({len(ours['x'])} stored)")
        seconds = ours["seconds_find"] + ours["seconds_eigen"]
        matched = "/".join([str(count_matched(ours["x"], fpf_sets[0][1]["xstar"],
                                              MATCH_TOL_REL * scale)), str(len(ours["x"]))])
        notes = (f"find {ours['seconds_find']:.2f} + eigen {ours['seconds_eigen']:.2f} s; kinds "
                 + " ".join(f"{n} {c}" for n, c in zip(KIND_NAMES, kinds)))
        starts = "-" if np.isnan(ours["starts"]) else int(ours["starts"])
        rows.append(table_row(name, "wmsweep", starts, points, kinds[0], f"{seconds:.2f}",
                              ours_judged, matched, notes))
    return rows


def main():
    """Parses the command line; makes a test net or runs the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("nets", nargs="*", help="network files (HDF5)")
    ap.add_argument("--fpf", help="folder with FixedPointFinder's source")
    ap.add_argument("--starts", type=int, default=256,
                    help="initial states (default 256: as many as jobs/flipflop.toml gives ours)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--float64", action="store_true", help="also run FPF in float64")
    args = ap.parse_args()
    if not args.fpf or not args.nets:
        ap.error("need --fpf DIR and at least one network file")

    torch.set_num_threads(1)
    sys.path.insert(0, os.path.abspath(args.fpf))
    import FixedPointFinderTorch as fpf_module

    dtypes = ["float32"] + (["float64"] if args.float64 else [])
    hps = ", ".join(f"{k}={v}" for k, v in FPF_HPS.items())
    print(f"FixedPointFinder commit {fpf_commit(args.fpf)} (FixedPointFinderTorch), "
          f"torch {torch.__version__}, numpy {np.__version__}, 1 thread")
    print(f"FPF settings (examples/torch/run_FlipFlop.py): {hps}; other settings default "
          f"(tol_q=1e-12, tol_dq=1e-20, method=joint, tol_unique=1e-3, "
          f"do_exclude_distance_outliers=True); dtype {'/'.join(dtypes)}; inputs u = 0")
    print(f"starts: {args.starts} states of {FPF_TRAJ_TRIALS} flip-flop trajectories "
          f"({TRIAL_STEPS} steps, pulses {PULSE_STEPS} steps, p {PULSE_PROB}/slot) via "
          f"fpf.sample_states(noise_scale={FPF_NOISE_SCALE}), seed {args.seed}")
    print(f"judged in float64: s = max(1, rms of the starts); zero: rms F <= {ZERO_TOL_REL:g}·s "
          f"or <= {ZERO_TOL_ABS:g}; matched: rms distance <= {MATCH_TOL_REL:g}·s to a point "
          f"of the other finder; stable64: max Re eig J < 0 in float64; polish→zero: float64 "
          f"Newton reaches rms F <= {ZERO_TOL_REL:g}·s within {MATCH_TOL_REL:g}·s of the point\n")
    print(TABLE_HEADER, flush=True)
    for path in args.nets:
        for row in compare_network(path, fpf_module, args.starts, args.seed, dtypes):
            print(row, flush=True)


if __name__ == "__main__":
    main()
