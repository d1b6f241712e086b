#include "util/rng.h"

#include <cmath>

namespace wmsweep {

double normal_at(uint64_t key, uint64_t i) {
  const double u1 = 1.0 - uniform_at(key, 2 * i);  // (0, 1]: log is finite
  const double u2 = uniform_at(key, 2 * i + 1);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

}  // namespace wmsweep
