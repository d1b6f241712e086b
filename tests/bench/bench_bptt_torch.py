#!/usr/bin/python3
"""The study-2 network of engine/train/bptt.h in PyTorch on one thread, identical maths
(Euler, tanh, masked MSE + rate and weight L2, Adam, gradient-norm clipping 1.0): seconds per
training iteration (forward, backward, optimiser step). What users would pick instead.
usage: bench_bptt_torch.py BATCH ITERATIONS DTYPE(float32|float64)"""
import sys
import time

import torch

torch.set_num_threads(1)
B, iters, dtype = int(sys.argv[1]), int(sys.argv[2]), getattr(torch, sys.argv[3])
N, I, O, T, alpha = 100, 33, 4, 370, 0.1
g = torch.Generator().manual_seed(0)
W = (torch.randn(N, N, generator=g, dtype=dtype) / N ** 0.5).requires_grad_()
Win = (torch.randn(N, I, generator=g, dtype=dtype) / I ** 0.5).requires_grad_()
b = torch.zeros(N, dtype=dtype, requires_grad=True)
Wout = (torch.randn(O, N, generator=g, dtype=dtype) / N ** 0.5).requires_grad_()
bout = torch.zeros(O, dtype=dtype, requires_grad=True)
x0 = torch.zeros(N, dtype=dtype, requires_grad=True)
params = [W, Win, b, Wout, bout, x0]
opt = torch.optim.Adam(params, lr=1e-3)
u = torch.rand(T, B, I, generator=g, dtype=dtype)
target = torch.rand(T, B, O, generator=g, dtype=dtype)
mask = torch.zeros(T, B, dtype=dtype)
mask[320:] = 1


def iteration():
    opt.zero_grad()
    x = x0.expand(B, N)
    r = torch.tanh(x)
    task, rates = 0.0, 0.0
    for t in range(T):
        x = (1 - alpha) * x + alpha * (r @ W.T + u[t] @ Win.T + b)
        r = torch.tanh(x)
        y = r @ Wout.T + bout
        task = task + (mask[t][:, None] * (y - target[t]) ** 2).sum()
        rates = rates + (r ** 2).sum()
    loss = task / (O * mask.sum()) + 1e-4 * rates / (N * B * T) + 1e-5 * sum((w ** 2).sum() for w in (W, Win, Wout))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()


iteration()  # warm-up
start = time.perf_counter()
for _ in range(iters):
    iteration()
print(f"{(time.perf_counter() - start) / iters:.4f}")
