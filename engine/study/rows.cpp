#include "study/rows.h"

#include <algorithm>

namespace wmsweep {

std::vector<double> rows_of(const std::vector<double>& colmajor, int n, int c, int n_max) {
  std::vector<double> out(static_cast<size_t>(n_max) * c, kNaN);
  if (colmajor.size() != static_cast<size_t>(n) * c) return out;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < c; ++k)
      out[static_cast<size_t>(i) * c + k] = colmajor[static_cast<size_t>(k) * n + i];
  return out;
}

std::vector<double> padded(const std::vector<double>& v, int n_max) {
  std::vector<double> out(static_cast<size_t>(n_max), kNaN);
  std::copy_n(v.begin(), std::min<size_t>(v.size(), out.size()), out.begin());
  return out;
}

void put_costs(const std::vector<std::string>& phases, const std::vector<PhaseCost>& costs,
               std::map<std::string, std::vector<double>>& v) {
  std::vector<double> seconds(phases.size(), kNaN), peaks(phases.size(), kNaN);
  for (const PhaseCost& c : costs)
    for (size_t k = 0; k < phases.size(); ++k)
      if (phases[k] == c.name) {
        seconds[k] = c.seconds;
        peaks[k] = static_cast<double>(c.peak_bytes);
      }
  v["cost/seconds"] = seconds;
  v["cost/peak_bytes"] = peaks;
}

}  // namespace wmsweep
