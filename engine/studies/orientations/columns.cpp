// Study 2's store columns (docs/store.md: seed2-two-orientations.md's measures): training,
// torus geometry, connectivity, dynamic code, behaviour, fixed points at the delay input.
#include <cmath>

#include "studies/orientations/study.h"

namespace wmsweep {

const std::vector<std::string>& OrientationsSpec::torus_labels() {
  static const std::vector<std::string> names = {"clifford", "standard_torus", "other"};
  return names;
}

std::vector<std::string> OrientationsSpec::phases() const {
  return {"train", "geometry", "behaviour", "fixed_points"};
}

std::vector<Column> OrientationsSpec::grid_columns() const {
  using T = ColumnType;
  return {
      {"seed", T::i64, {}, "grid seed: initial weights and training trials derive from it (with n, g)"},
      {"n", T::i32, {}, "network size; per-row arrays hold n values, then NaN up to n_max"},
      {"g", T::f64, {}, "gain of the initial W_rec ~ N(0, g²/n)"},
      {"sigma_rec", T::f64, {}, "recurrent noise σ_rec in training and in the behaviour trials"},
      {"ordinal", T::i8, {}, "1: the ordinal output (sign of 2θ2 − 2θ1) is trained"},
      {"activation", T::i8, {}, "the activation: an index into `categories`", activation_names()},
  };
}

std::vector<Column> OrientationsSpec::columns(bool) const {
  using T = ColumnType;
  const OrientationsConfig& o = config;
  const uint64_t n = static_cast<uint64_t>(n_max), C = static_cast<uint64_t>(o.train.max_iterations),
                 CB = static_cast<uint64_t>(o.connectivity_bins),
                 RB = static_cast<uint64_t>(o.repulsion_bins),
                 I = static_cast<uint64_t>(o.task.inputs()), O = static_cast<uint64_t>(outputs);
  std::vector<Column> c = {
      {"cost/fixed_points", T::f64, {2}, "of the fixed_points phase: seconds to find the points, and for their spectra"},
      {"train/iterations", T::i32, {}, "BPTT iterations run"},
      {"train/reached", T::i8, {}, "1: the batch's mean report error fell below train.threshold_deg"},
      {"train/loss", T::f64, {C}, "learning curve: loss per iteration (NaN past train/iterations)"},
      {"train/error_deg", T::f64, {C}, "learning curve: the batch's mean report error (degrees) per iteration"},
      {"torus/pca4", T::f64, {}, "variance of the delay-2 end states (θ1 × θ2 grid, noise-free) in the leading 4 PCs"},
      {"torus/angles", T::f64, {2}, "principal angles between the θ1 and θ2 planes, degrees (smaller first)"},
      {"torus/radius_ratio", T::f64, {}, "r1 / r2: radii of the θ1 and θ2 circles"},
      {"torus/additivity", T::f64, {}, "variance of f(θ1) + g(θ2) / with the first-harmonic interaction"},
      {"torus/label", T::i8, {}, "the torus: an index into `categories`", torus_labels()},
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
  const std::vector<Column> fp = fixed_point_columns(
      n_max, o.fixed_points, fixed_point_starts(),
      "starts used: delay-2 end states of the noise-free grid plus noise",
      "per start (fixed_points.samples of the grid's delay-2 end states, evenly spaced): the point it reached, −1 none");
  c.insert(c.end(), fp.begin(), fp.end());
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

std::vector<Axis> OrientationsSpec::curve_axes() const {
  const OrientationsConfig& o = config;
  std::vector<double> delta, abs_delta, iteration;
  for (int k = 0; k < o.connectivity_bins; ++k)
    delta.push_back(-M_PI / 2 + (k + 0.5) * M_PI / o.connectivity_bins);
  for (int k = 0; k < o.repulsion_bins; ++k) abs_delta.push_back((k + 0.5) * M_PI / 2 / o.repulsion_bins);
  for (int k = 1; k <= o.train.max_iterations; ++k) iteration.push_back(k);
  return {
      {"connectivity_bins", delta, "bin centres of the preferred-angle difference Δ (radians) of connectivity/profile"},
      {"repulsion_bins", abs_delta, "bin centres of |Δθ| = |θ2 − θ1| (radians) of behaviour/repulsion"},
      {"iteration", iteration, "BPTT iteration of train/loss and train/error_deg"},
  };
}

void OrientationsSpec::describe(StoreHeader& h) const {
  h.texts.push_back({"torus_labels", join(torus_labels(), ",")});
  h.texts.push_back({"activations", join(activation_names(), ",")});
  h.texts.push_back({"point_kinds", point_kind_list()});
  const OrientationsConfig& o = config;
  for (auto [name, v] : {std::pair{"curve", o.train.max_iterations},
                         {"connectivity_bins", o.connectivity_bins},
                         {"repulsion_bins", o.repulsion_bins}, {"inputs", o.task.inputs()},
                         {"outputs", outputs}, {"n_max", n_max},
                         {"points_max", o.fixed_points.max_points},
                         {"eigenvalues_kept", o.fixed_points.finder.keep},
                         {"fixed_point_starts", fixed_point_starts()}})
    h.numbers.push_back({name, v});
}

std::vector<std::pair<std::string, std::string>> OrientationsSpec::input_files() const {
  if (config.deltas_file.empty()) return {};
  return {{"task.deltas_file", config.deltas_file}};
}

}  // namespace wmsweep

namespace wmsweep {

// What an adaptive sweep may aim at: the condition table's two fractions (report.cpp counts the
// torus among networks with a measured geometry, the signature among those with behaviour).
std::vector<Outcome> OrientationsSpec::outcomes() const {
  return {
      {"torus", "the torus (Clifford-like or not) among networks whose geometry was measured",
       {"torus/label"}, torus_labels(),
       [](const std::vector<double>& v) { return v[0] >= 0 ? static_cast<int>(v[0]) : -1; }},
      {"human", "the human signature among networks whose behaviour was measured",
       {"behaviour/human"}, {"not human", "human"},
       [](const std::vector<double>& v) { return v[0] >= 0 ? static_cast<int>(v[0] == 1) : -1; }},
  };
}

}  // namespace wmsweep
