#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dynamics/connectivity.h"
#include "util/rng.h"

using namespace wmsweep;

TEST_CASE("connectivity: two exact Mexican hats and a constant across are recovered; untuned units are left out") {
  // 39 units per set at φ = kπ/39 and 13 bins: every Δ within a set is a multiple of π/39 and
  // each bin holds exactly three of them, its centre and ±π/39, half a step from the edges
  constexpr int kM = 39, kBins = 13, kG1 = 24, kG2 = 18;
  const double a1 = -0.3, c1 = 0.8, a2 = -0.1, c2 = 0.5, across = 0.02;
  // unit kinds: set 2 first, then 5 untuned (3 flat, 2 below the 5% floor), then set 1
  struct Unit { int set; double phi, depth; };
  std::vector<Unit> units;
  for (int k = 0; k < kM; ++k) units.push_back({2, k * M_PI / kM + 0.01, 0.7});
  for (int k = 0; k < 3; ++k) units.push_back({0, 0, 0});
  units.push_back({1, 0.3, 0.04});
  units.push_back({2, 1.1, 0.04});
  for (int k = 0; k < kM; ++k) units.push_back({1, k * M_PI / kM, 1.0});
  const int n = static_cast<int>(units.size());

  std::vector<double> states(static_cast<size_t>(n) * kG1 * kG2), W(static_cast<size_t>(n) * n);
  for (int j = 0; j < kG2; ++j)
    for (int i = 0; i < kG1; ++i)
      for (int u = 0; u < n; ++u) {
        const Unit& x = units[u];
        const double theta = x.set == 1 ? i * M_PI / kG1 : j * M_PI / kG2;
        states[static_cast<size_t>(i + kG1 * j) * n + u] = 0.5 + x.depth * std::cos(2 * (theta - x.phi));
      }
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const Unit &post = units[i], &pre = units[j];
      double w = 5 * normal_at(3, i + n * j);  // pairs with a weak unit: must not count
      if (post.depth >= 0.5 && pre.depth >= 0.5) {
        const double cos2 = std::cos(2 * (post.phi - pre.phi));
        w = post.set != pre.set ? across : post.set == 1 ? a1 + c1 * cos2 : a2 + c2 * cos2;
      }
      W[static_cast<size_t>(j) * n + i] = w;
    }

  const ConnectivityProfiles p = connectivity_profiles(n, W.data(), kG1, kG2, states.data(), kBins);
  CHECK(p.set1 == kM);
  CHECK(p.set2 == kM);
  CHECK(p.offset1 == doctest::Approx(a1).epsilon(1e-10));
  CHECK(p.amplitude1 == doctest::Approx(c1).epsilon(1e-10));
  CHECK(p.offset2 == doctest::Approx(a2).epsilon(1e-10));
  CHECK(p.amplitude2 == doctest::Approx(c2).epsilon(1e-10));
  CHECK(p.offset_across == doctest::Approx(across).epsilon(1e-10));
  CHECK(std::fabs(p.amplitude_across) < 1e-10);

  // bin means: cos 2Δ averaged over Δ = centre, centre ± π/39; the centre bin lacks Δ = 0 (i == j)
  REQUIRE(p.bin_centres.size() == kBins);
  const double step = 2 * M_PI / kM;
  for (int k = 0; k < kBins; ++k) {
    const double centre = (k - kBins / 2) * M_PI / kBins;
    CAPTURE(k);
    CHECK(p.bin_centres[k] == doctest::Approx(centre).epsilon(1e-12));
    const double mean_cos = k == kBins / 2 ? std::cos(step) : std::cos(2 * centre) * (1 + 2 * std::cos(step)) / 3;
    CHECK(p.within1[k] == doctest::Approx(a1 + c1 * mean_cos).epsilon(1e-10));
    CHECK(p.within2[k] == doctest::Approx(a2 + c2 * mean_cos).epsilon(1e-10));
    CHECK(p.across[k] == doctest::Approx(across).epsilon(1e-10));
  }
}
