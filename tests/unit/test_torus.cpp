#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dynamics/torus.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {

constexpr int kN = 50, kG = 24;

// `dims` random orthonormal directions in kN dimensions (Gram–Schmidt on Gaussian draws)
std::vector<std::vector<double>> directions(int dims, uint64_t seed) {
  std::vector<std::vector<double>> e;
  for (int d = 0; d < dims; ++d) {
    std::vector<double> v(kN);
    for (int i = 0; i < kN; ++i) v[i] = normal_at(seed, d * kN + i);
    for (const auto& u : e) {
      double c = 0;
      for (int i = 0; i < kN; ++i) c += u[i] * v[i];
      for (int i = 0; i < kN; ++i) v[i] -= c * u[i];
    }
    double s = 0;
    for (double x : v) s += x * x;
    for (double& x : v) x /= std::sqrt(s);
    e.push_back(v);
  }
  return e;
}

// The grid's states: point(a, b) in coordinates of the directions, plus noise of std sigma.
template <class Point>
std::vector<double> embed(int dims, Point point, double sigma, uint64_t seed) {
  const auto e = directions(dims, seed);
  std::vector<double> X(static_cast<size_t>(kN) * kG * kG, 0.0);
  for (int j = 0; j < kG; ++j)
    for (int i = 0; i < kG; ++i) {
      const double a = 2 * M_PI * i / kG, b = 2 * M_PI * j / kG;  // 2θ1, 2θ2
      const std::vector<double> p = point(a, b);
      double* x = &X[static_cast<size_t>(i + kG * j) * kN];
      for (int d = 0; d < dims; ++d)
        for (int u = 0; u < kN; ++u) x[u] += p[d] * e[d][u];
      for (int u = 0; u < kN; ++u) x[u] += sigma * normal_at(seed + 1, (i + kG * j) * kN + u);
    }
  return X;
}

}  // namespace

TEST_CASE("torus geometry: an exact Clifford torus, with noise: 90°, ratio 1, additive") {
  for (double sigma : {0.0, 0.05}) {
    const auto X = embed(4, [](double a, double b) {
      return std::vector<double>{std::cos(a), std::sin(a), std::cos(b), std::sin(b)}; }, sigma, 7);
    const TorusGeometry g = torus_geometry(kN, kG, kG, X.data());
    CAPTURE(sigma);
    CHECK(g.angle1 > 85);
    CHECK(g.angle2 > 85);
    CHECK(g.radius_ratio == doctest::Approx(1.0).epsilon(0.05));
    CHECK(g.additivity > 0.95);
    CHECK(g.pca4 > 0.9);
    CHECK(g.label == "clifford");
    if (sigma == 0) {  // closed forms
      CHECK(g.angle1 == doctest::Approx(90.0).epsilon(1e-9));
      CHECK(g.radius_ratio == doctest::Approx(1.0).epsilon(1e-12));
      CHECK(g.additivity == doctest::Approx(1.0).epsilon(1e-12));
      CHECK(g.pca4 == doctest::Approx(1.0).epsilon(1e-12));
    }
  }
}

TEST_CASE("torus geometry: a standard torus needs the interaction; unequal radii are not Clifford") {
  for (double sigma : {0.0, 0.05}) {
    // (R + r cos a) cos b, (R + r cos a) sin b, r sin a with R = 2, r = 1
    const auto X = embed(3, [](double a, double b) {
      return std::vector<double>{(2 + std::cos(a)) * std::cos(b), (2 + std::cos(a)) * std::sin(b),
                                 std::sin(a)}; }, sigma, 9);
    const TorusGeometry g = torus_geometry(kN, kG, kG, X.data());
    CAPTURE(sigma);
    // main effects: R² (the b circle) + r²/2 (z); interaction r cos a·(cos b, sin b): r²/2
    if (sigma == 0) CHECK(g.additivity == doctest::Approx(4.5 / 5.0).epsilon(1e-9));
    CHECK(g.additivity < 0.95);
    CHECK(g.pca4 > 0.9);
    CHECK(g.label == "standard_torus");
  }
  const auto X = embed(4, [](double a, double b) {
    return std::vector<double>{2 * std::cos(a), 2 * std::sin(a), std::cos(b), std::sin(b)}; }, 0.0, 11);
  const TorusGeometry g = torus_geometry(kN, kG, kG, X.data());
  CHECK(g.radius_ratio == doctest::Approx(2.0).epsilon(1e-12));
  CHECK(g.label == "other");
  // tilted planes: the θ2 circle shares a direction with the θ1 plane at 45°
  const auto T = embed(4, [](double a, double b) {
    const double c = std::cos(M_PI / 4), s = std::sin(M_PI / 4);
    return std::vector<double>{std::cos(a) + c * std::cos(b), std::sin(a), s * std::cos(b), std::sin(b)}; }, 0.0, 13);
  const TorusGeometry t = torus_geometry(kN, kG, kG, T.data());
  CHECK(t.angle1 == doctest::Approx(45.0).epsilon(1e-9));
  CHECK(t.angle2 == doctest::Approx(90.0).epsilon(1e-9));
}
