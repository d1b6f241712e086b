#include "tasks/latent.h"

#include <cmath>
#include <string>

#include "util/errors.h"
#include "util/rng.h"

namespace wmsweep {

LatentSource LatentSource::synthetic(const std::array<std::array<double, 2>, 2>& means,
                                     double std) {
  LatentSource s;
  s.mean_ = means;
  s.std_ = std;
  return s;
}

LatentSource LatentSource::from_table(const LatentTable& table, const std::string& origin) {
  if (table.latents.size() != 2 * table.labels.size())
    throw InputError(origin + ": /latents must have shape (count, 2) matching /labels (count)");
  LatentSource s;
  for (size_t i = 0; i < table.labels.size(); ++i) {
    const int d = table.labels[i];
    if (d != 0 && d != 1)
      throw InputError(origin + ": /labels[" + std::to_string(i) + "] = " + std::to_string(d) +
                       "; labels must be 0 or 1 (the two digit classes)");
    const double a = table.latents[2 * i], b = table.latents[2 * i + 1];
    if (!std::isfinite(a) || !std::isfinite(b))
      throw InputError(origin + ": /latents row " + std::to_string(i) + " is not finite");
    s.pool_[d].push_back(a);
    s.pool_[d].push_back(b);
  }
  for (int d = 0; d < 2; ++d) {
    const size_t m = s.pool_[d].size() / 2;
    if (m == 0)
      throw InputError(origin + ": no sample of class " + std::to_string(d) +
                       " in /labels; both classes 0 and 1 are needed");
    double sum0 = 0, sum1 = 0;
    for (size_t i = 0; i < m; ++i) {
      sum0 += s.pool_[d][2 * i];
      sum1 += s.pool_[d][2 * i + 1];
    }
    s.mean_[d] = {sum0 / static_cast<double>(m), sum1 / static_cast<double>(m)};
  }
  return s;
}

void LatentSource::sample(int digit, uint64_t key, uint64_t draw, double* out) const {
  const auto& pool = pool_[digit];
  if (pool.empty()) {
    out[0] = mean_[digit][0] + std_ * normal_at(key, 2 * draw);
    out[1] = mean_[digit][1] + std_ * normal_at(key, 2 * draw + 1);
  } else {
    const uint64_t m = pool.size() / 2;
    const uint64_t i = static_cast<uint64_t>(uniform_at(key, draw) * static_cast<double>(m));
    out[0] = pool[2 * i];
    out[1] = pool[2 * i + 1];
  }
}

}  // namespace wmsweep
