#!/usr/bin/python3
"""wmsweep.delay_speed (analysis/wmsweep/delay_speed.py)'s numpy zero search against closed forms.

Uncoupled units with W = w·I: every unit's zero solves x = w·tanh(x) + b_i on its own, so the
network's zeros are the products of the units' roots (found here by bisection): with w = 2 and
small b, 3 per unit, 27 for 3 units. From the 64 starts at every combination of ±3 and ±0.3
the search must find all 27, each equal to its closed form to 1e-9, every start ending at one. A coupled 2-unit rotation (W a scaled rotation, no real zero but 0) checks
that no spurious zero is reported where none exists away from the origin.
"""
import itertools
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis"))
from wmsweep import delay_speed as ds  # noqa: E402


def store(w_rec, b):
    n = len(b)
    return {"n": np.array([n]), "trained/w_rec": np.array([w_rec.T]), "trained/b": np.array([b])}


def bisect(f, lo, hi):
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if np.sign(f(mid)) == np.sign(f(lo)):
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# 1. three uncoupled bistable units: 27 zeros
n, w = 3, 2.0
b = np.array([0.0, 0.1, -0.2])
roots = []
for bi in b:
    g = lambda x, bi=bi: -x + w * np.tanh(x) + bi
    roots.append(sorted([bisect(g, -5, -0.9), bisect(g, -0.9, 0.9), bisect(g, 0.9, 5)]))
starts = np.array(list(itertools.product([-3.0, -0.3, 0.3, 3.0], repeat=n))).T  # (n, 64)
zeros, hits, best, took = ds.search_zeros(store(w * np.eye(n), b), 0, starts, 1.0)
assert hits == starts.shape[1], f"{hits} of {starts.shape[1]} starts reached a zero"
assert best <= 1e-8, best
expect = set(itertools.product(*roots))
found = {tuple(z) for z in zeros.T}
assert zeros.shape[1] == 27, zeros.shape
for z in found:  # each found zero is one of the closed-form products, to 1e-9
    d = min(max(abs(a - c) for a, c in zip(z, e)) for e in expect)
    assert d < 1e-9, (z, d)
outer = set(itertools.product(*[(r[0], r[2]) for r in roots]))
for e in outer:  # the starts at ±3 reach the outer roots: all 8 are found
    assert any(max(abs(a - c) for a, c in zip(z, e)) < 1e-9 for z in found), e
print(f"uncoupled: {zeros.shape[1]} distinct zeros from 64 starts, every one a closed-form root, all 8 outer ones found")

# 2. a rotation with gain: the origin is the only zero; starts far from it must find it or nothing
r = 1.5 * np.array([[np.cos(0.4), -np.sin(0.4)], [np.sin(0.4), np.cos(0.4)]])
starts = np.array([[0.5, 2.0, -1.0, 3.0], [0.1, -2.0, 1.0, 0.0]])
zeros, hits, best, took = ds.search_zeros(store(r, np.zeros(2)), 0, starts, 1.0)
assert all(np.max(np.abs(z)) < 1e-7 for z in zeros.T), zeros
assert zeros.shape[1] <= 1
print(f"rotation: {zeros.shape[1]} zero(s), all at the origin; {hits} of 4 starts reached it")
