#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "linalg/matmul.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {
template <class Real = double>
std::vector<Real> random_matrix(size_t count, uint64_t key) {
  std::vector<Real> v(count);
  for (size_t i = 0; i < count; ++i) v[i] = static_cast<Real>(normal_at(key, i));
  return v;
}
// The contract, written out: one FMA chain per element, k increasing, from +0.0.
template <class Real>
std::vector<Real> reference(const std::vector<Real>& A, int n, int K, const std::vector<Real>& X,
                            int B) {
  std::vector<Real> Y(static_cast<size_t>(n) * B);
  for (int j = 0; j < B; ++j)
    for (int i = 0; i < n; ++i) {
      Real acc = 0;
      for (int k = 0; k < K; ++k) acc = std::fma(A[static_cast<size_t>(k) * n + i], X[static_cast<size_t>(j) * K + k], acc);
      Y[static_cast<size_t>(j) * n + i] = acc;
    }
  return Y;
}
template <class Real>
void check_contract() {
  for (int n : {1, 7, 16, 33, 50})
    for (int K : {1, 5, 50, 99})
      for (int B : {1, 2, 5, 6, 7, 12, 13, 42}) {
        const auto A = random_matrix<Real>(static_cast<size_t>(n) * K, 11);
        const auto X = random_matrix<Real>(static_cast<size_t>(K) * B, 12);
        const linalg::Packed<Real> P(A.data(), n, K, n);
        std::vector<Real> Y(static_cast<size_t>(n) * B), Ys(Y.size());
        linalg::matmul(P, X.data(), K, B, Y.data(), n);
        linalg::detail::matmul_scalar(P, X.data(), K, B, Ys.data(), n);
        const auto R = reference(A, n, K, X, B);
        CAPTURE(n); CAPTURE(K); CAPTURE(B);
        CHECK(std::memcmp(Y.data(), R.data(), sizeof(Real) * R.size()) == 0);
        CHECK(std::memcmp(Ys.data(), R.data(), sizeof(Real) * R.size()) == 0);
      }
}
}  // namespace

TEST_CASE("matmul follows the FMA-chain contract bit for bit at odd sizes") {
  check_contract<double>();
}

TEST_CASE("float32 matmul follows the same contract") { check_contract<float>(); }

TEST_CASE("a transposed pack multiplies by Aᵀ") {
  const int n = 37, K = 45, B = 13;  // A (K, n): Aᵀ (n, K)
  const auto A = random_matrix<float>(static_cast<size_t>(K) * n, 31);
  std::vector<float> At(A.size());
  for (int i = 0; i < K; ++i)
    for (int j = 0; j < n; ++j) At[static_cast<size_t>(i) * n + j] = A[static_cast<size_t>(j) * K + i];
  const auto X = random_matrix<float>(static_cast<size_t>(K) * B, 32);
  std::vector<float> Y(static_cast<size_t>(n) * B);
  linalg::matmul(linalg::PackedMatrixF::transposed(A.data(), K, n, K), X.data(), K, B, Y.data(), n);
  const auto R = reference(At, n, K, X, B);
  CHECK(std::memcmp(Y.data(), R.data(), 4 * R.size()) == 0);
}

TEST_CASE("a column's product does not depend on the columns beside it") {
  const int n = 300, B = 161;
  const auto A = random_matrix(static_cast<size_t>(n) * n, 21);
  const auto X = random_matrix(static_cast<size_t>(n) * B, 22);
  const linalg::PackedMatrix P(A.data(), n, n, n);
  std::vector<double> all(static_cast<size_t>(n) * B), one(n);
  linalg::matmul(P, X.data(), n, B, all.data(), n);
  int differing = 0;
  for (int j = 0; j < B; ++j) {
    linalg::matmul(P, X.data() + static_cast<size_t>(j) * n, n, 1, one.data(), n);
    differing += std::memcmp(one.data(), all.data() + static_cast<size_t>(j) * n, 8 * n) != 0;
  }
  CHECK(differing == 0);
  // and the value is the product: compare one entry with a plain sum
  double plain = 0;
  for (int k = 0; k < n; ++k) plain += A[static_cast<size_t>(k) * n + 3] * X[k];
  CHECK(all[3] == doctest::Approx(plain).epsilon(1e-12));
}
