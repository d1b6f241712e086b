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

const std::vector<std::string>& mechanism_names() {
  static const std::vector<std::string> names = {
      mechanism_name(Mechanism::fixed_points), mechanism_name(Mechanism::slow_manifold),
      mechanism_name(Mechanism::limit_cycle), mechanism_name(Mechanism::far),
      mechanism_name(Mechanism::mixed)};
  return names;
}

LabelRule rule_variant_a(double max_encoding, int n_encodings) {
  return {1e-9, 4, 2 * n_encodings, max_encoding + 2.5};
}

LabelRule rule_variant_b(double max_encoding, int n_encodings) {
  return {1e-6, 2, n_encodings, max_encoding + 2.5};
}

double round_decimals(double x, int decimals) {
  if (decimals < 0) return x;
  const double scale = std::pow(10.0, decimals);
  return std::nearbyint(x * scale) / scale;
}

namespace {
template <class T>
int distinct(std::vector<T> r, bool non_finite) {
  std::sort(r.begin(), r.end());
  return static_cast<int>(std::unique(r.begin(), r.end()) - r.begin()) + (non_finite ? 1 : 0);
}
}  // namespace

int count_distinct(const std::vector<double>& values, int decimals) {
  std::vector<double> r;
  r.reserve(values.size());
  bool non_finite = false;  // NaN has no order: every non-finite value counts as one more
  for (double v : values) {
    if (std::isfinite(v)) r.push_back(round_decimals(v, decimals));
    else non_finite = true;
  }
  return distinct(std::move(r), non_finite);
}

int count_distinct_float32(const std::vector<double>& values) {
  std::vector<float> r;
  r.reserve(values.size());
  bool non_finite = false;
  for (double v : values) {
    const float f = static_cast<float>(v);  // a double beyond float's range becomes ±inf
    if (std::isfinite(f)) r.push_back(f);
    else non_finite = true;
  }
  return distinct(std::move(r), non_finite);
}

Label classify(const WindowStats& s, const LabelRule& rule) {
  Label out{Mechanism::mixed, 0, true};
  // numpy compares a float32 array with a Python float in float32 (value-based casting)
  const float threshold = static_cast<float>(rule.var_threshold);
  for (double v : s.var) out.settled &= static_cast<float>(v) < threshold;  // NaN: never
  if (out.settled) {
    out.distinct = count_distinct(s.last, rule.decimals);
    out.mechanism =
        out.distinct >= rule.min_distinct ? Mechanism::fixed_points : Mechanism::slow_manifold;
    return out;
  }
  out.distinct = count_distinct_float32(s.mean);
  if (out.distinct == static_cast<int>(s.mean.size())) {
    out.mechanism = Mechanism::limit_cycle;
    return out;
  }
  // np.max / np.min of the float32 means: a NaN among them makes both NaN, and then neither
  // comparison holds (the study's rule gives `mixed`)
  const float far = static_cast<float>(rule.far_beyond);
  bool nan = false;
  float hi = -INFINITY, lo = INFINITY;
  for (double m : s.mean) {
    const float f = static_cast<float>(m);
    nan |= std::isnan(f);
    hi = std::max(hi, f);
    lo = std::min(lo, f);
  }
  if (!nan && (hi > far || lo < -far)) out.mechanism = Mechanism::far;
  return out;
}

}  // namespace wmsweep
