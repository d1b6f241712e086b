#pragma once
// Recursive least squares for a readout W (n, m) from rates r (n), P (n, n) symmetric:
//   v = P·r;  c = 1 + rᵀv;  k = v / c;  P ← P − k·vᵀ;  W ← W − k·eᵀ,   e (m) = Wᵀr − target
// P is held as P0 − Σ_s v_s v_sᵀ / c_s over the updates since the last fold, and folded into
// P0 with one rank-b downdate every `block` updates. Same mathematics as updating P each
// time; P0 (packed upper triangle, 4 MB at n = 1000, out of cache once a group trains) is
// read once per update instead of read, then read and written (symv + syr). The kernels
// (linalg/symmetric) fix the order of operations, so the bits do not depend on the CPU.
#include <vector>

#include "linalg/aligned.h"

namespace wmsweep {

class Rls {
 public:
  Rls() = default;
  Rls(int n, double alpha, int block = 16);

  // W (n, m) col-major, e (m) computed by the caller from the current rates r (n)
  void update(const double* r, const double* e, int m, double* W);

  // P as it stands now, (n, n) full, for tests
  std::vector<double> matrix() const;
  int size() const { return n_; }

 private:
  void fold();

  int n_ = 0, block_ = 0, pending_ = 0;
  linalg::AlignedVector P0_;  // packed upper triangle of (n, n)
  linalg::AlignedVector V_;   // (n, block) pending v_s
  std::vector<double> cinv_;  // (block) 1 / c_s
  linalg::AlignedVector v_;
  std::vector<double> coef_;
};

}  // namespace wmsweep
