#include "linalg/matmul.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wmsweep::linalg {

template <class Real>
constexpr int kPanel = Packed<Real>::kRows;

namespace {
// (panels, cols, kRows) from element (i, k) of the matrix to pack
template <class Real, class At>
void pack_elements(AlignedVectorOf<Real>& data, int rows, int cols, At at) {
  constexpr int kPanel = Packed<Real>::kRows;
  const int panels = (rows + kPanel - 1) / kPanel;
  data.resize(static_cast<size_t>(panels) * kPanel * cols);
  for (int p = 0; p < panels; ++p)
    for (int k = 0; k < cols; ++k)
      for (int i = 0; i < kPanel; ++i)
        data[(static_cast<size_t>(p) * cols + k) * kPanel + i] =
            p * kPanel + i < rows ? at(p * kPanel + i, k) : Real(0);
}
}  // namespace

template <class Real>
Packed<Real>::Packed(const Real* A, int rows, int cols, int lda) {
  repack(A, rows, cols, lda);
}

template <class Real>
void Packed<Real>::repack(const Real* A, int rows, int cols, int lda) {
  rows_ = rows;
  cols_ = cols;
  // a column's 32 rows are contiguous in A: copied whole (BPTT repacks every step)
  const int panels = (rows + kRows - 1) / kRows;
  data_.resize(static_cast<size_t>(panels) * kRows * cols);
  for (int p = 0; p < panels; ++p) {
    const int m = std::min(kRows, rows - p * kRows);
    for (int k = 0; k < cols; ++k) {
      const Real* from = A + static_cast<size_t>(k) * lda + p * kRows;
      Real* to = data_.data() + (static_cast<size_t>(p) * cols + k) * kRows;
      std::copy(from, from + m, to);
      std::fill(to + m, to + kRows, Real(0));
    }
  }
}

template <class Real>
Packed<Real> Packed<Real>::transposed(const Real* A, int rows_of_A, int cols_of_A, int lda) {
  Packed out;
  out.rows_ = cols_of_A;
  out.cols_ = rows_of_A;
  pack_elements(out.data_, cols_of_A, rows_of_A,
       [&](int i, int k) { return A[static_cast<size_t>(i) * lda + k]; });
  return out;
}

template class Packed<double>;
template class Packed<float>;

namespace detail {
namespace {
// X (k, j) at X[j·cs + k·ks]; Add: Y += the chain, else Y = the chain
template <bool Add, class Real>
void product_scalar(const Packed<Real>& A, const Real* X, size_t cs, size_t ks, int B, Real* Y,
                    int ldy) {
  constexpr int kPanel = Packed<Real>::kRows;
  const int K = A.cols();
  for (int p = 0; p * kPanel < A.rows(); ++p) {
    const Real* a = A.panel(p);
    const int rows = std::min(kPanel, A.rows() - p * kPanel);
    for (int j = 0; j < B; ++j) {
      Real acc[kPanel] = {};
      for (int k = 0; k < K; ++k)
        for (int i = 0; i < kPanel; ++i) acc[i] = std::fma(a[k * kPanel + i], X[j * cs + k * ks], acc[i]);
      Real* y = Y + static_cast<size_t>(j) * ldy + p * kPanel;
      for (int i = 0; i < rows; ++i) y[i] = Add ? y[i] + acc[i] : acc[i];
    }
  }
}
}  // namespace

template <class Real>
void matmul_scalar(const Packed<Real>& A, const Real* X, int ldx, int B, Real* Y, int ldy) {
  product_scalar<false>(A, X, ldx, 1, B, Y, ldy);
}
template <class Real>
void add_matmul_xt_scalar(const Packed<Real>& A, const Real* Xt, int ldxt, int B, Real* Y, int ldy) {
  product_scalar<true>(A, Xt, 1, ldxt, B, Y, ldy);
}
template void matmul_scalar(const Packed<double>&, const double*, int, int, double*, int);
template void matmul_scalar(const Packed<float>&, const float*, int, int, float*, int);
template void add_matmul_xt_scalar(const Packed<double>&, const double*, int, int, double*, int);
template void add_matmul_xt_scalar(const Packed<float>&, const float*, int, int, float*, int);
}  // namespace detail

