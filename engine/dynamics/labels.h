#pragma once
// Mechanism labels from a long autonomous simulation (spec: "Mechanism classification").
// Pure functions of the recorded measurements, so any rule can be re-run on stored data.
#include <string>
#include <vector>

namespace wmsweep {

enum class Mechanism { fixed_points, slow_manifold, limit_cycle, far, mixed };
const char* mechanism_name(Mechanism m);

// Per start: mean and variance of z over the window, and z at the last step.
struct WindowStats {
  std::vector<double> mean, var, last;
};

struct LabelRule {
  double var_threshold;   // "settled" if every variance is below it
  bool count_last;        // distinct values of z at the last step (A) or of the means (B)
  int decimals;           // rounding before counting distinct settled values
  int mean_decimals;      // rounding of the means for "all distinct" (−1: exact, as in variant A)
  int min_distinct;       // settled with at least this many distinct values → fixed_points
  double far_beyond;      // a mean beyond ±far_beyond → far
};

// Variant A: 100 noisy starts; B: the 4 trial-end states (spec values).
LabelRule rule_variant_a(double max_abs_encoding, int n_encodings = 3);
LabelRule rule_variant_b(double max_abs_encoding);

struct Label {
  Mechanism mechanism;
  int distinct;  // the count the rule used
  bool settled;  // every variance below the threshold
};

Label classify(const WindowStats& stats, const LabelRule& rule);

// numpy.round(x, decimals): round half to even on x·10^decimals; decimals < 0: x itself
double round_decimals(double x, int decimals);
int count_distinct(const std::vector<double>& values, int decimals);

}  // namespace wmsweep
