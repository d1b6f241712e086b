// Included twice by symmetric.cpp: once with 8 AVX-512 lanes, once with 8 emulated lanes.
// `L` provides reg, zero, set1, load(p, count), store(p, v, count) for count 1..8, fma(a, b, c) = a·b + c,
// fnma(a, b, c) = c − a·b (each exactly rounded), add, spill(v, out[8]).

// 8 partial sums → one, in a fixed tree
inline double reduce(typename L::reg a) {
  double t[8];
  L::spill(a, t);
  return ((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7]));
}

// Σ x[i] y[i]: two 8-lane chains over alternate blocks of 8, then reduce(chain0 + chain1)
inline double dot_lanes(int n, const double* x, const double* y) {
  typename L::reg a0 = L::zero(), a1 = L::zero();
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    a0 = L::fma(L::load(x + i, 8), L::load(y + i, 8), a0);
    a1 = L::fma(L::load(x + i + 8, 8), L::load(y + i + 8, 8), a1);
  }
  if (i < n) {
    const int left = n - i;
    const int first = left < 8 ? left : 8;
    a0 = L::fma(L::load(x + i, first), L::load(y + i, first), a0);
    if (left > 8) a1 = L::fma(L::load(x + i + 8, left - 8), L::load(y + i + 8, left - 8), a1);
  }
  return reduce(L::add(a0, a1));
}

inline void spmv_lanes(int n, const double* P, const double* r, double* v) {
  for (int i = 0; i < n; ++i) v[i] = 0.0;
  for (int j = 0; j < n; ++j) {
    // rows 0..j−1 of column j: v[i] += P[i,j] r[j] and P[j,i] r[i] into v[j], one pass
    const double* col = P + packed_index(0, j);
    const typename L::reg rj = L::set1(r[j]);
    typename L::reg a0 = L::zero(), a1 = L::zero();
    int i = 0;
    for (; i + 16 <= j; i += 16) {
      L::prefetch_nta(col + i + 1024);
      const typename L::reg p0 = L::load(col + i, 8), p1 = L::load(col + i + 8, 8);
      L::store(v + i, L::fma(p0, rj, L::load(v + i, 8)), 8);
      L::store(v + i + 8, L::fma(p1, rj, L::load(v + i + 8, 8)), 8);
      a0 = L::fma(p0, L::load(r + i, 8), a0);
      a1 = L::fma(p1, L::load(r + i + 8, 8), a1);
    }
    for (; i < j; i += 8) {
      const int left = j - i < 8 ? j - i : 8;
      const typename L::reg p = L::load(col + i, left);
      L::store(v + i, L::fma(p, rj, L::load(v + i, left)), left);
      if ((i & 8) == 0) a0 = L::fma(p, L::load(r + i, left), a0);
      else a1 = L::fma(p, L::load(r + i, left), a1);
    }
    v[j] = reduce(L::add(a0, a1)) + col[j] * r[j];
  }
}

// Rows 0..last of column j: P[i,j] −= Σ_s V[s,i] c[s] for i from `from`, s = 0..k−1 in order.
inline void downdate_column_tail(int from, int last, int k, const double* V, int ldv,
                                 const double* c, double* col) {
  for (int i = from; i <= last; i += 8) {
    const int left = last + 1 - i < 8 ? last + 1 - i : 8;
    typename L::reg a = L::load(col + i, left);
    for (int s = 0; s < k; ++s)
      a = L::fnma(L::load(V + static_cast<size_t>(s) * ldv + i, left), L::set1(c[s]), a);
    L::store(col + i, a, left);
  }
}

// P −= V diag(w) Vᵀ on the upper triangle. Four columns × 32 rows at a time: each load of V
// serves four columns and sixteen independent FMA chains hide the FMA latency. Every element
// still sees s = 0..k−1 in order, so the bits do not depend on the blocking.
inline void downdate_lanes(int n, int k, const double* V, int ldv, const double* w, double* P) {
  constexpr int kCols = 4;
  double c[kCols][64];
  int j = 0;
  for (; j + kCols <= n; j += kCols) {
    double* col[kCols];
    for (int q = 0; q < kCols; ++q) {
      for (int s = 0; s < k; ++s) c[q][s] = V[static_cast<size_t>(s) * ldv + j + q] * w[s];
      col[q] = P + packed_index(0, j + q);
    }
    int i = 0;
    for (; i + 32 <= j + 1; i += 32) {  // rows every column of the four has
      typename L::reg a[kCols][4];
#pragma GCC unroll 4
      for (int q = 0; q < kCols; ++q)
#pragma GCC unroll 4
        for (int b = 0; b < 4; ++b) a[q][b] = L::load(col[q] + i + 8 * b, 8);
      for (int s = 0; s < k; ++s) {
        const double* v = V + static_cast<size_t>(s) * ldv + i;
        const typename L::reg v0 = L::load(v, 8), v1 = L::load(v + 8, 8),
                              v2 = L::load(v + 16, 8), v3 = L::load(v + 24, 8);
#pragma GCC unroll 4
        for (int q = 0; q < kCols; ++q) {
          const typename L::reg cs = L::set1(c[q][s]);
          a[q][0] = L::fnma(v0, cs, a[q][0]);
          a[q][1] = L::fnma(v1, cs, a[q][1]);
          a[q][2] = L::fnma(v2, cs, a[q][2]);
          a[q][3] = L::fnma(v3, cs, a[q][3]);
        }
      }
#pragma GCC unroll 4
      for (int q = 0; q < kCols; ++q)
#pragma GCC unroll 4
        for (int b = 0; b < 4; ++b) L::store(col[q] + i + 8 * b, a[q][b], 8);
    }
    for (int q = 0; q < kCols; ++q) downdate_column_tail(i, j + q, k, V, ldv, c[q], col[q]);
  }
  for (; j < n; ++j) {
    for (int s = 0; s < k; ++s) c[0][s] = V[static_cast<size_t>(s) * ldv + j] * w[s];
    downdate_column_tail(0, j, k, V, ldv, c[0], P + packed_index(0, j));
  }
}

inline void axpy_lanes(int n, double a, const double* x, double* y) {
  const typename L::reg av = L::set1(a);
  for (int i = 0; i < n; i += 8) {
    const int left = n - i < 8 ? n - i : 8;
    L::store(y + i, L::fma(av, L::load(x + i, left), L::load(y + i, left)), left);
  }
}

inline void gemv_sub_lanes(int n, int k, const double* V, int ldv, const double* c, double* y) {
  for (int i = 0; i < n; i += 8) {
    const int left = n - i < 8 ? n - i : 8;
    typename L::reg a = L::load(y + i, left);
    for (int s = 0; s < k; ++s)
      a = L::fnma(L::load(V + static_cast<size_t>(s) * ldv + i, left), L::set1(c[s]), a);
    L::store(y + i, a, left);
  }
}
