#include "linalg/matmul.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wmsweep::linalg {

constexpr int kPanel = 16;

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

// One 16-row panel times CB columns: 2·CB accumulators, one FMA chain per element.
template <int CB>
__attribute__((target("avx512f"))) inline void panel_kernel(const double* a, int K,
                                                            const double* X, int ldx, double* Y,
                                                            int ldy, __mmask8 m0, __mmask8 m1) {
  __m512d lo[CB], hi[CB];
  for (int c = 0; c < CB; ++c) lo[c] = hi[c] = _mm512_setzero_pd();
  const double* x[CB];
  for (int c = 0; c < CB; ++c) x[c] = X + static_cast<size_t>(c) * ldx;
  for (int k = 0; k < K; ++k) {
    const __m512d a0 = _mm512_loadu_pd(a + k * kPanel);
    const __m512d a1 = _mm512_loadu_pd(a + k * kPanel + 8);
    for (int c = 0; c < CB; ++c) {
      const __m512d b = _mm512_set1_pd(x[c][k]);
      lo[c] = _mm512_fmadd_pd(a0, b, lo[c]);
      hi[c] = _mm512_fmadd_pd(a1, b, hi[c]);
    }
  }
  for (int c = 0; c < CB; ++c) {
    _mm512_mask_storeu_pd(Y + static_cast<size_t>(c) * ldy, m0, lo[c]);
    _mm512_mask_storeu_pd(Y + static_cast<size_t>(c) * ldy + 8, m1, hi[c]);
  }
}

__attribute__((target("avx512f"))) void matmul_avx512(const PackedMatrix& A, const double* X,
                                                      int ldx, int B, double* Y, int ldy) {
  const int K = A.cols();
  // Panel outer, columns inner: a 16 × K panel (128 KB at K = 1000) stays in L2 while every
  // column block reuses it.
  for (int p = 0; p * kPanel < A.rows(); ++p) {
    const double* a = A.panel(p);
    const int rows = std::min(kPanel, A.rows() - p * kPanel);
    const __mmask8 m0 = static_cast<__mmask8>(rows >= 8 ? 0xFF : (1u << rows) - 1);
    const __mmask8 m1 = static_cast<__mmask8>(rows >= 16 ? 0xFF : rows <= 8 ? 0 : (1u << (rows - 8)) - 1);
    double* y = Y + p * kPanel;
    int j = 0;
    for (; j + 6 <= B; j += 6)
      panel_kernel<6>(a, K, X + static_cast<size_t>(j) * ldx, ldx, y + static_cast<size_t>(j) * ldy, ldy, m0, m1);
    const double* xr = X + static_cast<size_t>(j) * ldx;
    double* yr = y + static_cast<size_t>(j) * ldy;
    switch (B - j) {
      case 5: panel_kernel<5>(a, K, xr, ldx, yr, ldy, m0, m1); break;
      case 4: panel_kernel<4>(a, K, xr, ldx, yr, ldy, m0, m1); break;
      case 3: panel_kernel<3>(a, K, xr, ldx, yr, ldy, m0, m1); break;
      case 2: panel_kernel<2>(a, K, xr, ldx, yr, ldy, m0, m1); break;
      case 1: panel_kernel<1>(a, K, xr, ldx, yr, ldy, m0, m1); break;
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
