// The flip-flop's store columns (docs/store.md), its curve axis and root attributes.
#include "studies/flipflop/study.h"

namespace wmsweep {

std::vector<Column> FlipFlopSpec::grid_columns() const {
  using T = ColumnType;
  return {
      {"seed", T::i64, {}, "grid seed: initial weights, training batches and starts derive from it (with n, g, sigma_rec)"},
      {"n", T::i32, {}, "network size; per-row arrays hold n values, then NaN up to n_max"},
      {"g", T::f64, {}, "gain of the initial W_rec ~ N(0, g²/n)"},
      {"sigma_rec", T::f64, {}, "recurrent noise σ_rec in training"},
  };
}

std::vector<Column> FlipFlopSpec::columns(bool) const {
  using T = ColumnType;
  const FlipFlopConfig& c = config;
  const uint64_t n = static_cast<uint64_t>(n_max), C = static_cast<uint64_t>(c.train.max_iterations),
                 bits = static_cast<uint64_t>(c.task.bits), memories = uint64_t{1} << bits,
                 P = static_cast<uint64_t>(c.fixed_points.max_points);
  std::vector<Column> out = {
      {"cost/fixed_points", T::f64, {2}, "of the fixed_points phase: seconds to find the points, and for their spectra"},
      {"train/iterations", T::i32, {}, "BPTT iterations run"},
      {"train/reached", T::i8, {}, "1: the batch's task loss fell to train.threshold"},
      {"train/loss", T::f64, {C}, "learning curve: loss per iteration (NaN past train/iterations)"},
      {"train/task_loss", T::f64, {C}, "learning curve: the batch's masked MSE per iteration"},
      {"test/accuracy", T::f64, {}, "fresh noise-free trials (analysis.test_trials): masked entries whose output has the target's sign"},
  };
  const std::vector<Column> fp = fixed_point_columns(
      n_max, c.fixed_points, c.fixed_points.samples,
      "starts used: test-trial states (evenly spaced) plus noise",
      "per start: the point it reached, −1 none");
  out.insert(out.end(), fp.begin(), fp.end());
  const std::vector<Column> rest = {
      {"memory/point_memory", T::i8, {P}, "per stored point: the memory its readout reads, sign pattern of W_out tanh(x) + b_out (bit c: output c > 0); −1 no point"},
      {"memory/stable_point", T::i32, {memories}, "per memory (0 … 2^bits − 1): the stable point reading out as it (most hits), −1 none (or not among the stored points)"},
      {"memory/held", T::i32, {}, "memories with a stable point of their own (of 2^bits)"},
      {"memory/stable", T::i32, {}, "stable points"},
      {"memory/saddles", T::i32, {}, "saddle points"},
      {"memory/saddle_unstable", T::i32, {P}, "per saddle, in point order: its unstable eigenvalues (−1 past the saddles)"},
      {"trained/w_rec", T::f64, {n, n}, "trained W_rec (n, n), column-major as in h5py: [row][pre][post]"},
      {"trained/w_in", T::f64, {bits, n}, "trained W_in (n, bits): [row][input][unit]"},
      {"trained/b", T::f64, {n}, "trained bias"},
      {"trained/w_out", T::f64, {n, bits}, "trained W_out (bits, n): [row][unit][output]"},
      {"trained/b_out", T::f64, {bits}, "trained output bias"},
      {"trained/x0", T::f64, {n}, "trained initial state"},
  };
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

std::vector<Axis> FlipFlopSpec::curve_axes() const {
  std::vector<double> iteration;
  for (int k = 1; k <= config.train.max_iterations; ++k) iteration.push_back(k);
  return {{"iteration", iteration, "BPTT iteration of train/loss and train/task_loss"}};
}

void FlipFlopSpec::describe(StoreHeader& h) const {
  h.texts.push_back({"point_kinds", point_kind_list()});
  for (auto [name, v] : {std::pair{"n_max", n_max}, {"bits", config.task.bits},
                         {"curve", config.train.max_iterations},
                         {"points_max", config.fixed_points.max_points},
                         {"eigenvalues_kept", config.fixed_points.finder.keep},
                         {"fixed_point_starts", config.fixed_points.samples}})
    h.numbers.push_back({name, v});
}

}  // namespace wmsweep

namespace wmsweep {

// What an adaptive sweep may aim at: the table's "all held" fraction (study.cpp: of the ok
// networks, those holding every one of the 2^bits memories at a stable point of its own).
std::vector<Outcome> FlipFlopSpec::outcomes() const {
  const double memories = static_cast<double>(1 << config.task.bits);
  return {{"all_held", "whether a network holds all 2^bits memories at stable points, among the ok ones",
           {"memory/held"}, {"some lost", "all held"},
           [memories](const std::vector<double>& v) { return v[0] == memories ? 1 : 0; }}};
}

}  // namespace wmsweep
