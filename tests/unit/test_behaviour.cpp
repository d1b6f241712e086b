#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "dynamics/behaviour.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {
// n trials: θ uniform; errors: repulsion k·sign(Δθ) for |Δθ| < 45°, plus noise of std s with
// correlation rho between the two items
void make(int n, double k, double s, double rho, uint64_t seed, std::vector<double>* t1,
          std::vector<double>* t2, std::vector<double>* r1, std::vector<double>* r2) {
  for (int i = 0; i < n; ++i) {
    const double a = M_PI * uniform_at(seed, 2 * i), b = M_PI * uniform_at(seed, 2 * i + 1);
    const double d = wrap_orientation(b - a), sign = d > 0 ? 1 : -1;
    const double push = std::fabs(d) < M_PI / 4 ? k : 0;
    const double z1 = normal_at(seed + 1, 2 * i), z2 = normal_at(seed + 1, 2 * i + 1);
    const double n1 = s * z1, n2 = s * (rho * z1 + std::sqrt(1 - rho * rho) * z2);
    t1->push_back(a);
    t2->push_back(b);
    r1->push_back(a - sign * push + n1);
    r2->push_back(b + sign * push + n2);
  }
}
}  // namespace

TEST_CASE("orientation wrap: period π, into (−π/2, π/2]") {
  CHECK(wrap_orientation(M_PI) == doctest::Approx(0.0));
  CHECK(wrap_orientation(0.6 * M_PI) == doctest::Approx(-0.4 * M_PI));
  CHECK(wrap_orientation(-M_PI / 2) == doctest::Approx(M_PI / 2));
}

TEST_CASE("behaviour: a known repulsion and error correlation are recovered; none gives no signature") {
  std::vector<double> t1, t2, r1, r2;
  const double k = 2 * M_PI / 180;  // 2° away from the other item
  const double s = 0.15, rho = 0.4;
  make(20000, k, s, rho, 3, &t1, &t2, &r1, &r2);
  const Behaviour b = behaviour(t1, t2, r1, r2);
  REQUIRE(b.count.size() == 9);
  CHECK(b.repulsion2[0] == doctest::Approx(k).epsilon(0.05));   // |Δθ| < 10°: pushed by k
  CHECK(b.repulsion1[2] == doctest::Approx(k).epsilon(0.05));
  CHECK(std::fabs(b.repulsion2[8]) < 4 * s / std::sqrt(b.count[8]));  // |Δθ| > 80°: not pushed
  CHECK(b.repulsion_small == doctest::Approx(k).epsilon(0.05));
  // the push itself anti-correlates the errors: corr = (ρs² − k²) / (s² + k²)
  CHECK(b.correlation_small == doctest::Approx((rho * s * s - k * k) / (s * s + k * k)).epsilon(0.1));
  CHECK(b.human_signature);
  std::vector<double> u1, u2, q1, q2;
  make(20000, 0.0, 0.05, 0.0, 4, &u1, &u2, &q1, &q2);
  const Behaviour none = behaviour(u1, u2, q1, q2);
  CHECK(std::fabs(none.repulsion_small) < 3 * none.repulsion_se);
  CHECK(std::fabs(none.correlation_small) < 0.05);
  CHECK_FALSE(none.human_signature);
}
