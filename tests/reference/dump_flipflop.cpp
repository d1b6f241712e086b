// A flip-flop network trained and analysed as the unit test does, written as text for
// tests/reference/flipflop_reference.py:
//   dump_flipflop N SEED > out.txt
// Lines: "n N bits C", "scale S tol TOL", "W" + N·N values (col-major), "b" + N, "Wout" + C·N
// (col-major), "bout" + C, "memory_point" + 2^C indices, then per point
// "point ZERO KIND unstable U memory M x" + N values and "eig" + 2·keep values (re, im; the
// leading ones, the engine's order).
#include <cstdio>
#include <cstdlib>

#include "linalg/vmath.h"
#include "studies/flipflop/analysis.h"
#include "studies/flipflop/train.h"

using namespace wmsweep;

namespace {
void print(const char* name, const std::vector<double>& v) {
  std::printf("%s", name);
  for (double e : v) std::printf(" %.17g", e);
  std::printf("\n");
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: dump_flipflop N SEED\n");
    return 2;
  }
  linalg::use_single_threaded_blas();
  const FlipFlopTask task;
  FlipFlopTrainConfig config;
  config.n = std::atoi(argv[1]);
  const uint64_t key = std::strtoull(argv[2], nullptr, 10);
  const FlipFlopTraining tr = train_flipflop(task, config, key);
  if (!tr.reached) {
    std::fprintf(stderr, "dump_flipflop: training did not reach the threshold in %d iterations\n",
                 tr.iterations);
    return 1;
  }
  const FlipFlopAnalysisConfig ac;
  const FlipFlopAnalysis a = analyse_flipflop(task, tr.params, config.n, ac, key);
  const RnnParams& p = tr.params;
  std::printf("n %d bits %d\nscale %.17g tol %.17g\n", config.n, task.bits, a.fixed_points.scale,
              ac.finder.tol);
  print("W", p.w_rec);
  print("b", p.b);
  print("Wout", p.w_out);
  print("bout", p.b_out);
  std::printf("memory_point");
  for (int m : a.memory_point) std::printf(" %d", m);
  std::printf("\n");
  for (size_t k = 0; k < a.fixed_points.points.size(); ++k) {
    const FixedPoint& q = a.fixed_points.points[k];
    std::printf("point %d %s unstable %d memory %d x", q.zero ? 1 : 0, point_kind_name(q.kind),
                q.unstable, readout_memory(p, config.n, task.bits, q.x.data()));
    for (double v : q.x) std::printf(" %.17g", v);
    std::printf("\neig");
    for (const auto& l : q.eigenvalues) std::printf(" %.17g %.17g", l.real(), l.imag());
    std::printf("\n");
  }
  return 0;
}
