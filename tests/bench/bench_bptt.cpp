// Study-2 training cost, one core.
//   bench_bptt B ITERATIONS [float64]   seconds per BPTT iteration (forward, backward,
//                                       clipping, Adam) for N = 100, the spec's 370 steps
//   bench_bptt network B                one network trained to the spec's 5° (cap 5000
//                                       iterations): "iterations seconds reached"
// tests/bench/bench_bptt.sh runs both beside PyTorch.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "linalg/vmath.h"
#include "train/orientation_trainer.h"

using namespace wmsweep;

int main(int argc, char** argv) {
  linalg::use_single_threaded_blas();
  OrientationTask task;  // the spec's timing: 370 steps
  BpttConfig c;
  c.n = 100;
  const bool network = argc > 1 && std::strcmp(argv[1], "network") == 0;
  const auto seconds = [t0 = std::chrono::steady_clock::now()] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  if (network) {
    c.batch = argc > 2 ? std::atoi(argv[2]) : 64;
    const BpttResult r = train_orientations(task, c, 1);
    std::printf("%d %.2f %d\n", r.iterations, seconds(), r.reached ? 1 : 0);
    return 0;
  }
  c.batch = argc > 1 ? std::atoi(argv[1]) : 64;
  c.float64 = argc > 3 && std::strcmp(argv[3], "float64") == 0;
  c.max_iterations = 1;
  c.threshold_deg = 0;  // never stops early
  train_orientations(task, c, 1);  // warm-up
  c.max_iterations = argc > 2 ? std::atoi(argv[2]) : 10;
  const double t0 = seconds();
  const BpttResult r = train_orientations(task, c, 1);
  std::printf("%.4f\n", (seconds() - t0) / r.iterations);
  return 0;
}
