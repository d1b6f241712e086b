#include "dynamics/connectivity.h"

#include <algorithm>
#include <cmath>

#include "dynamics/behaviour.h"
#include "dynamics/dynamic_code.h"

namespace wmsweep {
namespace {

// One profile's accumulators: per-bin sums, and the sums of the 2×2 normal equations of
// w ≈ offset + amplitude·x with x = cos 2Δ.
struct Profile {
  std::vector<double> sum;
  std::vector<int> count;
  double n = 0, x = 0, xx = 0, y = 0, xy = 0;

  explicit Profile(int bins) : sum(bins, 0.0), count(bins, 0) {}

  void add(int bin, double delta, double w) {
    sum[bin] += w;
    ++count[bin];
    const double c = std::cos(2 * delta);
    n += 1, x += c, xx += c * c, y += w, xy += c * w;
  }

  std::vector<double> means() const {
    std::vector<double> m(sum.size());
    for (size_t k = 0; k < sum.size(); ++k) m[k] = count[k] > 0 ? sum[k] / count[k] : std::nan("");
    return m;
  }

  // least squares; with no spread in Δ only the offset (the mean) is defined
  void fit(double* offset, double* amplitude) const {
    if (n == 0) return;
    const double det = n * xx - x * x;
    if (det <= 1e-12 * n * n) {
      *offset = y / n;
      return;
    }
    *amplitude = (n * xy - x * y) / det;
    *offset = (y - *amplitude * x) / n;
  }
};

}  // namespace

ConnectivityProfiles connectivity_profiles(int n, const double* w_rec, int g1, int g2,
                                           const double* states, int bins) {
  const size_t un = static_cast<size_t>(n);
  // responses averaged over θ2, (n, g1), and over θ1, (n, g2)
  std::vector<double> r1(un * g1, 0.0), r2(un * g2, 0.0);
  for (int j = 0; j < g2; ++j)
    for (int i = 0; i < g1; ++i)
      for (size_t u = 0; u < un; ++u) {
        const double v = states[(i + g1 * j) * un + u];
        r1[i * un + u] += v / g2;
        r2[j * un + u] += v / g1;
      }
  const UnitTuning t1 = first_harmonic_tuning(n, g1, r1.data()), t2 = first_harmonic_tuning(n, g2, r2.data());
  const double floor = kSelectivityFloor * std::max(*std::max_element(t1.depth.begin(), t1.depth.end()),
                                                    *std::max_element(t2.depth.begin(), t2.depth.end()));
  ConnectivityProfiles out;
  std::vector<int> set(un, 0);  // 0: unassigned
  std::vector<double> phi(un, 0.0);
  for (size_t u = 0; u < un; ++u) {
    const bool first = t1.depth[u] >= t2.depth[u];
    if (std::max(t1.depth[u], t2.depth[u]) <= floor) continue;
    set[u] = first ? 1 : 2;
    phi[u] = first ? t1.preferred[u] : t2.preferred[u];
    ++(first ? out.set1 : out.set2);
  }

  const double width = M_PI / bins;
  for (int k = 0; k < bins; ++k) out.bin_centres.push_back(-M_PI / 2 + (k + 0.5) * width);
  Profile within1(bins), within2(bins), across(bins);
  for (size_t j = 0; j < un; ++j)
    for (size_t i = 0; i < un; ++i) {
      if (i == j || set[i] == 0 || set[j] == 0) continue;
      const double delta = wrap_orientation(phi[i] - phi[j]);
      const int bin = std::min(bins - 1, static_cast<int>((delta + M_PI / 2) / width));
      Profile& p = set[i] != set[j] ? across : set[i] == 1 ? within1 : within2;
      p.add(bin, delta, w_rec[j * un + i]);
    }
  out.within1 = within1.means();
  out.within2 = within2.means();
  out.across = across.means();
  within1.fit(&out.offset1, &out.amplitude1);
  within2.fit(&out.offset2, &out.amplitude2);
  across.fit(&out.offset_across, &out.amplitude_across);
  return out;
}

}  // namespace wmsweep
