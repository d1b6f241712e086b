#include "net/weights.h"

#include <cmath>

#include "util/rng.h"

namespace wmsweep {

std::shared_ptr<const std::vector<double>> draw_recurrent(uint64_t seed, int n, double pg) {
  const uint64_t mask_key = mix(tag("J.mask"), seed);
  const uint64_t value_key = mix(tag("J.value"), seed);
  const double scale = 1.0 / std::sqrt(pg * n);
  auto J = std::make_shared<std::vector<double>>(static_cast<size_t>(n) * n, 0.0);
  // Entry (i, j) uses counter j·n + i of both streams: the same value at every pg, and a
  // sparser J keeps a subset of a denser one's entries.
  for (size_t idx = 0; idx < J->size(); ++idx)
    if (uniform_at(mask_key, idx) < pg) (*J)[idx] = normal_at(value_key, idx) * scale;
  return J;
}

Weights draw_weights(std::shared_ptr<const std::vector<double>> J, uint64_t seed, int n,
                     double g, double fb, double in, const std::string& init, double x0_std) {
  const bool uniform = init == "uniform";
  auto draw = [&](const char* name, size_t count, double divisor) {
    const uint64_t key = mix(tag(name), seed);
    std::vector<double> v(count);
    for (size_t i = 0; i < count; ++i)
      v[i] = (uniform ? 2.0 * uniform_at(key, i) - 1.0 : normal_at(key, i)) / divisor;
    return v;
  };
  Weights w;
  w.n = n;
  w.g = g;
  w.J = std::move(J);
  const size_t un = static_cast<size_t>(n);
  w.w_f = draw("w_f", un, fb);
  w.w_fd = draw("w_fd", 2 * un, fb);
  w.w_i = draw("w_i", 2 * un, in);
  const uint64_t x0_key = mix(tag("x0"), seed);
  w.x0.resize(un);
  for (size_t i = 0; i < un; ++i) w.x0[i] = x0_std * normal_at(x0_key, i);
  return w;
}

std::vector<double> closed_loop_matrix(const Weights& w, const Readouts& ro) {
  const size_t n = static_cast<size_t>(w.n);
  std::vector<double> M(n * n);
  const std::vector<double>& J = *w.J;
  for (size_t j = 0; j < n; ++j)
    for (size_t i = 0; i < n; ++i)
      M[j * n + i] = w.g * J[j * n + i] + w.w_f[i] * ro.w_o[j] + w.w_fd[i] * ro.w_d[j] +
                     w.w_fd[n + i] * ro.w_d[n + j];
  return M;
}

}  // namespace wmsweep