#if defined(__x86_64__)
namespace {

// The AVX-512 vocabulary for one element type: a register of L lanes.
struct Avx512d {
  using Real = double;
  using Reg = __m512d;
  using Mask = __mmask8;
  static constexpr int L = 8, CB = 6;  // 4 × 6 accumulators
  __attribute__((target("avx512f"))) static Reg zero() { return _mm512_setzero_pd(); }
  __attribute__((target("avx512f"))) static Reg load(const Real* p) { return _mm512_loadu_pd(p); }
  __attribute__((target("avx512f"))) static Reg splat(Real v) { return _mm512_set1_pd(v); }
  __attribute__((target("avx512f"))) static Reg fma(Reg a, Reg b, Reg c) { return _mm512_fmadd_pd(a, b, c); }
  __attribute__((target("avx512f"))) static void store(Real* p, Mask m, Reg v) { _mm512_mask_storeu_pd(p, m, v); }
  __attribute__((target("avx512f"))) static Reg load(const Real* p, Mask m) { return _mm512_maskz_loadu_pd(m, p); }
  __attribute__((target("avx512f"))) static Reg add(Reg a, Reg b) { return _mm512_add_pd(a, b); }
};
struct Avx512f {
  using Real = float;
  using Reg = __m512;
  using Mask = __mmask16;
  static constexpr int L = 16, CB = 12;  // 2 × 12 accumulators
  __attribute__((target("avx512f"))) static Reg zero() { return _mm512_setzero_ps(); }
  __attribute__((target("avx512f"))) static Reg load(const Real* p) { return _mm512_loadu_ps(p); }
  __attribute__((target("avx512f"))) static Reg splat(Real v) { return _mm512_set1_ps(v); }
  __attribute__((target("avx512f"))) static Reg fma(Reg a, Reg b, Reg c) { return _mm512_fmadd_ps(a, b, c); }
  __attribute__((target("avx512f"))) static void store(Real* p, Mask m, Reg v) { _mm512_mask_storeu_ps(p, m, v); }
  __attribute__((target("avx512f"))) static Reg load(const Real* p, Mask m) { return _mm512_maskz_loadu_ps(m, p); }
  __attribute__((target("avx512f"))) static Reg add(Reg a, Reg b) { return _mm512_add_ps(a, b); }
};

// One panel times CB columns: (kRows / L)·CB accumulators, one FMA chain per element.
// X (k, c) sits at X[c·cs + k·ks]; Add: Y += the chains, else Y = them.
// RV: registers of the panel's rows in use: all (kRows / L), or 1 for a last panel of at
// most L rows (N = 100 in floats ends with 4 rows: the full kernel would do 8 times the work).
template <class V, int RV, int CB, bool Add>
__attribute__((target("avx512f"))) inline void panel_kernel(const typename V::Real* a, int K,
                                                            const typename V::Real* X, size_t cs,
                                                            size_t ks, typename V::Real* Y,
                                                            int ldy, const typename V::Mask* mask) {
  constexpr int kPanel = Packed<typename V::Real>::kRows;
  typename V::Reg acc[RV][CB];
#pragma GCC unroll 16
  for (int v = 0; v < RV; ++v)
#pragma GCC unroll 16
    for (int c = 0; c < CB; ++c) acc[v][c] = V::zero();
  for (int k = 0; k < K; ++k) {
    typename V::Reg av[RV];
#pragma GCC unroll 16
    for (int v = 0; v < RV; ++v) av[v] = V::load(a + k * kPanel + V::L * v);
    const typename V::Real* xk = X + k * ks;
#pragma GCC unroll 16
    for (int c = 0; c < CB; ++c) {
      const typename V::Reg b = V::splat(xk[c * cs]);
#pragma GCC unroll 16
      for (int v = 0; v < RV; ++v) acc[v][c] = V::fma(av[v], b, acc[v][c]);
    }
  }
  for (int c = 0; c < CB; ++c)
    for (int v = 0; v < RV; ++v) {
      typename V::Real* y = Y + static_cast<size_t>(c) * ldy + V::L * v;
      V::store(y, mask[v], Add ? V::add(V::load(y, mask[v]), acc[v][c]) : acc[v][c]);
    }
}

// The columns left after the full CB-wide blocks, R at a time, R < CB.
template <class V, int RV, int R, bool Add>
__attribute__((target("avx512f"))) inline void tail_kernel(int left, const typename V::Real* a,
                                                           int K, const typename V::Real* X,
                                                           size_t cs, size_t ks,
                                                           typename V::Real* Y, int ldy,
                                                           const typename V::Mask* mask) {
  if constexpr (R > 0) {
    if (left == R) return panel_kernel<V, RV, R, Add>(a, K, X, cs, ks, Y, ldy, mask);
    tail_kernel<V, RV, R - 1, Add>(left, a, K, X, cs, ks, Y, ldy, mask);
  }
}

// One panel times all B columns: CB-wide blocks, then the rest.
template <class V, int RV, bool Add>
__attribute__((target("avx512f"))) inline void columns(const typename V::Real* a, int K,
                                                       const typename V::Real* X, size_t cs,
                                                       size_t ks, int B, typename V::Real* y,
                                                       int ldy, const typename V::Mask* mask) {
  int j = 0;
  for (; j + V::CB <= B; j += V::CB)
    panel_kernel<V, RV, V::CB, Add>(a, K, X + j * cs, cs, ks, y + static_cast<size_t>(j) * ldy, ldy, mask);
  tail_kernel<V, RV, V::CB - 1, Add>(B - j, a, K, X + j * cs, cs, ks,
                                     y + static_cast<size_t>(j) * ldy, ldy, mask);
}

template <class V, bool Add>
__attribute__((target("avx512f"))) void product_avx512(const Packed<typename V::Real>& A,
                                                       const typename V::Real* X, size_t cs,
                                                       size_t ks, int B, typename V::Real* Y,
                                                       int ldy) {
  using Real = typename V::Real;
  constexpr int kPanel = Packed<Real>::kRows;
  const int K = A.cols();
  // Panel outer, columns inner: a kRows × K panel (256 KB of doubles at K = 1000) stays in L2
  // while every column block reuses it.
  for (int p = 0; p * kPanel < A.rows(); ++p) {
    const Real* a = A.panel(p);
    const int rows = std::min(kPanel, A.rows() - p * kPanel);
    typename V::Mask mask[kPanel / V::L];
    for (int v = 0; v < kPanel / V::L; ++v) {
      const int left = rows - V::L * v;
      mask[v] = static_cast<typename V::Mask>(left >= V::L ? (1u << V::L) - 1 : left <= 0 ? 0 : (1u << left) - 1);
    }
    Real* y = Y + p * kPanel;
    if (rows <= V::L) columns<V, 1, Add>(a, K, X, cs, ks, B, y, ldy, mask);
    else columns<V, kPanel / V::L, Add>(a, K, X, cs, ks, B, y, ldy, mask);
  }
}

template <class V>
void matmul_avx512(const Packed<typename V::Real>& A, const typename V::Real* X, int ldx, int B,
                   typename V::Real* Y, int ldy) {
  product_avx512<V, false>(A, X, ldx, 1, B, Y, ldy);
}
template <class V>
void add_matmul_xt_avx512(const Packed<typename V::Real>& A, const typename V::Real* Xt, int ldxt,
                          int B, typename V::Real* Y, int ldy) {
  product_avx512<V, true>(A, Xt, 1, ldxt, B, Y, ldy);
}

template <class Real>
using ProductFn = void (*)(const Packed<Real>&, const Real*, int, int, Real*, int);
const bool kAvx512 = __builtin_cpu_supports("avx512f");
const ProductFn<double> matmul_double = kAvx512 ? matmul_avx512<Avx512d> : detail::matmul_scalar<double>;
const ProductFn<float> matmul_float = kAvx512 ? matmul_avx512<Avx512f> : detail::matmul_scalar<float>;
const ProductFn<double> add_xt_double =
    kAvx512 ? add_matmul_xt_avx512<Avx512d> : detail::add_matmul_xt_scalar<double>;
const ProductFn<float> add_xt_float =
    kAvx512 ? add_matmul_xt_avx512<Avx512f> : detail::add_matmul_xt_scalar<float>;

}  // namespace

