#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "linalg/symmetric.h"
#include "util/rng.h"

using namespace wmsweep;
using namespace wmsweep::linalg;

namespace {
std::vector<double> random_vector(size_t count, uint64_t key) {
  std::vector<double> v(count);
  for (size_t i = 0; i < count; ++i) v[i] = normal_at(key, i);
  return v;
}
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}
}  // namespace

// Sizes around the 8- and 16-lane edges, where masked tails start.
TEST_CASE("packed symmetric kernels agree with plain loops and give the same bits on every path") {
  for (int n : {1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 257}) {
    CAPTURE(n);
    const std::vector<double> P = random_vector(packed_size(n), 11 + n);
    const std::vector<double> r = random_vector(n, 12 + n);
    auto at = [&](int i, int j) { return i <= j ? P[packed_index(i, j)] : P[packed_index(j, i)]; };

    std::vector<double> v(n), v_scalar(n);
    spmv_upper(n, P.data(), r.data(), v.data());
    detail::spmv_upper_scalar(n, P.data(), r.data(), v_scalar.data());
    CHECK(same_bits(v, v_scalar));
    for (int i = 0; i < n; ++i) {
      long double want = 0;
      for (int j = 0; j < n; ++j) want += static_cast<long double>(at(i, j)) * r[j];
      CHECK(v[i] == doctest::Approx(static_cast<double>(want)).epsilon(1e-12).scale(10.0));
    }

    long double want_dot = 0;
    for (int i = 0; i < n; ++i) want_dot += static_cast<long double>(r[i]) * v[i];
    const double got_dot = dot(n, r.data(), v.data());
    CHECK(got_dot == detail::dot_scalar(n, r.data(), v.data()));
    CHECK(got_dot == doctest::Approx(static_cast<double>(want_dot)).epsilon(1e-12).scale(10.0));

    for (int k : {1, 5, 16}) {
      CAPTURE(k);
      const int ldv = n + 3;
      const std::vector<double> V = random_vector(static_cast<size_t>(ldv) * k, 13 + n + k);
      const std::vector<double> w = random_vector(k, 14 + k);
      std::vector<double> Q = P, Q_scalar = P;
      rank_k_downdate_upper(n, k, V.data(), ldv, w.data(), Q.data());
      detail::rank_k_downdate_upper_scalar(n, k, V.data(), ldv, w.data(), Q_scalar.data());
      CHECK(same_bits(Q, Q_scalar));
      double worst = 0;
      for (int j = 0; j < n; ++j)
        for (int i = 0; i <= j; ++i) {
          double want = P[packed_index(i, j)];
          for (int s = 0; s < k; ++s) want -= V[s * ldv + i] * V[s * ldv + j] * w[s];
          worst = std::max(worst, std::fabs(Q[packed_index(i, j)] - want));
        }
      CHECK(worst < 1e-12);

      std::vector<double> c(k), y = r, y_want = r;
      gemv_t(n, k, V.data(), ldv, r.data(), c.data());
      for (int s = 0; s < k; ++s) {
        double want = 0;
        for (int i = 0; i < n; ++i) want += V[s * ldv + i] * r[i];
        CHECK(c[s] == doctest::Approx(want).epsilon(1e-12).scale(10.0));
      }
      gemv_sub(n, k, V.data(), ldv, w.data(), y.data());
      for (int i = 0; i < n; ++i) {
        for (int s = 0; s < k; ++s) y_want[i] -= V[s * ldv + i] * w[s];
        CHECK(y[i] == doctest::Approx(y_want[i]).epsilon(1e-12).scale(10.0));
      }
    }

    std::vector<double> y = v;
    axpy(n, -0.75, r.data(), y.data());
    for (int i = 0; i < n; ++i) CHECK(y[i] == std::fma(-0.75, r[i], v[i]));
  }
}
