#include "dynamics/labels.h"

#include <algorithm>
#include <cmath>

namespace wmsweep {

const char* mechanism_name(Mechanism m) {
  switch (m) {
    case Mechanism::fixed_points: return "fixed_points";
    case Mechanism::slow_manifold: return "slow_manifold";
    case Mechanism::limit_cycle: return "limit_cycle";
    case Mechanism::far: return "far";
    case Mechanism::mixed: return "mixed";
  }
  return "?";
}

LabelRule rule_variant_a(double max_abs_encoding, int n_encodings) {
  return {1e-9, true, 4, -1, 2 * n_encodings, max_abs_encoding + 2.5};
}

LabelRule rule_variant_b(double max_abs_encoding) {
  return {1e-6, false, 2, 2, 3, max_abs_encoding + 2.5};
}

double round_decimals(double x, int decimals) {
  if (decimals < 0) return x;
  const double scale = std::pow(10.0, decimals);
  return std::nearbyint(x * scale) / scale;
}

int count_distinct(const std::vector<double>& values, int decimals) {
  std::vector<double> r;
  r.reserve(values.size());
  // NaN has no order: every non-finite value counts as one more distinct value
  bool non_finite = false;
  for (double v : values) {
    if (std::isfinite(v)) r.push_back(round_decimals(v, decimals));
    else non_finite = true;
  }
  std::sort(r.begin(), r.end());
  return static_cast<int>(std::unique(r.begin(), r.end()) - r.begin()) + (non_finite ? 1 : 0);
}

Label classify(const WindowStats& s, const LabelRule& rule) {
  Label out{Mechanism::mixed, 0, true};
  for (double v : s.var) out.settled &= v < rule.var_threshold;  // NaN is never settled
  if (out.settled) {
    out.distinct = count_distinct(rule.count_last ? s.last : s.mean, rule.decimals);
    out.mechanism =
        out.distinct >= rule.min_distinct ? Mechanism::fixed_points : Mechanism::slow_manifold;
    return out;
  }
  out.distinct = count_distinct(s.mean, rule.mean_decimals);
  if (out.distinct == static_cast<int>(s.mean.size())) {
    out.mechanism = Mechanism::limit_cycle;
    return out;
  }
  for (double m : s.mean)
    if (!(std::fabs(m) <= rule.far_beyond)) out.mechanism = Mechanism::far;
  return out;
}

}  // namespace wmsweep
