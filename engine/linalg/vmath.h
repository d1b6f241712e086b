#pragma once
// Elementwise math over flat arrays. tanh is ~20% of an Euler step when done one scalar
// at a time; glibc's libmvec evaluates it 8 (AVX-512) or 4 (AVX2) at once to < 4 ulp.
#include <cstddef>
#include <cstdint>

namespace wmsweep::linalg {

// r (n) = tanh(x (n)); r may alias x
void tanh_into(const double* x, double* r, size_t n);
void tanh_into(const float* x, float* r, size_t n);  // 16 (AVX-512) or 8 (AVX2) at once

// Standard normals in float32, many at once: out[k] = scale · √(−2 ln u1) · cos(2π u2) with the
// uniforms of draw first + k of stream `key`, the pair normal_at (util/rng.h) uses; ln and cos
// in float32 by libmvec, 16 at a time. BPTT's recurrent noise: the scalar normal_at costs more
// than the network's whole step.
void normals_into(uint64_t key, uint64_t first, size_t count, float scale, float* out);

// Make OpenBLAS single-threaded: parallelism is across networks, and a fixed thread count
// keeps BLAS results reproducible. Call once at start-up.
void use_single_threaded_blas();

}  // namespace wmsweep::linalg
