#include "dynamics/dynamic_code.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

#include "dynamics/behaviour.h"

extern "C" {
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info);
void dpotrs_(const char* uplo, const int* n, const int* nrhs, const double* a, const int* lda,
             double* b, const int* ldb, int* info);
}

namespace wmsweep {
namespace {

// θ1 tuning of the response averaged over θ2
UnitTuning theta1_tuning(int n, int g1, int g2, const double* states) {
  const size_t un = static_cast<size_t>(n);
  std::vector<double> r(un * g1, 0.0);  // (n, g1)
  for (int j = 0; j < g2; ++j)
    for (int i = 0; i < g1; ++i)
      for (size_t u = 0; u < un; ++u) r[i * un + u] += states[(i + g1 * j) * un + u] / g2;
  return first_harmonic_tuning(n, g1, r.data());
}

// Mean |orientation error| in degrees of the ridge decoder of (cos 2θ1, sin 2θ1) fitted on
// `fit` and tested on `test`, both (n, G) with G = g1·g2.
double decoding_error_deg(int n, int g1, int g2, const double* fit, const double* test) {
  const int G = g1 * g2;
  const size_t un = static_cast<size_t>(n);
  std::vector<double> mean(un, 0.0);
  for (int c = 0; c < G; ++c)
    for (size_t u = 0; u < un; ++u) mean[u] += fit[c * un + u] / G;
  auto centred = [&](const double* X) {
    std::vector<double> Xc(X, X + un * G);
    for (int c = 0; c < G; ++c)
      for (size_t u = 0; u < un; ++u) Xc[c * un + u] -= mean[u];
    return Xc;
  };
  const std::vector<double> F = centred(fit), T = centred(test);
  // targets (G, 2): zero mean on a full grid, so centring X is the whole intercept
  std::vector<double> Y(static_cast<size_t>(G) * 2);
  for (int c = 0; c < G; ++c) {
    Y[c] = std::cos(2 * M_PI * (c % g1) / g1);
    Y[G + c] = std::sin(2 * M_PI * (c % g1) / g1);
  }
  // (F Fᵀ + λI) W = F Y, W (n, 2)
  std::vector<double> A(un * un), W(un * 2);
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, n, G, 1.0, F.data(), n, 0.0, A.data(), n);
  double trace = 0;
  for (size_t u = 0; u < un; ++u) trace += A[u * un + u];
  if (trace <= 0) return std::nan("");
  for (size_t u = 0; u < un; ++u) A[u * un + u] += 1e-3 * trace / n;
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, 2, G, 1.0, F.data(), n, Y.data(), G,
              0.0, W.data(), n);
  int info = 0, two = 2;
  dpotrf_("U", &n, A.data(), &n, &info);
  dpotrs_("U", &n, &two, A.data(), &n, W.data(), &n, &info);
  // predictions P (2, G) = Wᵀ T
  std::vector<double> P(static_cast<size_t>(2) * G);
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, 2, G, n, 1.0, W.data(), n, T.data(), n,
              0.0, P.data(), 2);
  double sum = 0;
  for (int c = 0; c < G; ++c) {
    const double decoded = std::atan2(P[2 * c + 1], P[2 * c]) / 2;
    sum += std::fabs(wrap_orientation(decoded - M_PI * (c % g1) / g1));
  }
  return sum / G * 180 / M_PI;
}

}  // namespace

UnitTuning first_harmonic_tuning(int n, int g, const double* responses) {
  UnitTuning t;
  t.preferred.resize(n);
  t.depth.resize(n);
  for (int u = 0; u < n; ++u) {
    // on g equally spaced 2θ, cos and sin have squared norm g/2 and are orthogonal to the
    // constant and to the harmonics 2 … g − 2: the coefficients are projections
    double c = 0, s = 0;
    for (int i = 0; i < g; ++i) {
      const double r = responses[static_cast<size_t>(i) * n + u];
      c += 2.0 / g * r * std::cos(2 * M_PI * i / g);
      s += 2.0 / g * r * std::sin(2 * M_PI * i / g);
    }
    t.preferred[u] = std::fmod(std::atan2(s, c) / 2 + M_PI, M_PI);  // a phase of −ε gives π: fmod maps it to 0
    t.depth[u] = std::hypot(c, s);
  }
  return t;
}

DynamicCode dynamic_code(int n, int g1, int g2, const double* delay1, const double* delay2) {
  const UnitTuning t1 = theta1_tuning(n, g1, g2, delay1), t2 = theta1_tuning(n, g1, g2, delay2);
  const double floor = kSelectivityFloor * std::max(*std::max_element(t1.depth.begin(), t1.depth.end()),
                                                    *std::max_element(t2.depth.begin(), t2.depth.end()));
  DynamicCode out;
  int moved = 0, switched = 0;
  for (int u = 0; u < n; ++u) {
    const bool s1 = t1.depth[u] > floor, s2 = t2.depth[u] > floor;
    if (!s1 && !s2) continue;
    ++out.selective;
    if (s1 != s2)
      ++switched;
    else if (std::fabs(wrap_orientation(t2.preferred[u] - t1.preferred[u])) > M_PI / 4)
      ++moved;
  }
  if (out.selective > 0) {
    out.moved = static_cast<double>(moved + switched) / out.selective;
    out.switched = static_cast<double>(switched) / out.selective;
  }
  out.cross_error_deg = decoding_error_deg(n, g1, g2, delay1, delay2);
  out.same_error_deg = decoding_error_deg(n, g1, g2, delay2, delay2);
  return out;
}

}  // namespace wmsweep
