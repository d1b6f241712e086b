#include "dynamics/behaviour.h"

#include <algorithm>
#include <cmath>

namespace wmsweep {

double wrap_orientation(double radians) {
  double w = std::remainder(radians, M_PI);  // [−π/2, π/2]
  return w == -M_PI / 2 ? M_PI / 2 : w;
}

Behaviour behaviour(const std::vector<double>& theta1, const std::vector<double>& theta2,
                    const std::vector<double>& report1, const std::vector<double>& report2,
                    int bins, double small) {
  Behaviour out;
  const size_t n = theta1.size();
  for (int k = 0; k <= bins; ++k) out.bin_edges.push_back(M_PI / 2 * k / bins);
  out.repulsion1.assign(bins, 0.0);
  out.repulsion2.assign(bins, 0.0);
  out.count.assign(bins, 0);
  std::vector<double> pooled, e1s, e2s;
  for (size_t i = 0; i < n; ++i) {
    const double d = wrap_orientation(theta2[i] - theta1[i]);
    if (d == 0) continue;  // no direction to be repelled in
    const double s = d > 0 ? 1.0 : -1.0;
    const double e1 = wrap_orientation(report1[i] - theta1[i]);
    const double e2 = wrap_orientation(report2[i] - theta2[i]);
    const int bin = std::min(bins - 1, static_cast<int>(std::fabs(d) / (M_PI / 2) * bins));
    out.repulsion2[bin] += s * e2;
    out.repulsion1[bin] += -s * e1;
    ++out.count[bin];
    if (std::fabs(d) <= small) {
      pooled.push_back(s * e2);
      pooled.push_back(-s * e1);
      e1s.push_back(e1);
      e2s.push_back(e2);
    }
  }
  for (int k = 0; k < bins; ++k)
    if (out.count[k] > 0) {
      out.repulsion1[k] /= out.count[k];
      out.repulsion2[k] /= out.count[k];
    } else {
      out.repulsion1[k] = out.repulsion2[k] = std::nan("");
    }
  out.n_small = static_cast<int>(e1s.size());
  if (out.n_small < 3) return out;
  double m = 0;
  for (double v : pooled) m += v / pooled.size();
  double var = 0;
  for (double v : pooled) var += (v - m) * (v - m) / (pooled.size() - 1);
  out.repulsion_small = m;
  out.repulsion_se = std::sqrt(var / pooled.size());
  double m1 = 0, m2 = 0;
  for (int i = 0; i < out.n_small; ++i) m1 += e1s[i] / out.n_small, m2 += e2s[i] / out.n_small;
  double c = 0, v1 = 0, v2 = 0;
  for (int i = 0; i < out.n_small; ++i) {
    c += (e1s[i] - m1) * (e2s[i] - m2);
    v1 += (e1s[i] - m1) * (e1s[i] - m1);
    v2 += (e2s[i] - m2) * (e2s[i] - m2);
  }
  out.correlation_small = v1 > 0 && v2 > 0 ? c / std::sqrt(v1 * v2) : 0;
  // Fisher's z: the correlation's standard error is 1/√(n − 3)
  const double z = std::atanh(std::clamp(out.correlation_small, -0.999999, 0.999999));
  out.human_signature = out.repulsion_small > 1.96 * out.repulsion_se &&
                        z > 1.96 / std::sqrt(out.n_small - 3.0);
  return out;
}

}  // namespace wmsweep