void matmul(const Packed<double>& A, const double* X, int ldx, int B, double* Y, int ldy) {
  matmul_double(A, X, ldx, B, Y, ldy);
}
void matmul(const Packed<float>& A, const float* X, int ldx, int B, float* Y, int ldy) {
  matmul_float(A, X, ldx, B, Y, ldy);
}
void add_matmul_xt(const Packed<double>& A, const double* Xt, int ldxt, int B, double* Y, int ldy) {
  add_xt_double(A, Xt, ldxt, B, Y, ldy);
}
void add_matmul_xt(const Packed<float>& A, const float* Xt, int ldxt, int B, float* Y, int ldy) {
  add_xt_float(A, Xt, ldxt, B, Y, ldy);
}
#else
void matmul(const Packed<double>& A, const double* X, int ldx, int B, double* Y, int ldy) {
  detail::matmul_scalar(A, X, ldx, B, Y, ldy);
}
void matmul(const Packed<float>& A, const float* X, int ldx, int B, float* Y, int ldy) {
  detail::matmul_scalar(A, X, ldx, B, Y, ldy);
}
void add_matmul_xt(const Packed<double>& A, const double* Xt, int ldxt, int B, double* Y, int ldy) {
  detail::add_matmul_xt_scalar(A, Xt, ldxt, B, Y, ldy);
}
void add_matmul_xt(const Packed<float>& A, const float* Xt, int ldxt, int B, float* Y, int ldy) {
  detail::add_matmul_xt_scalar(A, Xt, ldxt, B, Y, ldy);
}
#endif

}  // namespace wmsweep::linalg
