// Study-2 training cost, one core: seconds per BPTT iteration (forward, backward, clipping,
// Adam) for N = 100, the spec's 370 steps, batch B; the figure to compare with PyTorch
// (tests/bench/bench_bptt.sh runs both in one go).   bench_bptt B ITERATIONS
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "linalg/vmath.h"
#include "train/orientation_trainer.h"

using namespace wmsweep;

int main(int argc, char** argv) {
  linalg::use_single_threaded_blas();
  OrientationTask task;  // the spec's timing: 370 steps
  BpttConfig c;
  c.n = 100;
  c.batch = argc > 1 ? std::atoi(argv[1]) : 64;
  c.max_iterations = 1;
  c.threshold_deg = 0;  // never stops early
  train_orientations(task, c, 1);  // warm-up
  c.max_iterations = argc > 2 ? std::atoi(argv[2]) : 10;
  const auto t0 = std::chrono::steady_clock::now();
  const BpttResult r = train_orientations(task, c, 1);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%.4f\n", s / r.iterations);
  return 0;
}
