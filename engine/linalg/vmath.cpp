#include "linalg/vmath.h"

#include <cmath>

#if defined(WMSWEEP_HAVE_LIBMVEC) && defined(__x86_64__)
#include <immintrin.h>
extern "C" __m512d _ZGVeN8v_tanh(__m512d);
extern "C" __m256d _ZGVdN4v_tanh(__m256d);
extern "C" __m512 _ZGVeN16v_tanhf(__m512);
extern "C" __m256 _ZGVdN8v_tanhf(__m256);
#endif

extern "C" void openblas_set_num_threads(int);

namespace wmsweep::linalg {
namespace {

template <class Real>
void tanh_scalar(const Real* x, Real* r, size_t n) {
  for (size_t i = 0; i < n; ++i) r[i] = std::tanh(x[i]);
}

#if defined(WMSWEEP_HAVE_LIBMVEC) && defined(__x86_64__)
__attribute__((target("avx512f"))) void tanh_avx512(const double* x, double* r, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm512_storeu_pd(r + i, _ZGVeN8v_tanh(_mm512_loadu_pd(x + i)));
  if (i < n) {
    const __mmask8 m = static_cast<__mmask8>((1u << (n - i)) - 1);
    _mm512_mask_storeu_pd(r + i, m, _ZGVeN8v_tanh(_mm512_maskz_loadu_pd(m, x + i)));
  }
}

__attribute__((target("avx2,fma"))) void tanh_avx2(const double* x, double* r, size_t n) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(r + i, _ZGVdN4v_tanh(_mm256_loadu_pd(x + i)));
  if (i < n) {
    alignas(32) double buf[4] = {0, 0, 0, 0};
    for (size_t j = i; j < n; ++j) buf[j - i] = x[j];
    _mm256_store_pd(buf, _ZGVdN4v_tanh(_mm256_load_pd(buf)));
    for (size_t j = i; j < n; ++j) r[j] = buf[j - i];
  }
}

__attribute__((target("avx512f"))) void tanhf_avx512(const float* x, float* r, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(r + i, _ZGVeN16v_tanhf(_mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 m = static_cast<__mmask16>((1u << (n - i)) - 1);
    _mm512_mask_storeu_ps(r + i, m, _ZGVeN16v_tanhf(_mm512_maskz_loadu_ps(m, x + i)));
  }
}

__attribute__((target("avx2,fma"))) void tanhf_avx2(const float* x, float* r, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(r + i, _ZGVdN8v_tanhf(_mm256_loadu_ps(x + i)));
  if (i < n) {
    alignas(32) float buf[8] = {};
    for (size_t j = i; j < n; ++j) buf[j - i] = x[j];
    _mm256_store_ps(buf, _ZGVdN8v_tanhf(_mm256_load_ps(buf)));
    for (size_t j = i; j < n; ++j) r[j] = buf[j - i];
  }
}

template <class Real>
using TanhFn = void (*)(const Real*, Real*, size_t);
template <class Real>
TanhFn<Real> pick_tanh(TanhFn<Real> avx512, TanhFn<Real> avx2) {
  if (__builtin_cpu_supports("avx512f")) return avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return avx2;
  return tanh_scalar<Real>;
}
const TanhFn<double> tanh_impl = pick_tanh<double>(tanh_avx512, tanh_avx2);
const TanhFn<float> tanhf_impl = pick_tanh<float>(tanhf_avx512, tanhf_avx2);
#else
const auto tanh_impl = tanh_scalar<double>;
const auto tanhf_impl = tanh_scalar<float>;
#endif

}  // namespace

void tanh_into(const double* x, double* r, size_t n) { tanh_impl(x, r, n); }
void tanh_into(const float* x, float* r, size_t n) { tanhf_impl(x, r, n); }

void use_single_threaded_blas() { openblas_set_num_threads(1); }

}  // namespace wmsweep::linalg
