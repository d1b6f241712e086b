#include "train/rls.h"

#include <cblas.h>

#include <cmath>

namespace wmsweep {

Rls::Rls(int n, double alpha, int block)
    : n_(n), block_(block), P0_(static_cast<size_t>(n) * n, 0.0),
      V_(static_cast<size_t>(n) * block), cinv_(block), v_(n), coef_(block) {
  for (int i = 0; i < n; ++i) P0_[static_cast<size_t>(i) * n + i] = 1.0 / alpha;
}

void Rls::update(const double* r, const double* e, int m, double* W) {
  const int n = n_;
  // v = P r = P0 r − V (cinv ⊙ Vᵀ r)
  cblas_dsymv(CblasColMajor, CblasUpper, n, 1.0, P0_.data(), n, r, 1, 0.0, v_.data(), 1);
  if (pending_ > 0) {
    cblas_dgemv(CblasColMajor, CblasTrans, n, pending_, 1.0, V_.data(), n, r, 1, 0.0,
                coef_.data(), 1);
    for (int s = 0; s < pending_; ++s) coef_[s] *= cinv_[s];
    cblas_dgemv(CblasColMajor, CblasNoTrans, n, pending_, -1.0, V_.data(), n, coef_.data(), 1,
                1.0, v_.data(), 1);
  }
  const double c = 1.0 + cblas_ddot(n, r, 1, v_.data(), 1);
  for (int j = 0; j < m; ++j) cblas_daxpy(n, -e[j] / c, v_.data(), 1, W + static_cast<size_t>(j) * n, 1);

  cblas_dcopy(n, v_.data(), 1, V_.data() + static_cast<size_t>(pending_) * n, 1);
  cinv_[pending_] = 1.0 / c;
  if (++pending_ == block_) fold();
}

void Rls::fold() {
  // P0 ← P0 − Σ (v_s / sqrt(c_s)) (v_s / sqrt(c_s))ᵀ ; c_s > 1 because P stays positive definite
  for (int s = 0; s < pending_; ++s)
    cblas_dscal(n_, std::sqrt(cinv_[s]), V_.data() + static_cast<size_t>(s) * n_, 1);
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, n_, pending_, -1.0, V_.data(), n_, 1.0,
              P0_.data(), n_);
  pending_ = 0;
}

std::vector<double> Rls::matrix() const {
  const size_t n = static_cast<size_t>(n_);
  std::vector<double> P(n * n);
  for (size_t j = 0; j < n; ++j)
    for (size_t i = 0; i <= j; ++i) P[j * n + i] = P[i * n + j] = P0_[j * n + i];
  for (int s = 0; s < pending_; ++s) {
    const double* v = V_.data() + static_cast<size_t>(s) * n;
    for (size_t j = 0; j < n; ++j)
      for (size_t i = 0; i < n; ++i) P[j * n + i] -= v[i] * v[j] * cinv_[s];
  }
  return P;
}

}  // namespace wmsweep
