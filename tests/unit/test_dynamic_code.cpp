#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dynamics/behaviour.h"
#include "dynamics/dynamic_code.h"

using namespace wmsweep;

namespace {

constexpr int kG1 = 24, kG2 = 12;

// A unit's response 0.2 + depth·cos 2(θ − φ) to θ1 (item 1) or θ2 (item 2); depth 0 is flat.
struct Unit { int item; double phi, depth; };

// states (n, kG1·kG2): column i + kG1·j at θ1 = i·π/kG1, θ2 = j·π/kG2
std::vector<double> states(const std::vector<Unit>& units) {
  const size_t n = units.size();
  std::vector<double> X(n * kG1 * kG2);
  for (int j = 0; j < kG2; ++j)
    for (int i = 0; i < kG1; ++i)
      for (size_t u = 0; u < n; ++u) {
        const double theta = units[u].item == 1 ? i * M_PI / kG1 : j * M_PI / kG2;
        X[(i + kG1 * j) * n + u] = 0.2 + units[u].depth * std::cos(2 * (theta - units[u].phi));
      }
  return X;
}

// 40 θ1 units at φ = kπ/40, depth 1: an isotropic code, so ridge shrinkage leaves angles exact
std::vector<Unit> ring() {
  std::vector<Unit> units;
  for (int k = 0; k < 40; ++k) units.push_back({1, k * M_PI / 40, 1.0});
  return units;
}

DynamicCode run(const std::vector<Unit>& d1, const std::vector<Unit>& d2) {
  const std::vector<double> X1 = states(d1), X2 = states(d2);
  return dynamic_code(static_cast<int>(d1.size()), kG1, kG2, X1.data(), X2.data());
}

}  // namespace

TEST_CASE("first-harmonic tuning: preferred angle and depth of cosine tuning, exactly") {
  const double phi[4] = {0.0, 0.4, 1.9, M_PI - 1e-3}, depth[4] = {1.0, 0.3, 2.5, 0.7};
  for (int g : {7, 24}) {
    // rows: the four tuned units (with an offset and a second harmonic that must not leak), then a flat one
    std::vector<double> r(5 * static_cast<size_t>(g), 1.5);
    for (int i = 0; i < g; ++i)
      for (int u = 0; u < 4; ++u)
        r[i * 5 + u] = 1 + depth[u] * std::cos(2 * (i * M_PI / g - phi[u])) + 0.4 * std::cos(4 * i * M_PI / g);
    const UnitTuning t = first_harmonic_tuning(5, g, r.data());
    CAPTURE(g);
    for (int u = 0; u < 4; ++u) {
      CHECK(t.preferred[u] >= 0);
      CHECK(t.preferred[u] < M_PI);
      CHECK(std::fabs(wrap_orientation(t.preferred[u] - phi[u])) < 1e-12);
      CHECK(t.depth[u] == doctest::Approx(depth[u]).epsilon(1e-12));
    }
    CHECK(t.depth[4] < 1e-14);
  }
}

TEST_CASE("dynamic code: a static code does not move and decodes exactly across the delays") {
  const std::vector<Unit> d1 = ring();
  DynamicCode c = run(d1, d1);
  CHECK(c.selective == 40);
  CHECK(c.moved == 0);
  CHECK(c.switched == 0);
  CHECK(c.cross_error_deg < 1e-9);
  CHECK(c.same_error_deg < 1e-9);
  // θ2 arriving in delay 2 on units flat in delay 1: not θ1-selective, and the delay-1 decoder
  // gives them no weight (no variance to fit), so decoding stays exact
  std::vector<Unit> a = ring(), b = ring();
  for (int k = 0; k < 10; ++k) {
    a.push_back({2, k * M_PI / 10, 0.0});
    b.push_back({2, k * M_PI / 10, 1.0});
  }
  c = run(a, b);
  CHECK(c.selective == 40);
  CHECK(c.moved == 0);
  CHECK(c.cross_error_deg < 1e-9);
  CHECK(c.same_error_deg < 1e-9);
}

TEST_CASE("dynamic code: rotated preferences move and break cross-temporal decoding") {
  // Half the units turn their preferred θ1 by 90° (a sign flip). The delay-1 decoder reads
  // Σ± v_u v_uᵀ v(θ1), v = (cos 2·, sin 2·): the halves' isotropic parts cancel, so the half is
  // chosen with cos 4φ > 0 (plus two at cos 4φ = 0) to leave a symmetric traceless map, a
  // reflection: θ̂1 = const − θ1, whose errors on an even grid have mean |·| exactly 45° whatever
  // the constant (a balanced half, e.g. every other unit, would leave only rounding noise)
  std::vector<Unit> d2 = ring();
  std::vector<bool> turned(40);
  for (int k = 0; k < 40; ++k) turned[k] = std::cos(4 * d2[k].phi) > 1e-9 || k == 5 || k == 25;
  for (int k = 0; k < 40; ++k)
    if (turned[k]) d2[k].phi += M_PI / 2;
  DynamicCode c = run(ring(), d2);
  CHECK(c.moved == 0.5);
  CHECK(c.switched == 0);
  CHECK(c.cross_error_deg == doctest::Approx(45.0).epsilon(1e-9));
  CHECK(c.same_error_deg < 1e-9);  // delay 2 on its own is still an exact ring
  // all of them: the delay-1 decoder reads every θ1 as θ1 + 90°
  for (int k = 0; k < 40; ++k)
    if (!turned[k]) d2[k].phi += M_PI / 2;
  c = run(ring(), d2);
  CHECK(c.moved == 1);
  CHECK(c.cross_error_deg == doctest::Approx(90.0).epsilon(1e-9));
  CHECK(c.same_error_deg < 1e-9);
}

TEST_CASE("dynamic code: losing or gaining selectivity is a switch; a turn ≤ 45° is not a move") {
  std::vector<Unit> d1 = ring(), d2 = ring();
  d2[0].phi += M_PI / 6;  // 30°: stays
  d2[1].phi += M_PI / 3;  // 60°: moves
  d1.push_back({1, 0.5, 1.0}), d2.push_back({1, 0.5, 0.0});      // loses selectivity
  d1.push_back({1, 1.0, 1.0}), d2.push_back({1, 1.0, 0.01});     // falls below the 5% floor
  d1.push_back({1, 1.5, 0.0}), d2.push_back({1, 1.5, 1.0});      // gains it
  d1.push_back({1, 2.0, 0.03}), d2.push_back({1, 2.5, 0.04});    // never selective
  d1.push_back({1, 0.0, 0.0}), d2.push_back({1, 0.0, 0.0});      // flat
  const DynamicCode c = run(d1, d2);
  CHECK(c.selective == 43);
  CHECK(c.switched == doctest::Approx(3.0 / 43).epsilon(1e-15));
  CHECK(c.moved == doctest::Approx(4.0 / 43).epsilon(1e-15));
}
