#pragma once
// Y = A·X with a fixed arithmetic contract: every Y[i,j] is the FMA chain
//   acc = +0.0;  for k = 0 .. K−1:  acc = fma(A[i,k], X[k,j], acc)
// FMA is exactly rounded, so every code path (AVX-512 or scalar) and every blocking gives the
// same bits, and column j of Y depends only on A and column j of X: a network's trajectory is
// the same whether it runs alone (B = 1) or beside 41 others. OpenBLAS does not promise this
// (its column results change with B), so the Euler-step product lives here.
#include <cstddef>
#include <vector>

#include "linalg/aligned.h"

namespace wmsweep::linalg {

// A (rows, cols) col-major, packed once into 32-row panels contiguous in k.
class PackedMatrix {
 public:
  PackedMatrix() = default;
  PackedMatrix(const double* A, int rows, int cols, int lda);
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  const double* panel(int p) const { return data_.data() + static_cast<size_t>(p) * 32 * cols_; }

 private:
  int rows_ = 0, cols_ = 0;
  AlignedVector data_;  // (panels, cols, 32)
};

// Y (rows, B) col-major = A · X (cols, B) col-major
void matmul(const PackedMatrix& A, const double* X, int ldx, int B, double* Y, int ldy);

namespace detail {
// The portable path, for tests: identical bits by the contract.
void matmul_scalar(const PackedMatrix& A, const double* X, int ldx, int B, double* Y, int ldy);
}  // namespace detail

}  // namespace wmsweep::linalg
