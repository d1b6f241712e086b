"""The study's mechanism label, written as its code computes it (Ghazizadeh & Ching 2021, public
code: attractor_type() and attractor_type_nozero() in posthoc_tests.py), but from the window
statistics a wmsweep store keeps instead of the trajectories:

    z_variance = np.var(window).astype(np.float32);  z_mean = np.mean(window).astype(np.float32)
    num_fps = len(np.unique(z_last.round(decimals)))
    if np.all(z_variance < threshold): 'fixedPoint' if num_fps >= k else 'manifoldFps'
    elif np.unique(z_mean).shape[0] == starts: 'limitCycle'
    elif np.max(z_mean) > max(enc) + 2.5 or np.min(z_mean) < -max(enc) - 2.5: 'far_someFPs'
    else: 'both'

Variant A (100 noisy starts): threshold 10e-10, 4 decimals, k = 2 * len(encoding);
variant B (the 4 trial ends): threshold 10e-7, 2 decimals, k = len(encoding).
Returns the engine's names: fixed_points, slow_manifold, limit_cycle, far, mixed.
"""
import numpy as np

NAMES = {"fixedPoint": "fixed_points", "manifoldFps": "slow_manifold", "limitCycle": "limit_cycle",
         "far_someFPs": "far", "both": "mixed"}


def study_label(mean, var, last, variant, encoding=(1.0, 0.5, 1.5)):
    z_variance = np.asarray(var, dtype=np.float64).astype(np.float32)
    z_mean = np.asarray(mean, dtype=np.float64).astype(np.float32)
    last = np.asarray(last, dtype=np.float64)
    if variant == "a":
        threshold, decimals, k = 10e-10, 4, 2 * len(encoding)
    else:
        threshold, decimals, k = 10e-7, 2, len(encoding)
    num_fps = len(np.unique(last.round(decimals)))
    if np.all(z_variance < threshold):
        attractor = "fixedPoint" if num_fps >= k else "manifoldFps"
    elif np.unique(z_mean).shape[0] == len(z_mean):
        attractor = "limitCycle"
    elif np.max(z_mean) > max(encoding) + 2.5 or np.min(z_mean) < -max(encoding) - 2.5:
        attractor = "far_someFPs"
    else:
        attractor = "both"
    return NAMES[attractor]
