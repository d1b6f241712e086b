#include "linalg/matmul.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wmsweep::linalg {

constexpr int kPanel = 32;  // rows per packed panel: 4 zmm registers

PackedMatrix::PackedMatrix(const double* A, int rows, int cols, int lda)
    : rows_(rows), cols_(cols) {
  const int panels = (rows + kPanel - 1) / kPanel;
  data_.assign(static_cast<size_t>(panels) * kPanel * cols, 0.0);
  for (int p = 0; p < panels; ++p)
    for (int k = 0; k < cols; ++k)
      for (int i = 0; i < kPanel && p * kPanel + i < rows; ++i)
        data_[(static_cast<size_t>(p) * cols + k) * kPanel + i] =
            A[static_cast<size_t>(k) * lda + p * kPanel + i];
}

namespace detail {
void matmul_scalar(const PackedMatrix& A, const double* X, int ldx, int B, double* Y, int ldy) {
  const int K = A.cols();
  for (int p = 0; p * kPanel < A.rows(); ++p) {
    const double* a = A.panel(p);
    const int rows = std::min(kPanel, A.rows() - p * kPanel);
    for (int j = 0; j < B; ++j) {
      const double* x = X + static_cast<size_t>(j) * ldx;
      double acc[kPanel] = {};
      for (int k = 0; k < K; ++k)
        for (int i = 0; i < kPanel; ++i) acc[i] = std::fma(a[k * kPanel + i], x[k], acc[i]);
      for (int i = 0; i < rows; ++i) Y[static_cast<size_t>(j) * ldy + p * kPanel + i] = acc[i];
    }
  }
}
}  // namespace detail

#if defined(__x86_64__)
namespace {

// One 32-row panel times CB columns: 4·CB accumulators, one FMA chain per element.
template <int CB>
__attribute__((target("avx512f"))) inline void panel_kernel(const double* a, int K,
                                                            const double* X, int ldx, double* Y,
                                                            int ldy, const __mmask8* mask) {
  constexpr int RV = kPanel / 8;
  __m512d acc[RV][CB];
#pragma GCC unroll 8
  for (int v = 0; v < RV; ++v)
#pragma GCC unroll 8
    for (int c = 0; c < CB; ++c) acc[v][c] = _mm512_setzero_pd();
  for (int k = 0; k < K; ++k) {
    __m512d av[RV];
#pragma GCC unroll 8
    for (int v = 0; v < RV; ++v) av[v] = _mm512_loadu_pd(a + k * kPanel + 8 * v);
#pragma GCC unroll 8
    for (int c = 0; c < CB; ++c) {
      const __m512d b = _mm512_set1_pd(X[static_cast<size_t>(c) * ldx + k]);
#pragma GCC unroll 8
      for (int v = 0; v < RV; ++v) acc[v][c] = _mm512_fmadd_pd(av[v], b, acc[v][c]);
    }
  }
  for (int c = 0; c < CB; ++c)
    for (int v = 0; v < RV; ++v)
      _mm512_mask_storeu_pd(Y + static_cast<size_t>(c) * ldy + 8 * v, mask[v], acc[v][c]);
}

__attribute__((target("avx512f"))) void matmul_avx512(const PackedMatrix& A, const double* X,
                                                      int ldx, int B, double* Y, int ldy) {
  const int K = A.cols();
  // Panel outer, columns inner: a 16 × K panel (128 KB at K = 1000) stays in L2 while every
  // column block reuses it.
  for (int p = 0; p * kPanel < A.rows(); ++p) {
    const double* a = A.panel(p);
    const int rows = std::min(kPanel, A.rows() - p * kPanel);
    __mmask8 mask[kPanel / 8];
    for (int v = 0; v < kPanel / 8; ++v) {
      const int left = rows - 8 * v;
      mask[v] = static_cast<__mmask8>(left >= 8 ? 0xFF : left <= 0 ? 0 : (1u << left) - 1);
    }
    double* y = Y + p * kPanel;
    int j = 0;
    for (; j + 6 <= B; j += 6)
      panel_kernel<6>(a, K, X + static_cast<size_t>(j) * ldx, ldx, y + static_cast<size_t>(j) * ldy, ldy, mask);
    const double* xr = X + static_cast<size_t>(j) * ldx;
    double* yr = y + static_cast<size_t>(j) * ldy;
    switch (B - j) {
      case 5: panel_kernel<5>(a, K, xr, ldx, yr, ldy, mask); break;
      case 4: panel_kernel<4>(a, K, xr, ldx, yr, ldy, mask); break;
      case 3: panel_kernel<3>(a, K, xr, ldx, yr, ldy, mask); break;
      case 2: panel_kernel<2>(a, K, xr, ldx, yr, ldy, mask); break;
      case 1: panel_kernel<1>(a, K, xr, ldx, yr, ldy, mask); break;
      default: break;
    }
  }
}

using MatmulFn = void (*)(const PackedMatrix&, const double*, int, int, double*, int);
const MatmulFn matmul_impl =
    __builtin_cpu_supports("avx512f") ? matmul_avx512 : detail::matmul_scalar;

}  // namespace

void matmul(const PackedMatrix& A, const double* X, int ldx, int B, double* Y, int ldy) {
  matmul_impl(A, X, ldx, B, Y, ldy);
}
#else
void matmul(const PackedMatrix& A, const double* X, int ldx, int B, double* Y, int ldy) {
  detail::matmul_scalar(A, X, ldx, B, Y, ldy);
}
#endif

}  // namespace wmsweep::linalg
