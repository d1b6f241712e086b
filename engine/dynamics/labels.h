#pragma once
// Mechanism labels from a long autonomous simulation (spec: "Mechanism classification"), as the
// study's code computes them. Pure functions of the recorded window statistics, so a stored
// network can be re-labelled without re-running it (`wmsweep relabel`).
//
// The study's code (numpy) casts the window means and variances of z to float32 before every
// test, compares them with float32 thresholds, and counts distinct values with np.unique:
//   settled    every float32(var) < float32(threshold)
//   distinct   the last-step z (float64) rounded to `decimals` (numpy.round), counted
//   cycle      all float32(mean) distinct, unrounded
//   far        a float32(mean) above max(encoding) + 2.5 or below −(max(encoding) + 2.5)
// Variant A: 100 noisy starts, threshold 1e-9, 4 decimals, fixed_points from 2·encodings
// distinct values. Variant B: the 4 trial ends, 1e-6, 2 decimals, from `encodings` values.
#include <string>
#include <vector>

namespace wmsweep {

enum class Mechanism { fixed_points, slow_manifold, limit_cycle, far, mixed };
const char* mechanism_name(Mechanism m);
const std::vector<std::string>& mechanism_names();  // index = stored label value

// The rule's name, stored with every label (root attribute `label_rule`).
inline constexpr const char* kLabelRule = "study-code-float32";

// Per start: mean and variance of z over the window (float64), and z at the last step.
struct WindowStats {
  std::vector<double> mean, var, last;
};

struct LabelRule {
  double var_threshold;  // settled: float32(var) < float32(var_threshold) for every start
  int decimals;          // rounding of the last-step z before counting distinct settled values
  int min_distinct;      // settled with at least this many distinct values → fixed_points
  double far_beyond;     // a float32 mean beyond ±far_beyond → far
};

// `max_encoding`: the largest response target (the study's max(encoding), not its magnitude).
LabelRule rule_variant_a(double max_encoding, int n_encodings = 3);
LabelRule rule_variant_b(double max_encoding, int n_encodings = 3);

struct Label {
  Mechanism mechanism;
  int distinct;  // settled: distinct rounded last values; else distinct float32 means
  bool settled;  // every variance below the threshold (in float32)
};

Label classify(const WindowStats& stats, const LabelRule& rule);

// numpy.round(x, decimals): round half to even on x·10^decimals; decimals < 0: x itself
double round_decimals(double x, int decimals);
// Distinct values after rounding; every non-finite value together counts as one.
int count_distinct(const std::vector<double>& values, int decimals);
// Distinct float32 values (np.unique of an array cast with .astype(np.float32)).
int count_distinct_float32(const std::vector<double>& values);

}  // namespace wmsweep
