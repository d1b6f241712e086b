#include "linalg/symmetric.h"

#include <cmath>
#include <stdexcept>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace wmsweep::linalg {
namespace {

namespace portable {
struct L {
  struct reg {
    double x[8];
  };
  static reg zero() { return reg{}; }
  static reg set1(double a) {
    reg r;
    for (double& x : r.x) x = a;
    return r;
  }
  static reg load(const double* p, int count) {
    reg r{};
    for (int l = 0; l < count; ++l) r.x[l] = p[l];
    return r;
  }
  static void store(double* p, reg v, int count) {
    for (int l = 0; l < count; ++l) p[l] = v.x[l];
  }
  static reg fma(reg a, reg b, reg c) {
    for (int l = 0; l < 8; ++l) c.x[l] = std::fma(a.x[l], b.x[l], c.x[l]);
    return c;
  }
  static reg fnma(reg a, reg b, reg c) {
    for (int l = 0; l < 8; ++l) c.x[l] = std::fma(-a.x[l], b.x[l], c.x[l]);
    return c;
  }
  static reg add(reg a, reg b) {
    for (int l = 0; l < 8; ++l) a.x[l] += b.x[l];
    return a;
  }
  static void prefetch_nta(const double*) {}
  static void spill(reg v, double* out) {
    for (int l = 0; l < 8; ++l) out[l] = v.x[l];
  }
};
#include "linalg/symmetric_kernels.inl"
}  // namespace portable

#if defined(__x86_64__)
#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
struct L {
  using reg = __m512d;
  static __mmask8 mask(int count) {
    return static_cast<__mmask8>(count >= 8 ? 0xFF : (1u << count) - 1);
  }
  static reg zero() { return _mm512_setzero_pd(); }
  static reg set1(double a) { return _mm512_set1_pd(a); }
  static reg load(const double* p, int count) {
    return count >= 8 ? _mm512_loadu_pd(p) : _mm512_maskz_loadu_pd(mask(count), p);
  }
  static void store(double* p, reg v, int count) {
    if (count >= 8) _mm512_storeu_pd(p, v);
    else _mm512_mask_storeu_pd(p, mask(count), v);
  }
  static reg fma(reg a, reg b, reg c) { return _mm512_fmadd_pd(a, b, c); }
  static reg fnma(reg a, reg b, reg c) { return _mm512_fnmadd_pd(a, b, c); }
  static reg add(reg a, reg b) { return _mm512_add_pd(a, b); }
  static void spill(reg v, double* out) { _mm512_storeu_pd(out, v); }
  static void prefetch_nta(const double* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_NTA); }
};
#include "linalg/symmetric_kernels.inl"
void spmv(int n, const double* P, const double* r, double* v) { spmv_lanes(n, P, r, v); }
void downdate(int n, int k, const double* V, int ldv, const double* w, double* P) {
  downdate_lanes(n, k, V, ldv, w, P);
}
double dot(int n, const double* x, const double* y) { return dot_lanes(n, x, y); }
void axpy(int n, double a, const double* x, double* y) { axpy_lanes(n, a, x, y); }
void gemv_sub(int n, int k, const double* V, int ldv, const double* c, double* y) {
  gemv_sub_lanes(n, k, V, ldv, c, y);
}
}  // namespace avx512
#pragma GCC pop_options
const bool have_avx512 = __builtin_cpu_supports("avx512f");
#else
const bool have_avx512 = false;
#endif

void check_rank(int k) {
  if (k < 0 || k > 64) throw std::invalid_argument("rank_k_downdate_upper: k must be 0..64");
}

}  // namespace

void spmv_upper(int n, const double* P, const double* r, double* v) {
#if defined(__x86_64__)
  if (have_avx512) return avx512::spmv(n, P, r, v);
#endif
  portable::spmv_lanes(n, P, r, v);
}

void rank_k_downdate_upper(int n, int k, const double* V, int ldv, const double* w, double* P) {
  check_rank(k);
#if defined(__x86_64__)
  if (have_avx512) return avx512::downdate(n, k, V, ldv, w, P);
#endif
  portable::downdate_lanes(n, k, V, ldv, w, P);
}

double dot(int n, const double* x, const double* y) {
#if defined(__x86_64__)
  if (have_avx512) return avx512::dot(n, x, y);
#endif
  return portable::dot_lanes(n, x, y);
}

void axpy(int n, double a, const double* x, double* y) {
#if defined(__x86_64__)
  if (have_avx512) return avx512::axpy(n, a, x, y);
#endif
  portable::axpy_lanes(n, a, x, y);
}

void gemv_t(int n, int k, const double* V, int ldv, const double* x, double* c) {
  for (int s = 0; s < k; ++s) c[s] = dot(n, V + static_cast<size_t>(s) * ldv, x);
}

void gemv_sub(int n, int k, const double* V, int ldv, const double* c, double* y) {
#if defined(__x86_64__)
  if (have_avx512) return avx512::gemv_sub(n, k, V, ldv, c, y);
#endif
  portable::gemv_sub_lanes(n, k, V, ldv, c, y);
}

namespace detail {
void spmv_upper_scalar(int n, const double* P, const double* r, double* v) {
  portable::spmv_lanes(n, P, r, v);
}
void rank_k_downdate_upper_scalar(int n, int k, const double* V, int ldv, const double* w,
                                  double* P) {
  check_rank(k);
  portable::downdate_lanes(n, k, V, ldv, w, P);
}
double dot_scalar(int n, const double* x, const double* y) { return portable::dot_lanes(n, x, y); }
}  // namespace detail

}  // namespace wmsweep::linalg
