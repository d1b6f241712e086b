#pragma once
// Kernels for a symmetric matrix kept as its packed upper triangle: column j holds P[0..j, j],
// padded to a whole number of 64-byte lines so every column starts on a line (on a 64-byte
// aligned base: see aligned.h). Half the memory of full storage, read as one stream. They exist for RLS, whose cost is streaming P from memory once per update;
// OpenBLAS's dsymv reached half of this machine's read bandwidth there.
//
// Like matmul, every result is a fixed sequence of exactly rounded operations (8-lane FMA
// chains, reduced in a fixed tree), so the AVX-512 and portable paths give the same bits.
#include <cstddef>

namespace wmsweep::linalg {

// Start of column j: Σ_{k<j} 8·⌈(k + 1)/8⌉
inline size_t packed_offset(int j) {
  const size_t q = static_cast<size_t>(j) / 8, rem = static_cast<size_t>(j) % 8;
  return 32 * q * (q + 1) + 8 * rem * (q + 1);
}
inline size_t packed_size(int n) { return packed_offset(n); }
inline size_t packed_index(int i, int j) { return packed_offset(j) + i; }  // i <= j

// v (n) = P (n, n) · r (n)
void spmv_upper(int n, const double* P, const double* r, double* v);

// P (n, n) ← P − V diag(w) Vᵀ;  V (n, k) col-major with leading dimension ldv, w (k)
void rank_k_downdate_upper(int n, int k, const double* V, int ldv, const double* w, double* P);

// x · y over n elements
double dot(int n, const double* x, const double* y);

// y (n) ← y + a x
void axpy(int n, double a, const double* x, double* y);

// c (k) = Vᵀ x;  V (n, k), ldv
void gemv_t(int n, int k, const double* V, int ldv, const double* x, double* c);

// y (n) ← y − V c;  V (n, k), ldv
void gemv_sub(int n, int k, const double* V, int ldv, const double* c, double* y);

namespace detail {
// The portable path, for tests: must give the same bits.
void spmv_upper_scalar(int n, const double* P, const double* r, double* v);
void rank_k_downdate_upper_scalar(int n, int k, const double* V, int ldv, const double* w,
                                  double* P);
double dot_scalar(int n, const double* x, const double* y);
}  // namespace detail

}  // namespace wmsweep::linalg
