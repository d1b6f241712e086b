#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "dynamics/fixed_points.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {

// Every reported zero satisfies rms(F) < 1e-10·scale in float64, recomputed here.
void check_zeros(int n, const std::vector<double>& M, const double* b, const FixedPointSet& set) {
  std::vector<double> f(static_cast<size_t>(n));
  for (const FixedPoint& p : set.points) {
    if (!p.zero) continue;
    CHECK(residual(n, M.data(), b, p.x.data(), f.data()) < 1e-10 * set.scale);
  }
}

// x = 1.5·tanh(x) has the roots 0 and ±m; solved by bisection on (0.5, 3).
double bistable_root(double gain) {
  double lo = 0.5, hi = 3;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (mid - gain * std::tanh(mid) < 0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

TEST_CASE("N = 2: every fixed point an exhaustive grid search finds, each classified") {
  // Two weakly coupled bistable units: 9 fixed points (4 stable, 4 saddles of index 1, 1 of
  // index 2). The reference: sign changes of F on a 1201² grid, refined by 2-D Newton with the
  // closed-form inverse, and the 2×2 eigenvalues from trace and determinant.
  const int n = 2;
  const std::vector<double> M = {1.5, 0.1, 0.2, 1.5};  // col-major: M01 = 0.2, M10 = 0.1
  auto F = [&](double x0, double x1, double* f) {
    const double t0 = std::tanh(x0), t1 = std::tanh(x1);
    f[0] = -x0 + M[0] * t0 + M[2] * t1;
    f[1] = -x1 + M[1] * t0 + M[3] * t1;
  };
  struct Ref {
    double x0, x1;
    int unstable;
  };
  std::vector<Ref> ref;
  const int G = 1201;
  const double B = 2.0;  // |x| ≤ ‖M‖∞ = 1.7 < 2
  for (int a = 0; a + 1 < G; ++a)
    for (int c = 0; c + 1 < G; ++c) {
      const double x0 = -B + 2 * B * a / (G - 1), x1 = -B + 2 * B * c / (G - 1), h = 2 * B / (G - 1);
      double f00[2], f10[2], f01[2], f11[2];
      F(x0, x1, f00);
      F(x0 + h, x1, f10);
      F(x0, x1 + h, f01);
      F(x0 + h, x1 + h, f11);
      auto changes = [](double p, double q, double r, double s) {
        return std::min({p, q, r, s}) <= 0 && std::max({p, q, r, s}) >= 0;
      };
      if (!changes(f00[0], f10[0], f01[0], f11[0]) || !changes(f00[1], f10[1], f01[1], f11[1])) continue;
      double y0 = x0 + h / 2, y1 = x1 + h / 2;
      for (int it = 0; it < 50; ++it) {
        double f[2];
        F(y0, y1, f);
        const double d0 = 1 - std::tanh(y0) * std::tanh(y0), d1 = 1 - std::tanh(y1) * std::tanh(y1);
        const double j00 = M[0] * d0 - 1, j01 = M[2] * d1, j10 = M[1] * d0, j11 = M[3] * d1 - 1;
        const double det = j00 * j11 - j01 * j10;
        y0 -= (j11 * f[0] - j01 * f[1]) / det;
        y1 -= (-j10 * f[0] + j00 * f[1]) / det;
      }
      bool seen = false;
      for (const Ref& r : ref) seen |= std::hypot(r.x0 - y0, r.x1 - y1) < 1e-8;
      if (seen) continue;
      const double d0 = 1 - std::tanh(y0) * std::tanh(y0), d1 = 1 - std::tanh(y1) * std::tanh(y1);
      const double tr = M[0] * d0 - 1 + M[3] * d1 - 1;
      const double det = (M[0] * d0 - 1) * (M[3] * d1 - 1) - M[2] * d1 * M[1] * d0;
      const double disc = tr * tr - 4 * det;  // real here: the coupling is weak
      const double l1 = (tr + std::sqrt(disc)) / 2, l2 = (tr - std::sqrt(disc)) / 2;
      ref.push_back({y0, y1, (l1 > 0) + (l2 > 0)});
    }
  REQUIRE(ref.size() == 9);

  // 400 starts on a lattice covering the box
  std::vector<double> starts;
  for (int a = 0; a < 20; ++a)
    for (int c = 0; c < 20; ++c) {
      starts.push_back(-1.9 + 3.8 * a / 19);
      starts.push_back(-1.9 + 3.8 * c / 19);
    }
  FixedPointConfig config;
  config.slow_rate = 0;
  const FixedPointSet set = find_fixed_points(n, M.data(), nullptr, starts.data(), 400, config);
  int zeros = 0;
  for (const FixedPoint& p : set.points) zeros += p.zero;
  CHECK(zeros == 9);
  check_zeros(n, M, nullptr, set);
  int stable = 0, saddle1 = 0, saddle2 = 0;
  for (const Ref& r : ref) {
    CAPTURE(r.x0);
    CAPTURE(r.x1);
    const FixedPoint* match = nullptr;
    for (const FixedPoint& p : set.points)
      if (p.zero && std::hypot(p.x[0] - r.x0, p.x[1] - r.x1) < 1e-9) match = &p;
    REQUIRE(match != nullptr);
    CHECK(match->unstable == r.unstable);
    CHECK(match->kind == (r.unstable ? PointKind::saddle : PointKind::stable));
    CHECK(match->eigenvalues.size() == 2);
    CHECK(match->eigenvalues[0].real() >= match->eigenvalues[1].real());
    stable += r.unstable == 0;
    saddle1 += r.unstable == 1;
    saddle2 += r.unstable == 2;
  }
  CHECK(stable == 4);
  CHECK(saddle1 == 4);
  CHECK(saddle2 == 1);
  // every start ends somewhere, and the counts add up
  int counted = 0;
  for (const FixedPoint& p : set.points) counted += p.starts;
  CHECK(counted == 400);
  for (const StartOutcome& o : set.starts) CHECK(o.point >= 0);
}

TEST_CASE("Hopfield network: the stored patterns are stable points with the closed-form spectrum") {
  // M = (β/N) Σ ξξᵀ over 2 orthogonal ±1 patterns: x = m ξ with m = β tanh m is a fixed point;
  // J there has −1 + β(1 − tanh² m) twice (the patterns) and −1 (N − 2 times).
  const int n = 16;
  const double beta = 2.0;
  std::vector<double> xi1(n), xi2(n);
  for (int i = 0; i < n; ++i) {
    xi1[i] = 1;
    xi2[i] = i % 2 ? -1 : 1;
  }
  std::vector<double> M(static_cast<size_t>(n) * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) M[j * n + i] = beta / n * (xi1[i] * xi1[j] + xi2[i] * xi2[j]);
  const double m = bistable_root(beta);
  const double t = std::tanh(m), lead = -1 + beta * (1 - t * t);

  std::vector<double> starts;
  for (int s = 0; s < 4; ++s)  // noisy copies of ±ξ1, ±ξ2
    for (int copy = 0; copy < 8; ++copy)
      for (int i = 0; i < n; ++i) {
        const double* xi = s < 2 ? xi1.data() : xi2.data();
        const double sign = s % 2 ? -1 : 1;
        starts.push_back(sign * 1.5 * xi[i] + 0.3 * normal_at(7, static_cast<uint64_t>(s * 1000 + copy * n + i)));
      }
  FixedPointConfig config;
  config.slow_rate = 1e-3;
  const FixedPointSet set = find_fixed_points(n, M.data(), nullptr, starts.data(), 32, config);
  check_zeros(n, M, nullptr, set);
  REQUIRE(set.points.size() == 4);
  for (const FixedPoint& p : set.points) {
    CHECK(p.zero);
    CHECK(p.starts == 8);
    CHECK(p.kind == PointKind::stable);
    // p.x = ±m ξ
    const std::vector<double>& xi = std::fabs(p.x[0] - p.x[1]) < 1e-6 ? xi1 : xi2;
    const double sign = p.x[0] > 0 ? 1 : -1;
    for (int i = 0; i < n; ++i) CHECK(p.x[i] == doctest::Approx(sign * m * xi[i]).epsilon(1e-9));  // rms(F) ≤ 1e-10 bounds it
    REQUIRE(p.eigenvalues.size() == 16);
    CHECK(p.eigenvalues[0].real() == doctest::Approx(lead).epsilon(1e-10));
    CHECK(p.eigenvalues[1].real() == doctest::Approx(lead).epsilon(1e-10));
    for (int k = 2; k < n; ++k) CHECK(p.eigenvalues[k].real() == doctest::Approx(-1).epsilon(1e-10));
    for (const auto& l : p.eigenvalues) CHECK(std::fabs(l.imag()) < 1e-10);
  }
}

TEST_CASE("linear regime: the origin, with the spectrum of M shifted by −1, and its kind") {
  // M block-diagonal with 2×2 rotation-scalings [[a, −w], [w, a]]: eigenvalues a ± iw, so
  // J(0) = −I + M has (a − 1) ± iw. ‖M‖ < 1 makes the origin the only fixed point.
  const int n = 6;
  const double a[3] = {0.5, 0.2, -0.3}, w[3] = {0.3, 0.6, 0.1};
  std::vector<double> M(static_cast<size_t>(n) * n, 0.0);
  for (int k = 0; k < 3; ++k) {
    const int i = 2 * k;
    M[i * n + i] = a[k];
    M[(i + 1) * n + i + 1] = a[k];
    M[(i + 1) * n + i] = -w[k];
    M[i * n + i + 1] = w[k];
  }
  std::vector<double> starts;
  for (int s = 0; s < 10; ++s)
    for (int i = 0; i < n; ++i) starts.push_back(3 * normal_at(11, static_cast<uint64_t>(s * n + i)));
  FixedPointConfig config;
  config.slow_rate = 0.1;
  FixedPointSet set = find_fixed_points(n, M.data(), nullptr, starts.data(), 10, config);
  REQUIRE(set.points.size() == 1);
  const FixedPoint& p = set.points[0];
  for (double v : p.x) CHECK(std::fabs(v) < 1e-10 * set.scale);
  CHECK(p.starts == 10);
  CHECK(p.kind == PointKind::stable);
  REQUIRE(p.eigenvalues.size() == 6);
  // by real part: (0.5−1) ± 0.3i, (0.2−1) ± 0.6i, (−0.3−1) ± 0.1i; + imaginary first
  const double want_re[6] = {-0.5, -0.5, -0.8, -0.8, -1.3, -1.3};
  const double want_im[6] = {0.3, -0.3, 0.6, -0.6, 0.1, -0.1};
  for (int k = 0; k < 6; ++k) {
    CHECK(p.eigenvalues[k].real() == doctest::Approx(want_re[k]).epsilon(1e-12));
    CHECK(p.eigenvalues[k].imag() == doctest::Approx(want_im[k]).epsilon(1e-12));
  }

  // a = 1 in the first block: J(0) has 0 ± 0.3i, a marginal point with 2 slow modes
  M[0] = M[(1) * n + 1] = 1.0;
  config.slow_rate = 0.05;
  // started at the origin itself, it is found at once
  std::vector<double> zero(n, 0.0);
  set = find_fixed_points(n, M.data(), nullptr, zero.data(), 1, config);
  REQUIRE(set.points.size() == 1);
  CHECK(set.starts[0].iterations == 0);
  CHECK(set.points[0].kind == PointKind::marginal);
  CHECK(set.points[0].slow == 2);
}

TEST_CASE("a slow point: a minimum of q that is not a zero, past a fold") {
  // n = 1: F(x) = −x + 1.5 tanh x + 0.25. F' = 0 at tanh² x = 1 − 1/1.5; on the left branch
  // F stays positive there, so q = ½F² has a minimum that is no zero; the right branch has one.
  const int n = 1;
  const std::vector<double> M = {1.5};
  const double b = 0.25;
  const double x_fold = -std::atanh(std::sqrt(1 - 1 / 1.5));
  const double f_fold = -x_fold + 1.5 * std::tanh(x_fold) + b;
  REQUIRE(f_fold > 0);
  const std::vector<double> starts = {-0.9, -0.5, 2.0, 1.0};
  FixedPointConfig config;
  const FixedPointSet set = find_fixed_points(n, M.data(), &b, starts.data(), 4, config);
  check_zeros(n, M, &b, set);
  REQUIRE(set.points.size() == 2);
  const FixedPoint& zero = set.points[0];
  const FixedPoint& slow = set.points[1];
  CHECK(zero.zero);
  CHECK(zero.x[0] > 1);
  CHECK(zero.kind == PointKind::stable);
  CHECK(!slow.zero);
  CHECK(slow.kind == PointKind::slow_point);
  CHECK(slow.x[0] == doctest::Approx(x_fold).epsilon(1e-4));
  CHECK(slow.q == doctest::Approx(0.5 * f_fold * f_fold).epsilon(1e-6));
  CHECK(set.starts[0].point == 1);
  CHECK(set.starts[1].point == 1);
  CHECK(set.starts[2].point == 0);
  CHECK(set.starts[3].point == 0);
}

TEST_CASE("nearest point and the share of a state along the slowest modes") {
  // J(0) = −I + M with M = diag(0.99, 0.5, 0.1): slowest mode e0 (λ = −0.01).
  const int n = 3;
  const std::vector<double> M = {0.99, 0, 0, 0, 0.5, 0, 0, 0, 0.1};
  const std::vector<double> zero(3, 0.0);
  FixedPointConfig config;
  const FixedPointSet set = find_fixed_points(n, M.data(), nullptr, zero.data(), 1, config);
  REQUIRE(set.points.size() == 1);
  // columns: along e0, across (e1), both, and the point itself
  const double states[12] = {0.3, 0, 0, 0, 0.4, 0, 0.3, 0.4, 0, 0, 0, 0};
  const std::vector<Nearest> one = nearest_points(n, M.data(), set, states, 4, 1);
  REQUIRE(one.size() == 4);
  CHECK(one[0].point == 0);
  CHECK(one[0].distance == doctest::Approx(0.3 / std::sqrt(3.0)));
  CHECK(one[0].slow_fraction == doctest::Approx(1.0));
  CHECK(one[1].slow_fraction == doctest::Approx(0.0));
  CHECK(one[2].slow_fraction == doctest::Approx(0.6));
  CHECK(one[3].distance == 0.0);
  CHECK(one[3].slow_fraction == 0.0);
  CHECK(nearest_points(n, M.data(), set, states + 6, 1, 2)[0].slow_fraction == doctest::Approx(1.0));
}
