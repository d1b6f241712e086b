#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "train/rls.h"
#include "util/rng.h"

using namespace wmsweep;

// The blocked RLS must equal the textbook update P ← P − k vᵀ after every update.
TEST_CASE("RLS with folded rank-b updates equals the rank-1 recursion") {
  const int n = 23, m = 2, updates = 40;
  Rls rls(n, 2.0, 16);
  std::vector<double> P(n * n, 0.0), W(n * m, 0.0), W_ref(n * m, 0.0);
  for (int i = 0; i < n; ++i) P[i * n + i] = 0.5;
  for (int t = 0; t < updates; ++t) {
    std::vector<double> r(n), e(m);
    for (int i = 0; i < n; ++i) r[i] = std::tanh(normal_at(7, t * n + i));
    for (int j = 0; j < m; ++j) e[j] = normal_at(8, t * m + j);
    rls.update(r.data(), e.data(), m, W.data());
    std::vector<double> v(n, 0.0);
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) v[i] += P[j * n + i] * r[j];
    double c = 1.0;
    for (int i = 0; i < n; ++i) c += r[i] * v[i];
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) P[j * n + i] -= v[i] / c * v[j];
    for (int j = 0; j < m; ++j)
      for (int i = 0; i < n; ++i) W_ref[j * n + i] -= v[i] / c * e[j];
    const std::vector<double> got = rls.matrix();
    double worst = 0;
    for (int i = 0; i < n * n; ++i) worst = std::max(worst, std::fabs(got[i] - P[i]));
    CAPTURE(t);
    REQUIRE(worst < 1e-13);
  }
  for (int i = 0; i < n * m; ++i) CHECK(W[i] == doctest::Approx(W_ref[i]).epsilon(1e-12));
}
