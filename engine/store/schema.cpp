#include "store/schema.h"

#include <algorithm>
#include <cmath>

namespace wmsweep {

StoreShape store_shape(const Spec& spec, bool save_weights) {
  StoreShape s;
  s.n_max = *std::max_element(spec.grid.n.begin(), spec.grid.n.end());
  s.thresholds = static_cast<int>(spec.test.thresholds.size());
  s.rmse_runs = 16 * spec.test.stim_seeds;
  s.starts_a = 5 * spec.analysis.noise_copies;
  s.speed_at = static_cast<int>(spec.analysis.speed_at.size());
  s.sigmas = static_cast<int>(spec.analysis.robustness_sigmas.size());
  const AnalysisConfig& a = spec.analysis;
  s.delays = static_cast<int>(std::lround((a.forget_to - a.forget_from) / a.forget_step)) + 1;
  s.points = spec.fixed_points.max_points;
  s.keep = spec.fixed_points.keep;
  s.fp_starts = fixed_point_start_count(spec);
  s.weights = save_weights;
  return s;
}

const std::vector<std::string>& cost_phases() {
  static const std::vector<std::string> phases = {"train", "test", "classify", "robustness",
                                                  "forgetting", "fixed_points"};
  return phases;
}

std::vector<Column> store_columns(const StoreShape& s) {
  using T = ColumnType;
  const uint64_t n = static_cast<uint64_t>(s.n_max), phases = cost_phases().size();
  const uint64_t P = static_cast<uint64_t>(s.points), K = static_cast<uint64_t>(s.keep),
                 S = static_cast<uint64_t>(std::max(s.fp_starts, 1));
  std::vector<Column> c = {
      {"job", T::i64, {}, "job index in the sweep's grid (README: grid order)"},
      {"seed", T::i64, {}, "grid seed: J, w_f, w_fd, w_i, x0 derive from it"},
      {"n", T::i32, {}, "network size; per-row arrays hold n values, then NaN up to n_max"},
      {"pg", T::f64, {}, "density of J"},
      {"in", T::f64, {}, "input weight scale"},
      {"g", T::f64, {}, "gain of J"},
      {"fb", T::f64, {}, "feedback weight scale"},
      {"status", T::i8, {}, "commit mark, written last: 0 pending, 1 ok, 2 failed"},
      {"reason", T::text, {}, "why the network failed (empty when ok)"},
      {"session", T::i32, {}, "which run of the store committed the row (1 = the first)"},
      {"cost/seconds", T::f64, {phases}, "wall seconds per phase (train is the unit's, shared)"},
      {"cost/peak_bytes", T::f64, {phases}, "peak resident memory of the worker during each phase"},
      {"cost/write_seconds", T::f64, {}, "seconds to write this row's data"},
      {"cost/fixed_points", T::f64, {2}, "of the fixed_points phase: seconds to find the points, and for their spectra"},
      {"error/rate", T::f64, {uint64_t(s.thresholds)}, "fraction of test runs with rmse above each test.thresholds"},
      {"error/rmse", T::f64, {uint64_t(s.rmse_runs)}, "rmse of every test run (4 starts · 4 types · stim_seeds)"},
      {"phasic", T::f64, {2}, "fraction of units with mean |r| above the threshold: delay 1, response"},
      {"end_states", T::f64, {n, 4}, "the 4 trial-end states (x), one per trial type"},
      {"classify/a/label", T::i8, {}, "variant A mechanism: index into the root attribute `labels`"},
      {"classify/a/distinct", T::i32, {}, "variant A: distinct final z values counted"},
      {"classify/a/settled", T::i8, {}, "variant A: every window variance below the threshold"},
      {"classify/a/mean", T::f64, {uint64_t(s.starts_a)}, "variant A: window mean of z per start"},
      {"classify/a/var", T::f64, {uint64_t(s.starts_a)}, "variant A: window variance of z per start"},
      {"classify/a/last", T::f64, {uint64_t(s.starts_a)}, "variant A: z at the last step per start"},
      {"classify/b/label", T::i8, {}, "variant B mechanism: index into `labels`"},
      {"classify/b/distinct", T::i32, {}, "variant B: distinct window means counted"},
      {"classify/b/settled", T::i8, {}, "variant B: every window variance below the threshold"},
      {"classify/b/mean", T::f64, {4}, "variant B: window mean of z per trial end"},
      {"classify/b/var", T::f64, {4}, "variant B: window variance of z per trial end"},
      {"classify/b/last", T::f64, {4}, "variant B: z at the last step per trial end"},
      {"speed", T::f64, {uint64_t(s.speed_at), 4}, "‖−x + M r‖ at analysis.speed_at trial lengths after each trial end"},
      {"robustness/fail_end", T::f64, {uint64_t(s.sigmas)}, "failure fraction at the trial end, per σ"},
      {"robustness/fail_settle", T::f64, {uint64_t(s.sigmas)}, "failure fraction after settling, per σ"},
      {"forgetting/fail_end", T::f64, {uint64_t(s.delays)}, "failure fraction at the trial end, per extra delay d"},
      {"forgetting/fail_settle", T::f64, {uint64_t(s.delays)}, "failure fraction after settling, per d"},
      {"fixed_points/count", T::i32, {}, "points found: zeros of F and slow points (all, though only points_max are stored)"},
      {"fixed_points/kinds", T::i32, {4}, "how many points of each kind: stable, saddle, marginal, slow_point"},
      {"fixed_points/starts", T::i32, {}, "starts used (trial ends, long-run ends, noisy test samples)"},
      {"fixed_points/unconverged", T::i32, {}, "starts that reached neither a zero nor a slow point"},
      {"fixed_points/start_point", T::i32, {S}, "per start (trial ends, long-run ends: B's 4 then noisy_ends of A's, noisy test samples): the point it reached, −1 none"},
      {"fixed_points/iterations", T::i64, {}, "Newton/LM iterations, all starts"},
      {"fixed_points/scale", T::f64, {}, "state scale s = max(1, rms of the starts): tolerances and distances are relative to it"},
      {"fixed_points/kind", T::i8, {P}, "per point: index into the root attribute `point_kinds` (−1: no point)"},
      {"fixed_points/q", T::f64, {P}, "per point: q = ½‖F‖²"},
      {"fixed_points/unstable", T::i32, {P}, "per point: eigenvalues with Re λ above the slow rate"},
      {"fixed_points/slow", T::i32, {P}, "per point: eigenvalues with |Re λ| at most the slow rate"},
      {"fixed_points/hits", T::i32, {P}, "per point: starts that ended there"},
      {"fixed_points/eigenvalues", T::f64, {P, K, 2}, "per point: the leading fixed_points.keep eigenvalues of J (Re, Im), largest Re first"},
      {"fixed_points/x", T::f64, {n, P}, "the points' states, one column per point"},
      {"memory/point", T::i32, {4}, "per trial-end state: its nearest point (index into fixed_points/*)"},
      {"memory/kind", T::i8, {4}, "per trial-end state: that point's kind (index into `point_kinds`)"},
      {"memory/distance", T::f64, {4}, "per trial-end state: rms distance to the point / scale"},
      {"memory/slow_fraction", T::f64, {4}, "per trial-end state: share of (state − point) along the point's fixed_points.slow_modes slowest modes"},
      {"memory/focus", T::i8, {4}, "per trial-end state: the point's leading eigenvalue is complex and unstable"},
      {"dynamics/label", T::i8, {}, "mechanism from the fixed points (README: the dynamics label): index into `labels`"},
      {"trained/w_o", T::f64, {n}, "trained output readout"},
      {"trained/w_d", T::f64, {n, 2}, "trained memory readouts"},
  };
  if (s.weights) {
    c.push_back({"init/J", T::f64, {n, n}, "recurrent matrix J, g not applied (the network uses g·J)"});
    c.push_back({"init/w_f", T::f64, {n}, "feedback weights of z (divided by fb)"});
    c.push_back({"init/w_fd", T::f64, {n, 2}, "feedback weights of z_d (divided by fb)"});
    c.push_back({"init/w_i", T::f64, {n, 2}, "input weights (divided by in)"});
    c.push_back({"init/x0", T::f64, {n}, "initial state"});
  }
  return c;
}

std::vector<Axis> store_axes(const Spec& spec) {
  const AnalysisConfig& a = spec.analysis;
  std::vector<double> d;
  const int delays = store_shape(spec, false).delays;
  for (int k = 0; k < delays; ++k) d.push_back(a.forget_from + k * a.forget_step);  // as probes.cpp
  std::vector<double> speed_at(a.speed_at.begin(), a.speed_at.end());
  return {
      {"thresholds", spec.test.thresholds, "rmse thresholds of error/rate"},
      {"sigma", a.robustness_sigmas, "distraction noise σ of robustness/*"},
      {"d", d, "extra delay (τ) of forgetting/*"},
      {"speed_at", speed_at, "trial lengths after the trial end of speed"},
  };
}

}  // namespace wmsweep
