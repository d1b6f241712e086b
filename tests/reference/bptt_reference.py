#!/usr/bin/python3
"""Independent numpy forward and backward of the study-2 network (engine/train/bptt.h) on the
problem dump_bptt prints; the engine's loss and every gradient must agree to 1e-10 relative.
The backward here is written from the chain rule over an explicit time loop with row-major
(batch, units) arrays, not transcribed from the C++.  usage: bptt_reference.py DUMP"""
import sys

import numpy as np

data = {}
for line in open(sys.argv[1]):
    name, count, *values = line.split()
    data[name] = np.array([float(v) for v in values])
N, I, O, B, T = (int(v) for v in data["shape"])
alpha, rate_l2, weight_l2, retanh = data["config"]
wo = data["output_weight"]


def colmajor(name, rows, cols):
    return data[name].reshape(cols, rows).T  # the engine stores column-major


W = colmajor("w_rec", N, N); Win = colmajor("w_in", N, I); b = data["b"]
Wout = colmajor("w_out", O, N); bout = data["b_out"]; x0 = data["x0"]
u = data["u"].reshape(T, B, I); target = data["target"].reshape(T, B, O)
noise = data["noise"].reshape(T, B, N); mask = data["mask"].reshape(T, B)

phi = (lambda x: np.maximum(0, np.tanh(x))) if retanh else np.tanh
dphi = (lambda x: (x > 0) * (1 - np.tanh(x) ** 2)) if retanh else (lambda x: 1 - np.tanh(x) ** 2)

# forward, (B, N) arrays
xs = [np.tile(x0, (B, 1))]
rs = [phi(xs[0])]
ys = []
for t in range(T):
    x = (1 - alpha) * xs[-1] + alpha * (rs[-1] @ W.T + u[t] @ Win.T + b) + noise[t]
    xs.append(x); rs.append(phi(x)); ys.append(rs[-1] @ Wout.T + bout)
msum = mask.sum()
task = sum((mask[t][:, None] * wo * (ys[t] - target[t]) ** 2).sum() for t in range(T)) / (O * msum)
rates = sum((r ** 2).sum() for r in rs[1:]) / (N * B * T)
loss = task + rate_l2 * rates + weight_l2 * ((W ** 2).sum() + (Win ** 2).sum() + (Wout ** 2).sum())

# backward
gW = np.zeros_like(W); gWin = np.zeros_like(Win); gb = np.zeros_like(b)
gWout = np.zeros_like(Wout); gbout = np.zeros_like(bout)
gx_next = np.zeros((B, N))  # dL/dx_{t+1}
for t in range(T, 0, -1):
    dy = 2 * mask[t - 1][:, None] * wo * (ys[t - 1] - target[t - 1]) / (O * msum)
    gWout += dy.T @ rs[t]; gbout += dy.sum(0)
    dr = dy @ Wout + 2 * rate_l2 * rs[t] / (N * B * T) + alpha * gx_next @ W
    gx = dphi(xs[t]) * dr + (1 - alpha) * gx_next
    gW += alpha * gx.T @ rs[t - 1]; gWin += alpha * gx.T @ u[t - 1]; gb += alpha * gx.sum(0)
    gx_next = gx
gx0 = (dphi(xs[0]) * (alpha * gx_next @ W) + (1 - alpha) * gx_next).sum(0)
gW += 2 * weight_l2 * W; gWin += 2 * weight_l2 * Win; gWout += 2 * weight_l2 * Wout

worst = 0.0
for name, ours, shape in (("g_w_rec", gW, (N, N)), ("g_w_in", gWin, (N, I)), ("g_b", gb, None),
                          ("g_w_out", gWout, (O, N)), ("g_b_out", gbout, None), ("g_x0", gx0, None)):
    engine = colmajor(name, *shape) if shape else data[name]
    err = np.abs(engine - ours).max() / np.abs(ours).max()
    worst = max(worst, err)
    assert err < 1e-10, (name, err)
err = abs(data["loss"][0] - loss) / abs(loss)
assert err < 1e-12, ("loss", data["loss"][0], loss)
print(f"bptt_reference: loss {loss:.6f} and every gradient agree with numpy (worst {worst:.1e} relative)")
