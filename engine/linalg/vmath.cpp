#include "linalg/vmath.h"

#include <algorithm>
#include <cmath>

#include "util/rng.h"

#if defined(WMSWEEP_HAVE_LIBMVEC) && defined(__x86_64__)
#include <immintrin.h>
extern "C" __m512d _ZGVeN8v_tanh(__m512d);
extern "C" __m256d _ZGVdN4v_tanh(__m256d);
extern "C" __m512 _ZGVeN16v_tanhf(__m512);
extern "C" __m512 _ZGVeN16v_logf(__m512);
extern "C" __m512 _ZGVeN16v_cosf(__m512);
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

namespace {

constexpr size_t kBlock = 1024;

// u1 = 1 − uniform (in (0, 1]: its log is finite) and 2π·uniform, the draws' counter pairs
// (inlined, so the AVX-512 caller compiles it for its own target)
__attribute__((always_inline)) inline void uniforms(uint64_t key, uint64_t first, size_t m,
                                                    float* __restrict u1, float* __restrict angle) {
  for (size_t j = 0; j < m; ++j) {
    const uint64_t i = first + j;
    u1[j] = static_cast<float>(1.0 - uniform_at(key, 2 * i));
    angle[j] = static_cast<float>(2.0 * M_PI * uniform_at(key, 2 * i + 1));
  }
}
__attribute__((always_inline)) inline void box_muller(const float* __restrict log_u1,
                                                      const float* __restrict cos_angle, size_t m,
                                                      float scale, float* __restrict out) {
  for (size_t j = 0; j < m; ++j) out[j] = scale * std::sqrt(-2.0f * log_u1[j]) * cos_angle[j];
}

#if defined(WMSWEEP_HAVE_LIBMVEC) && defined(__x86_64__)
__attribute__((target("avx512f,avx512dq"))) void normals_avx512(uint64_t key, uint64_t first,
                                                                  size_t count, float scale,
                                                                  float* out) {
  alignas(64) float u1[kBlock], angle[kBlock];
  for (size_t k = 0; k < count; k += kBlock) {
    const size_t m = std::min(kBlock, count - k);
    uniforms(key, first + k, m, u1, angle);  // 64-bit hashes, 8 lanes (AVX512DQ)
    const size_t full = (m + 15) / 16 * 16;
    std::fill(u1 + m, u1 + full, 1.0f);
    std::fill(angle + m, angle + full, 0.0f);
    for (size_t j = 0; j < full; j += 16) {
      _mm512_store_ps(u1 + j, _ZGVeN16v_logf(_mm512_load_ps(u1 + j)));
      _mm512_store_ps(angle + j, _ZGVeN16v_cosf(_mm512_load_ps(angle + j)));
    }
    box_muller(u1, angle, m, scale, out + k);
  }
}
#endif

void normals_portable(uint64_t key, uint64_t first, size_t count, float scale, float* out) {
  float u1[kBlock], angle[kBlock];
  for (size_t k = 0; k < count; k += kBlock) {
    const size_t m = std::min(kBlock, count - k);
    uniforms(key, first + k, m, u1, angle);
    for (size_t j = 0; j < m; ++j) {
      u1[j] = std::log(u1[j]);
      angle[j] = std::cos(angle[j]);
    }
    box_muller(u1, angle, m, scale, out + k);
  }
}

using NormalsFn = void (*)(uint64_t, uint64_t, size_t, float, float*);
#if defined(WMSWEEP_HAVE_LIBMVEC) && defined(__x86_64__)
const NormalsFn normals_impl = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
                                   ? normals_avx512
                                   : normals_portable;
#else
const NormalsFn normals_impl = normals_portable;
#endif

}  // namespace

void normals_into(uint64_t key, uint64_t first, size_t count, float scale, float* out) {
  normals_impl(key, first, count, scale, out);
}

void use_single_threaded_blas() { openblas_set_num_threads(1); }

}  // namespace wmsweep::linalg
