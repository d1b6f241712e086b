#pragma once
// Study 2, "orientations" (docs/study2.md): its spec sections as parsed, and one grid point.
// Its spec uses the same sections as study 1 with its own keys: [task] the trial (ms),
// [network] and [train] the BPTT training, [analysis] below, [fixed_points] (samples,
// sample_noise, tol, max_iterations, keep, max_points), [grid] seed, n, g, sigma_rec,
// ordinal, activation.
#include <cstdint>
#include <string>
#include <vector>

#include "spec/grid.h"
#include "study/fixed_points.h"
#include "tasks/orientations.h"
#include "train/orientation_trainer.h"

namespace wmsweep {

struct OrientationsConfig {
  OrientationTask task;
  std::string deltas_file;     // the "human" condition's Δθ set, degrees ("": θ2 uniform)
  BpttConfig train;            // n, g, activation, sigma_rec come from the grid point
  std::vector<std::string> run = {"geometry", "behaviour", "fixed_points"};
  int grid = 24;               // θ1 × θ2 grid of the noise-free runs (torus, connectivity, code)
  int connectivity_bins = 12;  // bins of the preferred-angle difference
  int behaviour_trials = 1024; // noisy trials (σ_rec of the network) for the behaviour
  int repulsion_bins = 9;      // bins of |Δθ| on [0°, 90°]
  double small_deg = 30;       // |Δθ| up to which repulsion and correlation are pooled
  // starts: `samples` delay-2 end states of the θ grid plus noise (more than study 1's 32:
  // the delay-2 states of a torus spread over a larger volume)
  FixedPointsConfig fixed_points = [] {
    FixedPointsConfig c;
    c.samples = 64;
    return c;
  }();
  bool wants(const std::string& name) const;
};

// One network of the grid: axes seed, n, g, sigma_rec, ordinal, activation (grid order).
struct OrientationPoint {
  int64_t job = 0;
  uint64_t seed = 0;
  int n = 0;
  double g = 0;
  double sigma_rec = 0;  // recurrent noise
  int ordinal = 0;       // 1 = the ordinal output is trained
  int activation = 0;    // index into activation_names()

  static OrientationPoint from(const GridPoint& p);
  // Key of every random stream that is not a weight: as study 1's key with pg = in = fb = 1,
  // so the conditions (sigma_rec, ordinal, activation) share it: at one seed they start from
  // the same weights and see the same trials, a paired comparison.
  uint64_t key() const;
  std::string describe() const;
};

const std::vector<std::string>& activation_names();  // "tanh", "retanh"

}  // namespace wmsweep
