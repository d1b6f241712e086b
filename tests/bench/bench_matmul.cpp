// Our deterministic product against OpenBLAS dgemm, same sizes, same run.
// Prints ms per call, GFLOPS and the ratio. Run with OPENBLAS_NUM_THREADS=1.
#include <cblas.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "linalg/matmul.h"
#include "util/rng.h"

using namespace wmsweep;

template <class Fn>
double seconds_per_call(Fn&& fn, double budget = 0.3) {
  fn();
  int reps = 0;
  const auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  do {
    fn();
    ++reps;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < budget);
  return elapsed / reps;
}

int main() {
  const int n = 1000;
  std::vector<double> A(static_cast<size_t>(n) * n);
  for (size_t i = 0; i < A.size(); ++i) A[i] = normal_at(1, i) / 30;
  const linalg::PackedMatrix P(A.data(), n, n, n);
  std::printf("N = K = %d, one thread\n%6s %12s %10s %12s %10s %8s\n", n, "B", "ours ms",
              "GFLOPS", "OpenBLAS ms", "GFLOPS", "ratio");
  for (int B : {1, 8, 42, 100, 160, 480}) {
    std::vector<double> X(static_cast<size_t>(n) * B), Y(X.size());
    for (size_t i = 0; i < X.size(); ++i) X[i] = normal_at(2, i);
    const double ours = seconds_per_call([&] { linalg::matmul(P, X.data(), n, B, Y.data(), n); });
    const double blas = seconds_per_call([&] {
      cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, B, n, 1.0, A.data(), n, X.data(),
                  n, 0.0, Y.data(), n);
    });
    const double flops = 2.0 * n * n * B;
    std::printf("%6d %12.4f %10.1f %12.4f %10.1f %8.2f\n", B, ours * 1e3, flops / ours / 1e9,
                blas * 1e3, flops / blas / 1e9, blas / ours);
  }
}
