#include "dynamics/torus.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <functional>

extern "C" void dsyev_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda,
                       double* w, double* work, const int* lwork, int* info);

namespace wmsweep {
namespace {

// Eigenvalues of a symmetric A (n, n), ascending; A is overwritten.
std::vector<double> symmetric_eigenvalues(int n, std::vector<double>& A) {
  std::vector<double> w(static_cast<size_t>(n));
  int info = 0, lwork = -1;
  double query = 0;
  dsyev_("N", "U", &n, A.data(), &n, w.data(), &query, &lwork, &info);
  lwork = static_cast<int>(query);
  std::vector<double> work(static_cast<size_t>(std::max(lwork, 1)));
  dsyev_("N", "U", &n, A.data(), &n, w.data(), work.data(), &lwork, &info);
  return w;
}

// Orthonormal basis of span(a, b) (Gram–Schmidt), n values each; false if degenerate.
bool plane_basis(int n, std::vector<double> a, std::vector<double> b, std::vector<double>& q1,
                 std::vector<double>& q2) {
  const double na = cblas_dnrm2(n, a.data(), 1);
  if (na < 1e-12) return false;
  cblas_dscal(n, 1 / na, a.data(), 1);
  cblas_daxpy(n, -cblas_ddot(n, a.data(), 1, b.data(), 1), a.data(), 1, b.data(), 1);
  const double nb = cblas_dnrm2(n, b.data(), 1);
  if (nb < 1e-12) return false;
  cblas_dscal(n, 1 / nb, b.data(), 1);
  q1 = std::move(a);
  q2 = std::move(b);
  return true;
}

}  // namespace

TorusGeometry torus_geometry(int n, int g1, int g2, const double* states) {
  const int G = g1 * g2;
  const size_t un = static_cast<size_t>(n);
  // centre every unit over the grid
  std::vector<double> X(states, states + un * G), mean(un, 0.0);
  for (int c = 0; c < G; ++c)
    for (size_t i = 0; i < un; ++i) mean[i] += X[c * un + i] / G;
  for (int c = 0; c < G; ++c)
    for (size_t i = 0; i < un; ++i) X[c * un + i] -= mean[i];
  double total = 0;
  for (double v : X) total += v * v;
  TorusGeometry out;
  if (total <= 0) {
    out.label = "other";
    return out;
  }

  // PCA: eigenvalues of the (n, n) scatter matrix
  std::vector<double> S(un * un);
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasNoTrans, n, G, 1.0, X.data(), n, 0.0, S.data(), n);
  std::vector<double> ev = symmetric_eigenvalues(n, S);
  double top = 0;
  for (int k = 0; k < std::min(4, n); ++k) top += std::max(0.0, ev[ev.size() - 1 - k]);
  out.pca4 = top / total;

  // Regression on (cos 2θ1, sin 2θ1, cos 2θ2, sin 2θ2): on a full grid the features are
  // orthogonal with squared norm G/2 each, so each coefficient is a projection.
  std::vector<std::vector<double>> C(4, std::vector<double>(un, 0.0));
  for (int j = 0; j < g2; ++j)
    for (int i = 0; i < g1; ++i) {
      const int c = i + g1 * j;
      const double a = 2 * M_PI * i / g1, b = 2 * M_PI * j / g2;
      const double f[4] = {std::cos(a), std::sin(a), std::cos(b), std::sin(b)};
      for (int k = 0; k < 4; ++k)
        cblas_daxpy(n, 2.0 * f[k] / G, &X[c * un], 1, C[k].data(), 1);
    }
  auto norm2 = [&](const std::vector<double>& v) { return cblas_ddot(n, v.data(), 1, v.data(), 1); };
  const double r1 = std::sqrt((norm2(C[0]) + norm2(C[1])) / 2), r2 = std::sqrt((norm2(C[2]) + norm2(C[3])) / 2);
  out.radius_ratio = r2 > 0 ? r1 / r2 : HUGE_VAL;
  std::vector<double> p1, p2, q1, q2;
  if (plane_basis(n, C[0], C[1], p1, p2) && plane_basis(n, C[2], C[3], q1, q2)) {
    // cosines of the principal angles: singular values of the 2×2 matrix PᵀQ
    const double m[4] = {cblas_ddot(n, p1.data(), 1, q1.data(), 1), cblas_ddot(n, p1.data(), 1, q2.data(), 1),
                         cblas_ddot(n, p2.data(), 1, q1.data(), 1), cblas_ddot(n, p2.data(), 1, q2.data(), 1)};
    const double s = m[0] * m[0] + m[1] * m[1] + m[2] * m[2] + m[3] * m[3];
    const double d = m[0] * m[3] - m[1] * m[2];
    const double disc = std::sqrt(std::max(0.0, s * s / 4 - d * d));
    const double big = std::sqrt(std::max(0.0, s / 2 + disc)), small = std::sqrt(std::max(0.0, s / 2 - disc));
    out.angle1 = std::acos(std::min(1.0, big)) * 180 / M_PI;    // the smaller angle
    out.angle2 = std::acos(std::min(1.0, small)) * 180 / M_PI;  // the larger
  }

  // additivity: the variance the main effects f(θ1) + g(θ2) explain (row and column means),
  // against that plus the first-harmonic interaction terms (cos, sin 2θ1)·(cos, sin 2θ2)
  std::vector<double> row(un * g1, 0.0), col(un * g2, 0.0);
  std::vector<std::vector<double>> D(4, std::vector<double>(un, 0.0));
  for (int j = 0; j < g2; ++j)
    for (int i = 0; i < g1; ++i) {
      const double* x = &X[(i + g1 * j) * un];
      const double a = 2 * M_PI * i / g1, b = 2 * M_PI * j / g2;
      const double h[4] = {std::cos(a) * std::cos(b), std::cos(a) * std::sin(b),
                           std::sin(a) * std::cos(b), std::sin(a) * std::sin(b)};
      for (size_t u = 0; u < un; ++u) {
        row[i * un + u] += x[u] / g2;
        col[j * un + u] += x[u] / g1;
      }
      for (int k = 0; k < 4; ++k) cblas_daxpy(n, 4.0 * h[k] / G, x, 1, D[k].data(), 1);
    }
  double main = 0, interaction = 0;
  for (int i = 0; i < g1; ++i) main += g2 * cblas_ddot(n, &row[i * un], 1, &row[i * un], 1);
  for (int j = 0; j < g2; ++j) main += g1 * cblas_ddot(n, &col[j * un], 1, &col[j * un], 1);
  for (int k = 0; k < 4; ++k) interaction += norm2(D[k]) * G / 4;  // each term's norm² is G/4
  out.additivity = main / (main + interaction);
  out.label = torus_label(out);
  return out;
}

std::string torus_label(const TorusGeometry& g) {
  if (g.angle1 >= 70 && g.radius_ratio >= 2.0 / 3 && g.radius_ratio <= 1.5 && g.additivity >= 0.95)
    return "clifford";
  if (g.additivity < 0.95 && g.pca4 >= 0.9) return "standard_torus";
  return "other";
}

}  // namespace wmsweep
