// Fixed points of a random tanh network, written as text for tests/reference/fixed_points_reference.py:
//   dump_fixed_points N GAIN STARTS SEED > out.txt
// Lines: "n N", "M" + N·N values (col-major), then per point "point zero kind" and its x, then
// "eig" + 2·N values (re, im; all N, the engine's order).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "dynamics/fixed_points.h"
#include "linalg/vmath.h"
#include "util/rng.h"

using namespace wmsweep;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: dump_fixed_points N GAIN STARTS SEED\n");
    return 2;
  }
  linalg::use_single_threaded_blas();
  const int n = std::atoi(argv[1]), count = std::atoi(argv[3]);
  const double gain = std::atof(argv[2]);
  const uint64_t seed = std::strtoull(argv[4], nullptr, 10);
  std::vector<double> M(static_cast<size_t>(n) * n), starts(static_cast<size_t>(n) * count);
  for (size_t i = 0; i < M.size(); ++i) M[i] = gain / std::sqrt(n) * normal_at(seed, i);
  for (size_t i = 0; i < starts.size(); ++i) starts[i] = 2 * normal_at(seed + 1, i);
  FixedPointConfig config;
  config.keep = n;
  config.slow_rate = 1e-3;
  const FixedPointSet set = find_fixed_points(n, M.data(), nullptr, starts.data(), count, config);
  std::printf("n %d\nscale %.17g\nM", n, set.scale);
  for (double v : M) std::printf(" %.17g", v);
  std::printf("\n");
  for (const FixedPoint& p : set.points) {
    std::printf("point %d %s unstable %d slow %d x", p.zero ? 1 : 0, point_kind_name(p.kind),
                p.unstable, p.slow);
    for (double v : p.x) std::printf(" %.17g", v);
    std::printf("\neig");
    for (const auto& l : p.eigenvalues) std::printf(" %.17g %.17g", l.real(), l.imag());
    std::printf("\n");
  }
  return 0;
}
