#include "train/rls.h"

#include <cmath>

#include "linalg/symmetric.h"

namespace wmsweep {

Rls::Rls(int n, double alpha, int block)
    : n_(n), block_(block), P0_(linalg::packed_size(n), 0.0),
      V_(static_cast<size_t>(n) * block), cinv_(block), v_(n), coef_(block) {
  for (int i = 0; i < n; ++i) P0_[linalg::packed_index(i, i)] = 1.0 / alpha;
}

void Rls::update(const double* r, const double* e, int m, double* W) {
  const int n = n_;
  // v = P r = P0 r − V (cinv ⊙ Vᵀ r)
  linalg::spmv_upper(n, P0_.data(), r, v_.data());
  if (pending_ > 0) {
    linalg::gemv_t(n, pending_, V_.data(), n, r, coef_.data());
    for (int s = 0; s < pending_; ++s) coef_[s] *= cinv_[s];
    linalg::gemv_sub(n, pending_, V_.data(), n, coef_.data(), v_.data());
  }
  const double c = 1.0 + linalg::dot(n, r, v_.data());
  for (int j = 0; j < m; ++j) linalg::axpy(n, -e[j] / c, v_.data(), W + static_cast<size_t>(j) * n);

  std::copy(v_.begin(), v_.end(), V_.begin() + static_cast<size_t>(pending_) * n);
  cinv_[pending_] = 1.0 / c;
  if (++pending_ == block_) fold();
}

void Rls::fold() {
  linalg::rank_k_downdate_upper(n_, pending_, V_.data(), n_, cinv_.data(), P0_.data());
  pending_ = 0;
}

std::vector<double> Rls::matrix() const {
  const size_t n = static_cast<size_t>(n_);
  std::vector<double> P(n * n);
  for (size_t j = 0; j < n; ++j)
    for (size_t i = 0; i <= j; ++i)
      P[j * n + i] = P[i * n + j] = P0_[linalg::packed_index(static_cast<int>(i), static_cast<int>(j))];
  for (int s = 0; s < pending_; ++s) {
    const double* v = V_.data() + static_cast<size_t>(s) * n;
    for (size_t j = 0; j < n; ++j)
      for (size_t i = 0; i < n; ++i) P[j * n + i] -= v[i] * v[j] * cinv_[s];
  }
  return P;
}

}  // namespace wmsweep
