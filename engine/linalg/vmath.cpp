#include "linalg/vmath.h"

#include <cmath>

#if defined(WMSWEEP_HAVE_LIBMVEC) && defined(__x86_64__)
#include <immintrin.h>
extern "C" __m512d _ZGVeN8v_tanh(__m512d);
extern "C" __m256d _ZGVdN4v_tanh(__m256d);
#endif

extern "C" void openblas_set_num_threads(int);

namespace wmsweep::linalg {
namespace {

void tanh_scalar(const double* x, double* r, size_t n) {
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

using TanhFn = void (*)(const double*, double*, size_t);
TanhFn pick_tanh() {
  if (__builtin_cpu_supports("avx512f")) return tanh_avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return tanh_avx2;
  return tanh_scalar;
}
#else
using TanhFn = void (*)(const double*, double*, size_t);
TanhFn pick_tanh() { return tanh_scalar; }
#endif

const TanhFn tanh_impl = pick_tanh();

}  // namespace

void tanh_into(const double* x, double* r, size_t n) { tanh_impl(x, r, n); }

void use_single_threaded_blas() { openblas_set_num_threads(1); }

}  // namespace wmsweep::linalg
