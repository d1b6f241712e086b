#include "store/schema.h"

#include <algorithm>
#include <cmath>

namespace wmsweep {

StoreShape store_shape(const Spec& spec, bool save_weights) {
  StoreShape s;
  s.study = spec.study;
  if (spec.study == "orientations") {
    const OrientationsConfig& o = spec.orientations;
    s.n_max = *std::max_element(spec.grid.n.begin(), spec.grid.n.end());
    s.points = spec.fixed_points.max_points;
    s.keep = spec.fixed_points.keep;
    s.fp_starts = fixed_point_start_count(spec);
    s.curve = o.train.max_iterations;
    s.connectivity_bins = o.connectivity_bins;
    s.repulsion_bins = o.repulsion_bins;
    s.inputs = o.task.inputs();
    s.outputs = 4 + (*std::max_element(spec.grid.ordinal.begin(), spec.grid.ordinal.end()) ? 1 : 0);
    return s;
  }
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

const std::vector<std::string>& cost_phases(const std::string& study) {
  static const std::vector<std::string> phases = {"train", "test", "classify", "robustness",
                                                  "forgetting", "fixed_points"},
                                        orientations = {"train", "geometry", "behaviour",
                                                        "fixed_points"};
  return study == "orientations" ? orientations : phases;
}

const std::vector<std::string>& torus_label_names() {
  static const std::vector<std::string> names = {"clifford", "standard_torus", "other"};
  return names;
}

namespace {

// The fixed-point columns both studies share.
// `starts` and `start_point` say what the starts were.
void add_fixed_point_columns(std::vector<Column>& c, const StoreShape& s, const char* starts,
                             const char* start_point) {
  using T = ColumnType;
  const uint64_t n = static_cast<uint64_t>(s.n_max), P = static_cast<uint64_t>(s.points),
                 K = static_cast<uint64_t>(s.keep),
                 S = static_cast<uint64_t>(std::max(s.fp_starts, 1));
  const std::vector<Column> fp = {
      {"fixed_points/count", T::i32, {}, "points found: zeros of F and slow points (all, though only points_max are stored)"},
      {"fixed_points/kinds", T::i32, {4}, "how many points of each kind: stable, saddle, marginal, slow_point"},
      {"fixed_points/starts", T::i32, {}, starts},
      {"fixed_points/unconverged", T::i32, {}, "starts that reached neither a zero nor a slow point"},
      {"fixed_points/start_point", T::i32, {S}, start_point},
      {"fixed_points/iterations", T::i64, {}, "Newton/LM iterations, all starts"},
      {"fixed_points/scale", T::f64, {}, "state scale s = max(1, rms of the starts): tolerances and distances are relative to it"},
      {"fixed_points/kind", T::i8, {P}, "per point: index into the root attribute `point_kinds` (−1: no point)"},
      {"fixed_points/q", T::f64, {P}, "per point: q = ½‖F‖²"},
      {"fixed_points/unstable", T::i32, {P}, "per point: eigenvalues with Re λ above the slow rate"},
      {"fixed_points/slow", T::i32, {P}, "per point: eigenvalues with |Re λ| at most the slow rate"},
      {"fixed_points/hits", T::i32, {P}, "per point: starts that ended there"},
      {"fixed_points/eigenvalues", T::f64, {P, K, 2}, "per point: the leading fixed_points.keep eigenvalues of J (Re, Im), largest Re first"},
      {"fixed_points/x", T::f64, {n, P}, "the points' states, one column per point"},
  };
  c.insert(std::find_if(c.begin(), c.end(), [](const Column& k) { return k.name == "memory/point"; }),
           fp.begin(), fp.end());
}

// Study 2 (seed2-two-orientations.md): training, torus geometry, connectivity, dynamic code,
// behaviour, fixed points at the delay input.
std::vector<Column> orientation_columns(const StoreShape& s) {
  using T = ColumnType;
  const uint64_t n = static_cast<uint64_t>(s.n_max),
                 phases = cost_phases(s.study).size(), C = static_cast<uint64_t>(s.curve),
                 CB = static_cast<uint64_t>(s.connectivity_bins),
                 RB = static_cast<uint64_t>(s.repulsion_bins),
                 I = static_cast<uint64_t>(s.inputs), O = static_cast<uint64_t>(s.outputs);
  std::vector<Column> c = {
      {"job", T::i64, {}, "job index in the sweep's grid (docs/spec.md: grid order)"},
      {"seed", T::i64, {}, "grid seed: initial weights and training trials derive from it (with n, g)"},
      {"n", T::i32, {}, "network size; per-row arrays hold n values, then NaN up to n_max"},
      {"g", T::f64, {}, "gain of the initial W_rec ~ N(0, g²/n)"},
      {"sigma_rec", T::f64, {}, "recurrent noise σ_rec in training and in the behaviour trials"},
      {"ordinal", T::i8, {}, "1: the ordinal output (sign of 2θ2 − 2θ1) is trained"},
      {"activation", T::i8, {}, "index into the root attribute `activations` (tanh, retanh)"},
      {"status", T::i8, {}, "commit mark, written last: 0 pending, 1 ok, 2 failed"},
      {"reason", T::text, {}, "why the network failed (empty when ok)"},
      {"session", T::i32, {}, "which run of the store committed the row (1 = the first)"},
      {"cost/seconds", T::f64, {phases}, "wall seconds per phase: train, geometry, behaviour, fixed_points"},
      {"cost/peak_bytes", T::f64, {phases}, "peak resident memory of the worker during each phase"},
      {"cost/write_seconds", T::f64, {}, "seconds to write this row's data"},
      {"cost/fixed_points", T::f64, {2}, "of the fixed_points phase: seconds to find the points, and for their spectra"},
      {"train/iterations", T::i32, {}, "BPTT iterations run"},
      {"train/reached", T::i8, {}, "1: the batch's mean report error fell below train.threshold_deg"},
      {"train/loss", T::f64, {C}, "learning curve: loss per iteration (NaN past train/iterations)"},
      {"train/error_deg", T::f64, {C}, "learning curve: the batch's mean report error (degrees) per iteration"},
      {"torus/pca4", T::f64, {}, "variance of the delay-2 end states (θ1 × θ2 grid, noise-free) in the leading 4 PCs"},
      {"torus/angles", T::f64, {2}, "principal angles between the θ1 and θ2 planes, degrees (smaller first)"},
      {"torus/radius_ratio", T::f64, {}, "r1 / r2: radii of the θ1 and θ2 circles"},
      {"torus/additivity", T::f64, {}, "variance of f(θ1) + g(θ2) / with the first-harmonic interaction"},
      {"torus/label", T::i8, {}, "index into the root attribute `torus_labels` (clifford, standard_torus, other)"},
      {"connectivity/sets", T::i32, {2}, "units tuned to θ1 and to θ2 at the end of delay 2"},
      {"connectivity/offset", T::f64, {3}, "W_rec ≈ offset + amplitude·cos 2Δ: offset within set 1, within set 2, across"},
      {"connectivity/amplitude", T::f64, {3}, "the amplitude, same order (> 0 within: locally excitatory)"},
      {"connectivity/profile", T::f64, {3, CB}, "mean W_rec per bin of Δ preferred angle: within 1, within 2, across (axis connectivity_bins)"},
      {"code/selective", T::i32, {}, "units selective to θ1 in delay 1 or delay 2"},
      {"code/moved", T::f64, {}, "of those, the fraction whose preferred θ1 moves > 45° between the delays or whose selectivity switches"},
      {"code/switched", T::f64, {}, "of those, the fraction whose selectivity switches"},
      {"code/cross_error_deg", T::f64, {}, "θ1 decoded in delay 2 by a decoder fitted in delay 1: mean |error|, degrees"},
      {"code/same_error_deg", T::f64, {}, "the same decoder fitted in delay 2 (baseline)"},
      {"behaviour/error_deg", T::f64, {}, "mean |report error| of both items over the behaviour trials (with σ_rec)"},
      {"behaviour/repulsion", T::f64, {2, RB}, "per |Δθ| bin (axis repulsion_bins): mean −sign(Δθ)·e1 and sign(Δθ)·e2, radians"},
      {"behaviour/count", T::i32, {RB}, "trials per |Δθ| bin"},
      {"behaviour/repulsion_small", T::f64, {2}, "both items pooled over |Δθ| ≤ analysis.small_deg: mean repulsion and its s.e., radians"},
      {"behaviour/correlation_small", T::f64, {}, "corr(e1, e2) over |Δθ| ≤ analysis.small_deg"},
      {"behaviour/n_small", T::i32, {}, "trials with |Δθ| ≤ analysis.small_deg"},
      {"behaviour/human", T::i8, {}, "1: the human signature, repulsion and positive correlation beyond 1.96 s.e."},
  };
  add_fixed_point_columns(c, s, "starts used: delay-2 end states of the noise-free grid plus noise",
                          "per start (fixed_points.samples of the grid's delay-2 end states, evenly spaced): the point it reached, −1 none");
  const std::vector<Column> trained = {
      {"trained/w_rec", T::f64, {n, n}, "trained W_rec (n, n), column-major as in h5py: [row][pre][post]"},
      {"trained/w_in", T::f64, {I, n}, "trained W_in (n, inputs): [row][input][unit]"},
      {"trained/b", T::f64, {n}, "trained bias"},
      {"trained/w_out", T::f64, {n, O}, "trained W_out (outputs, n): [row][unit][output]"},
      {"trained/b_out", T::f64, {O}, "trained output bias"},
      {"trained/x0", T::f64, {n}, "trained initial state"},
  };
  c.insert(c.end(), trained.begin(), trained.end());
  return c;
}

}  // namespace

std::vector<Column> store_columns(const StoreShape& s) {
  if (s.study == "orientations") return orientation_columns(s);
  using T = ColumnType;
  const uint64_t n = static_cast<uint64_t>(s.n_max), phases = cost_phases().size();
  std::vector<Column> c = {
      {"job", T::i64, {}, "job index in the sweep's grid (docs/spec.md: grid order)"},
      {"seed", T::i64, {}, "grid seed: J, w_f, w_fd, w_i, x0 derive from it"},
      {"n", T::i32, {}, "network size; per-row arrays hold n values, then NaN up to n_max"},
      {"pg", T::f64, {}, "density of J"},
      {"in", T::f64, {}, "input weight scale"},
      {"g", T::f64, {}, "gain of J"},
      {"fb", T::f64, {}, "feedback weight scale"},
      {"status", T::i8, {}, "commit mark, written last: 0 pending, 1 ok, 2 failed"},
      {"reason", T::text, {}, "why the network failed, or why its probes were skipped (else empty)"},
      {"session", T::i32, {}, "which run of the store committed the row (1 = the first)"},
      {"cost/seconds", T::f64, {phases}, "wall seconds per phase (train is the unit's, shared)"},
      {"cost/peak_bytes", T::f64, {phases}, "peak resident memory of the worker during each phase"},
      {"cost/write_seconds", T::f64, {}, "seconds to write this row's data"},
      {"cost/fixed_points", T::f64, {2}, "of the fixed_points phase: seconds to find the points, and for their spectra"},
      {"error/rate", T::f64, {uint64_t(s.thresholds)}, "fraction of test runs with rmse above each test.thresholds"},
      {"error/rmse", T::f64, {uint64_t(s.rmse_runs)}, "rmse of every test run (4 starts · 4 types · stim_seeds): sqrt(Σ e² / rmse_steps)"},
      {"error/study_rate", T::f64, {uint64_t(s.thresholds)}, "the study's error rate: fraction of runs with error/study_rmse above each threshold"},
      {"error/study_rmse", T::f64, {uint64_t(s.rmse_runs)}, "the study's per-run \"rmse\": sqrt(Σ e² / rmse_runs), = rmse · sqrt(rmse_steps / rmse_runs)"},
      {"error/trained", T::i8, {}, "1: the network learned the task (test.trained_*: at most trained_max_rate of runs above trained_epsilon), 0: not"},
      {"probes_skipped", T::i8, {}, "1: not trained, so analysis.skip_untrained skipped its long probes (reason says why)"},
      {"phasic", T::f64, {2}, "mean over phasic_runs: fraction of units with |mean r| above the threshold, delay 1 and response"},
      {"phasic_runs", T::f64, {2, 16}, "per run (4 trial-end starts · 4 types, stimulus seed 0): fraction of units with |mean r| over the period above the threshold; delay 1, response"},
      {"end_states", T::f64, {n, 4}, "the 4 trial-end states (x), one per trial type"},
      {"classify/a/label", T::i8, {}, "variant A mechanism: index into the root attribute `labels`"},
      {"classify/a/distinct", T::i32, {}, "variant A: settled, distinct last z (4 decimals); else distinct float32 window means"},
      {"classify/a/settled", T::i8, {}, "variant A: every float32 window variance below the threshold (1e-9)"},
      {"classify/a/mean", T::f64, {uint64_t(s.starts_a)}, "variant A: window mean of z per start"},
      {"classify/a/var", T::f64, {uint64_t(s.starts_a)}, "variant A: window variance of z per start"},
      {"classify/a/last", T::f64, {uint64_t(s.starts_a)}, "variant A: z at the window's last step per start"},
      {"classify/b/label", T::i8, {}, "variant B mechanism: index into `labels`"},
      {"classify/b/distinct", T::i32, {}, "variant B: settled, distinct last z (2 decimals); else distinct float32 window means"},
      {"classify/b/settled", T::i8, {}, "variant B: every float32 window variance below the threshold (1e-6)"},
      {"classify/b/mean", T::f64, {4}, "variant B: window mean of z per trial end"},
      {"classify/b/var", T::f64, {4}, "variant B: window variance of z per trial end"},
      {"classify/b/last", T::f64, {4}, "variant B: z at the window's last step per trial end"},
      {"speed", T::f64, {uint64_t(s.speed_at), 4}, "‖−x + M r‖ at analysis.speed_at trial lengths after each trial end"},
      {"robustness/fail_end", T::f64, {uint64_t(s.sigmas)}, "failure fraction at the trial end, per σ"},
      {"robustness/fail_settle", T::f64, {uint64_t(s.sigmas)}, "failure fraction after settling, per σ"},
      {"forgetting/fail_end", T::f64, {uint64_t(s.delays)}, "failure fraction at the trial end, per extra delay d"},
      {"forgetting/fail_settle", T::f64, {uint64_t(s.delays)}, "failure fraction after settling, per d"},
      {"memory/point", T::i32, {4}, "per trial-end state: its nearest point (index into fixed_points/*)"},
      {"memory/kind", T::i8, {4}, "per trial-end state: that point's kind (index into `point_kinds`)"},
      {"memory/distance", T::f64, {4}, "per trial-end state: rms distance to the point / scale"},
      {"memory/slow_fraction", T::f64, {4}, "per trial-end state: share of (state − point) along the point's fixed_points.slow_modes slowest modes"},
      {"memory/focus", T::i8, {4}, "per trial-end state: the point's leading eigenvalue is complex and unstable"},
      {"dynamics/label", T::i8, {}, "mechanism from the fixed points (docs/fixed-points.md: the dynamics label): index into `labels`"},
      {"trained/w_o", T::f64, {n}, "trained output readout"},
      {"trained/w_d", T::f64, {n, 2}, "trained memory readouts"},
  };
  add_fixed_point_columns(c, s, "starts used (trial ends, long-run ends, noisy test samples)",
                          "per start (trial ends, long-run ends: B's 4 then noisy_ends of A's, noisy test samples): the point it reached, −1 none");
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
  if (spec.study == "orientations") {
    const OrientationsConfig& o = spec.orientations;
    std::vector<double> delta, abs_delta;
    for (int k = 0; k < o.connectivity_bins; ++k)
      delta.push_back(-M_PI / 2 + (k + 0.5) * M_PI / o.connectivity_bins);
    for (int k = 0; k < o.repulsion_bins; ++k)
      abs_delta.push_back((k + 0.5) * M_PI / 2 / o.repulsion_bins);
    std::vector<double> iteration;
    for (int k = 1; k <= o.train.max_iterations; ++k) iteration.push_back(k);
    return {
        {"connectivity_bins", delta, "bin centres of the preferred-angle difference Δ (radians) of connectivity/profile"},
        {"repulsion_bins", abs_delta, "bin centres of |Δθ| = |θ2 − θ1| (radians) of behaviour/repulsion"},
        {"iteration", iteration, "BPTT iteration of train/loss and train/error_deg"},
    };
  }
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
