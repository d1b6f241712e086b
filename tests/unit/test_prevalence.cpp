#include <doctest/doctest.h>

#include <cmath>

#include "studies/seqmatch/prevalence.h"

using namespace wmsweep;

TEST_CASE("Wilson 95% intervals equal Newcombe's published values") {
  // R. G. Newcombe, Statistics in Medicine 17 (1998) 857-872, table II, method 3 (Wilson score)
  struct Case { int64_t k, n; double lo, hi; };
  for (const Case c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605},
                       Case{0, 20, 0.0000, 0.1611}, Case{1, 29, 0.0061, 0.1718}}) {
    const auto [lo, hi] = wilson_interval(c.k, c.n);
    CAPTURE(c.k);
    CHECK(std::abs(lo - c.lo) < 6e-5);
    CHECK(std::abs(hi - c.hi) < 6e-5);
  }
}

TEST_CASE("Wilson intervals: symmetric in k and n - k, and no estimate without networks") {
  const auto [lo, hi] = wilson_interval(3, 10);
  const auto [lo2, hi2] = wilson_interval(7, 10);
  CHECK(std::abs(lo - (1 - hi2)) < 1e-15);
  CHECK(std::abs(hi - (1 - lo2)) < 1e-15);
  const auto [none_lo, none_hi] = wilson_interval(0, 0);
  CHECK(std::isnan(none_lo));
  CHECK(std::isnan(none_hi));
}
