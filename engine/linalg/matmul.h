#pragma once
// Y = A·X with a fixed arithmetic contract: every Y[i,j] is the FMA chain
//   acc = +0.0;  for k = 0 .. K−1:  acc = fma(A[i,k], X[k,j], acc)
// FMA is exactly rounded, so every code path (AVX-512 or scalar) and every blocking gives the
// same bits, and column j of Y depends only on A and column j of X: a network's trajectory is
// the same whether it runs alone (B = 1) or beside 41 others. OpenBLAS does not promise this
// (its column results change with B), so the Euler-step product lives here. Float64 for
// FORCE training; float32 for BPTT training, where Debian's OpenBLAS picks AVX2 kernels on AVX-512
// machines and this product is twice as fast.
#include <cstddef>
#include <vector>

#include "linalg/aligned.h"

namespace wmsweep::linalg {

// A (rows, cols) col-major, packed once into 32-row panels contiguous in k: 4 AVX-512
// registers of doubles, 2 of floats (measured for float: 16-row panels with 24 columns per
// block are 50% slower).
template <class Real>
class Packed {
 public:
  static constexpr int kRows = 32;
  Packed() = default;
  Packed(const Real* A, int rows, int cols, int lda);
  void repack(const Real* A, int rows, int cols, int lda);  // the same, reusing the storage
  // Aᵀ of A (cols, rows) col-major: the packed matrix has `rows` = A's cols
  static Packed transposed(const Real* A, int rows_of_A, int cols_of_A, int lda);
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  const Real* panel(int p) const { return data_.data() + static_cast<size_t>(p) * kRows * cols_; }

 private:
  int rows_ = 0, cols_ = 0;
  AlignedVectorOf<Real> data_;  // (panels, cols, kRows)
};
using PackedMatrix = Packed<double>;
using PackedMatrixF = Packed<float>;

// Y (rows, B) col-major = A · X (cols, B) col-major
void matmul(const Packed<double>& A, const double* X, int ldx, int B, double* Y, int ldy);
void matmul(const Packed<float>& A, const float* X, int ldx, int B, float* Y, int ldy);

// Y (rows, B) += A · Xtᵀ with Xt (B, cols) col-major: each Y[i,j] gets one add of the same
// FMA chain. For sums of outer products, such as BPTT's Σ_t g_t r_tᵀ, without transposing r.
void add_matmul_xt(const Packed<double>& A, const double* Xt, int ldxt, int B, double* Y, int ldy);
void add_matmul_xt(const Packed<float>& A, const float* Xt, int ldxt, int B, float* Y, int ldy);

namespace detail {
// The portable path, for tests: identical bits by the contract.
template <class Real>
void matmul_scalar(const Packed<Real>& A, const Real* X, int ldx, int B, Real* Y, int ldy);
template <class Real>
void add_matmul_xt_scalar(const Packed<Real>& A, const Real* Xt, int ldxt, int B, Real* Y, int ldy);
}  // namespace detail

}  // namespace wmsweep::linalg
