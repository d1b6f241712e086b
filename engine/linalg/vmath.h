#pragma once
// Elementwise math over flat arrays. tanh is ~20% of an Euler step when done one scalar
// at a time; glibc's libmvec evaluates it 8 (AVX-512) or 4 (AVX2) at once to < 4 ulp.
#include <cstddef>

namespace wmsweep::linalg {

// r (n) = tanh(x (n)); r may alias x
void tanh_into(const double* x, double* r, size_t n);
void tanh_into(const float* x, float* r, size_t n);  // 16 (AVX-512) or 8 (AVX2) at once

// Make OpenBLAS single-threaded: parallelism is across networks, and a fixed thread count
// keeps BLAS results reproducible. Call once at start-up.
void use_single_threaded_blas();

}  // namespace wmsweep::linalg
