#include "dynamics/fixed_points.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "linalg/vmath.h"

extern "C" {
void dpotrf_(const char* uplo, const int* n, double* a, const int* lda, int* info);
void dpotrs_(const char* uplo, const int* n, const int* nrhs, const double* a, const int* lda,
             double* b, const int* ldb, int* info);
void dgeev_(const char* jobvl, const char* jobvr, const int* n, double* a, const int* lda,
            double* wr, double* wi, double* vl, const int* ldvl, double* vr, const int* ldvr,
            double* work, const int* lwork, int* info);
}

namespace wmsweep {
namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double rms(int n, const double* v) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += v[i] * v[i];
  return std::sqrt(s / n);
}

double rms_diff(int n, const double* a, const double* b) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s / n);
}

// LAPACK dgeev on A (n, n), overwritten: eigenvalues into wr, wi (n); right eigenvectors into
// V (n, n) when V is not null. Returns LAPACK's info (0: success).
int geev(int n, double* A, double* wr, double* wi, double* V) {
  int info = 0, lwork = -1, one = 1;
  double query = 0, dummy = 0;
  const char* jobvr = V ? "V" : "N";
  double* vr = V ? V : &dummy;
  const int ldvr = V ? n : 1;
  dgeev_("N", jobvr, &n, A, &n, wr, wi, &dummy, &one, vr, &ldvr, &query, &lwork, &info);
  lwork = static_cast<int>(query);
  std::vector<double> work(static_cast<size_t>(std::max(lwork, 1)));
  dgeev_("N", jobvr, &n, A, &n, wr, wi, &dummy, &one, vr, &ldvr, work.data(), &lwork, &info);
  return info;
}

enum class End { zero, slow, unconverged };

// One start's descent. Scratch sized by the caller; x is updated in place.
class Descent {
 public:
  Descent(int n, const double* M, const double* b)
      : n_(n), M_(M), b_(b), un_(static_cast<size_t>(n)), A_(un_ * un_), H_(un_ * un_),
        MtM_(un_ * un_), f_(un_), ft_(un_), xt_(un_), d_(un_), g_(un_), c_(un_), r_(un_), T_(un_),
        D_(un_) {
    // MᵀM once: then JᵀJ = I − MD − DMᵀ + D·MᵀM·D costs n² per iteration instead of n³
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, n, n, 1.0, M, n, 0.0, MtM_.data(), n);
  }

  // Runs until a zero (rms F ≤ zero_tol), a stall (a minimum of q), or max_iterations;
  // `known(x)` may end the descent early at a point already found (returns true).
  template <class Known>
  End run(double* x, double zero_tol, int max_iterations, int* iterations, Known&& known) {
    const int n = n_;
    double r = residual_at(x, f_.data());
    double q = 0.5 * n * r * r;
    double mu = -1;  // LM damping, set from JᵀJ on first use
    int stalls = 0;
    bool newton_failed = false;
    *iterations = 0;
    for (;;) {
      if (r <= zero_tol) return End::zero;
      if (known(x)) return End::zero;  // the caller tells which kind of point it knew
      if (*iterations >= max_iterations) return End::unconverged;
      ++*iterations;
      // Newton on F first; after it has failed, only once LM's damping has gone (near a zero).
      const bool tried_newton = !(newton_failed && mu > 0);
      double q_new = tried_newton ? newton(x, q) : HUGE_VAL;
      newton_failed = !(q_new < q);
      if (newton_failed) {
        q_new = levenberg_marquardt(x, q, &mu, tried_newton);
        if (!(q_new < q)) return End::slow;  // no step lowers q, however short: a minimum
      }
      stalls = q - q_new <= 1e-12 * q ? stalls + 1 : 0;
      std::copy(xt_.begin(), xt_.end(), x);
      std::copy(ft_.begin(), ft_.end(), f_.begin());
      q = q_new;
      r = std::sqrt(2 * q / n);
      if (stalls >= 3) return r <= zero_tol ? End::zero : End::slow;
    }
  }

  double q_at(const double* x) {
    const double r = residual_at(x, ft_.data());
    return 0.5 * n_ * r * r;
  }

 private:
  // F(x) into f, as residual() does, with the tanh in member scratch; returns rms(F)
  double residual_at(const double* x, double* f) {
    linalg::tanh_into(x, r_.data(), un_);
    cblas_dgemv(CblasColMajor, CblasNoTrans, n_, n_, 1.0, M_, n_, r_.data(), 1, 0.0, f, 1);
    for (size_t i = 0; i < un_; ++i) f[i] += (b_ ? b_[i] : 0.0) - x[i];
    return rms(n_, f);
  }

  // Trial point x + α·d into xt_, its F into ft_; returns q there.
  double trial(const double* x, double alpha) {
    for (size_t i = 0; i < un_; ++i) xt_[i] = x[i] + alpha * d_[i];
    const double r = residual_at(xt_.data(), ft_.data());
    return std::isfinite(r) ? 0.5 * n_ * r * r : HUGE_VAL;
  }

  // At x: T = tanh x, D = 1 − T², c = MᵀF, g = ∇q = JᵀF = −F + D⊙c, and the upper triangle of
  // JᵀJ into H. With MᵀM formed once, JᵀJ = I − MD − DMᵀ + D·MᵀM·D costs n², not n³.
  void normal_equations(const double* x) {
    linalg::tanh_into(x, T_.data(), un_);
    for (size_t j = 0; j < un_; ++j) D_[j] = 1 - T_[j] * T_[j];
    for (size_t j = 0; j < un_; ++j)
      for (size_t i = 0; i <= j; ++i)
        H_[j * un_ + i] = (i == j ? 1.0 : 0.0) - M_[j * un_ + i] * D_[j] -
                          D_[i] * M_[i * un_ + j] + D_[i] * MtM_[j * un_ + i] * D_[j];
    cblas_dgemv(CblasColMajor, CblasTrans, n_, n_, 1.0, M_, n_, f_.data(), 1, 0.0, c_.data(), 1);
    for (size_t j = 0; j < un_; ++j) g_[j] = -f_[j] + D_[j] * c_[j];
  }

  // Newton step d = −J⁻¹F = −(JᵀJ)⁻¹JᵀF (Cholesky: half an LU's work) with backtracking
  // (Armijo on q; dq/dα = −2q along d). Returns q at the accepted point, or +inf when J is
  // singular or no α ≥ 2⁻¹⁰ is accepted.
  double newton(const double* x, double q) {
    const int n = n_;
    normal_equations(x);
    std::copy(H_.begin(), H_.end(), A_.begin());
    int info = 0, one = 1;
    dpotrf_("U", &n, A_.data(), &n, &info);
    if (info != 0) return HUGE_VAL;
    for (size_t i = 0; i < un_; ++i) d_[i] = -g_[i];
    dpotrs_("U", &n, &one, A_.data(), &n, d_.data(), &n, &info);
    if (info != 0) return HUGE_VAL;
    for (double alpha = 1; alpha >= 1.0 / 1024; alpha /= 2) {
      const double qt = trial(x, alpha);
      if (qt <= q * (1 - 1e-4 * alpha)) return qt;
    }
    return HUGE_VAL;
  }

  // Newton on q itself, damped: (H + μI) d = −∇q with ∇q = JᵀF and the exact Hessian
  // H = JᵀJ + diag(c), c_j = (MᵀF)_j·tanh''(x_j) (F_i depends on x_j only through tanh(x_j), so
  // the second-order term is diagonal). With it, minima of q that are not zeros (slow points)
  // converge quadratically, where Gauss–Newton alone crawls along their flat valleys.
  // μ rises until H + μI is positive definite and q falls; it carries over between iterations.
  // Returns q at the new point; q itself when the step is negligible (a minimum); +inf when
  // no damping lowers q.
  double levenberg_marquardt(const double* x, double q, double* mu, bool fresh) {
    const int n = n_;
    if (!fresh) normal_equations(x);
    std::vector<double>& H = H_;
    double top = 0;
    for (size_t j = 0; j < un_; ++j) {
      H[j * un_ + j] += c_[j] * (-2 * T_[j] * D_[j]);  // tanh'' = −2 tanh (1 − tanh²)
      top = std::max(top, std::fabs(H[j * un_ + j]));
    }
    if (top == 0) return HUGE_VAL;
    if (*mu < 0) *mu = 1e-3 * top;
    int info = 0, one = 1;
    for (; *mu <= 1e16 * top; *mu = std::max(4 * *mu, 1e-12 * top)) {
      std::copy(H.begin(), H.end(), A_.begin());
      for (size_t i = 0; i < un_; ++i) A_[i * un_ + i] += *mu;
      dpotrf_("U", &n, A_.data(), &n, &info);
      if (info != 0) continue;
      for (size_t i = 0; i < un_; ++i) d_[i] = -g_[i];
      dpotrs_("U", &n, &one, A_.data(), &n, d_.data(), &n, &info);
      if (rms(n, d_.data()) <= 1e-13 * std::max(1.0, rms(n, x))) return q;  // at a minimum
      const double qt = trial(x, 1.0);
      if (qt < q) {
        *mu = *mu / 10 < 1e-15 * top ? 0 : *mu / 10;
        return qt;
      }
    }
    return HUGE_VAL;
  }

  int n_;
  const double *M_, *b_;
  size_t un_;
  std::vector<double> A_, H_, MtM_, f_, ft_, xt_, d_, g_, c_, r_, T_, D_;
};

void classify_point(FixedPoint& p, const std::vector<std::complex<double>>& all,
                    const FixedPointConfig& config) {
  p.unstable = p.slow = 0;
  for (const auto& l : all) {
    if (l.real() > config.slow_rate) ++p.unstable;
    else if (std::fabs(l.real()) <= config.slow_rate) ++p.slow;
  }
  if (!p.zero) p.kind = PointKind::slow_point;
  else if (p.unstable > 0) p.kind = PointKind::saddle;
  else if (p.slow > 0) p.kind = PointKind::marginal;
  else p.kind = PointKind::stable;
  p.eigenvalues.assign(all.begin(), all.begin() + std::min<size_t>(all.size(), config.keep));
}

}  // namespace

const char* point_kind_name(PointKind k) {
  switch (k) {
    case PointKind::stable: return "stable";
    case PointKind::saddle: return "saddle";
    case PointKind::marginal: return "marginal";
    case PointKind::slow_point: return "slow_point";
  }
  return "?";
}

std::string point_kind_list() {
  std::string out;
  for (int k = 0; k < kPointKinds; ++k)
    out += (k ? "," : "") + std::string(point_kind_name(static_cast<PointKind>(k)));
  return out;
}

std::array<int, kPointKinds> kind_counts(const FixedPointSet& set) {
  std::array<int, kPointKinds> counts{};
  for (const FixedPoint& p : set.points) ++counts[static_cast<int>(p.kind)];
  return counts;
}

int unconverged_starts(const FixedPointSet& set) {
  int n = 0;
  for (const StartOutcome& o : set.starts) n += o.point < 0;
  return n;
}

std::vector<double> eigenvalue_pairs(const FixedPoint& p, int keep) {
  std::vector<double> out(2 * static_cast<size_t>(std::max(keep, 0)), std::nan(""));
  for (size_t e = 0; e < std::min<size_t>(keep, p.eigenvalues.size()); ++e) {
    out[2 * e] = p.eigenvalues[e].real();
    out[2 * e + 1] = p.eigenvalues[e].imag();
  }
  return out;
}

double residual(int n, const double* M, const double* b, const double* x, double* f) {
  std::vector<double> r(static_cast<size_t>(n));
  linalg::tanh_into(x, r.data(), r.size());
  cblas_dgemv(CblasColMajor, CblasNoTrans, n, n, 1.0, M, n, r.data(), 1, 0.0, f, 1);
  for (int i = 0; i < n; ++i) f[i] += (b ? b[i] : 0.0) - x[i];
  return rms(n, f);
}

void jacobian(int n, const double* M, const double* x, double* J) {
  const size_t un = static_cast<size_t>(n);
  for (size_t j = 0; j < un; ++j) {
    const double t = std::tanh(x[j]), d = 1 - t * t;
    for (size_t i = 0; i < un; ++i) J[j * un + i] = M[j * un + i] * d;
    J[j * un + j] -= 1;
  }
}

std::vector<std::complex<double>> eigenvalues(int n, double* A) {
  std::vector<double> wr(static_cast<size_t>(n)), wi(static_cast<size_t>(n));
  const int info = geev(n, A, wr.data(), wi.data(), nullptr);
  std::vector<std::complex<double>> l;
  if (info != 0) return l;
  for (int i = 0; i < n; ++i) l.emplace_back(wr[i], wi[i]);
  std::sort(l.begin(), l.end(), [](const auto& a, const auto& b) {
    return a.real() != b.real() ? a.real() > b.real() : a.imag() > b.imag();
  });
  return l;
}

FixedPointSet find_fixed_points(int n, const double* M, const double* b, const double* starts,
                                int count, const FixedPointConfig& config) {
  const size_t un = static_cast<size_t>(n);
  FixedPointSet set;
  set.starts.resize(static_cast<size_t>(std::max(count, 0)));
  const double t0 = now();
  double sum = 0, cells = 0;  // the rms of the finite starts' values
  for (size_t i = 0; i < un * std::max(count, 0); ++i)
    if (std::isfinite(starts[i])) sum += starts[i] * starts[i], cells += 1;
  set.scale = std::max(1.0, cells > 0 ? std::sqrt(sum / cells) : 0.0);
  const double s = set.scale;

  std::vector<FixedPoint> zeros, slows;
  std::vector<int> first_start_zero, first_start_slow;  // for a deterministic order
  std::vector<int> start_zero(set.starts.size(), -1), start_slow(set.starts.size(), -1);
  auto find_in = [&](const std::vector<FixedPoint>& pts, const double* x, double tol) {
    for (size_t p = 0; p < pts.size(); ++p)
      if (rms_diff(n, pts[p].x.data(), x) <= tol * s) return static_cast<int>(p);
    return -1;
  };

  Descent descent(n, M, b);
  std::vector<double> x(un);
  for (int k = 0; k < count; ++k) {
    const double* start = starts + k * un;
    if (!std::all_of(start, start + un, [](double v) { return std::isfinite(v); })) continue;
    // A start equal to an earlier one (within merge_tol) ends where it did.
    int same = -1;
    for (int e = 0; e < k && same < 0; ++e)
      if (rms_diff(n, starts + e * un, start) <= config.merge_tol * s) same = e;
    if (same >= 0) {
      start_zero[k] = start_zero[same];
      start_slow[k] = start_slow[same];
      continue;
    }
    std::copy_n(start, un, x.data());
    int hit = -1, hit_slow = -1, iterations = 0;
    // An iterate within merge_tol of a zero already found, or within slow_merge_tol of a slow
    // point, ends there: the same tolerances that merge the points themselves.
    End end = descent.run(x.data(), config.tol * s, config.max_iterations, &iterations,
                          [&](const double* xi) {
                            hit = find_in(zeros, xi, config.merge_tol);
                            if (hit < 0) hit_slow = find_in(slows, xi, config.slow_merge_tol);
                            return hit >= 0 || hit_slow >= 0;
                          });
    if (hit_slow >= 0) end = End::slow;
    // a minimum of q where the state still moves fast is no slow point: the start found nothing
    if (end == End::slow && hit_slow < 0 &&
        !(std::sqrt(2 * descent.q_at(x.data()) / n) <= config.slow_speed * s))
      end = End::unconverged;
    set.starts[k].iterations = iterations;
    set.iterations += iterations;
    if (end == End::zero) {
      if (hit < 0) hit = find_in(zeros, x.data(), config.merge_tol);
      if (hit < 0) {
        FixedPoint p;
        p.x = x;
        p.q = descent.q_at(x.data());
        zeros.push_back(std::move(p));
        first_start_zero.push_back(k);
        hit = static_cast<int>(zeros.size()) - 1;
      }
      start_zero[k] = hit;
    } else if (end == End::slow) {
      int p = hit_slow >= 0 ? hit_slow : find_in(slows, x.data(), config.slow_merge_tol);
      if (p < 0) {
        FixedPoint sp;
        sp.x = x;
        sp.q = descent.q_at(x.data());
        sp.zero = false;
        slows.push_back(std::move(sp));
        first_start_slow.push_back(k);
        p = static_cast<int>(slows.size()) - 1;
      }
      start_slow[k] = p;
    }
  }
  for (int k = 0; k < count; ++k) {
    if (start_zero[k] >= 0) ++zeros[start_zero[k]].starts;
    if (start_slow[k] >= 0) ++slows[start_slow[k]].starts;
  }

  // Order: zeros by descending start count, then slow points alike; ties by first start.
  auto order_of = [](const std::vector<FixedPoint>& pts, const std::vector<int>& first) {
    std::vector<int> o(pts.size());
    std::iota(o.begin(), o.end(), 0);
    std::sort(o.begin(), o.end(), [&](int a, int b) {
      return pts[a].starts != pts[b].starts ? pts[a].starts > pts[b].starts : first[a] < first[b];
    });
    return o;
  };
  const std::vector<int> oz = order_of(zeros, first_start_zero), os = order_of(slows, first_start_slow);
  std::vector<int> new_zero(zeros.size()), new_slow(slows.size());
  for (size_t i = 0; i < oz.size(); ++i) {
    new_zero[oz[i]] = static_cast<int>(i);
    set.points.push_back(std::move(zeros[oz[i]]));
  }
  for (size_t i = 0; i < os.size(); ++i) {
    new_slow[os[i]] = static_cast<int>(oz.size() + i);
    set.points.push_back(std::move(slows[os[i]]));
  }
  for (int k = 0; k < count; ++k)
    set.starts[k].point = start_zero[k] >= 0 ? new_zero[start_zero[k]]
                          : start_slow[k] >= 0 ? new_slow[start_slow[k]] : -1;
  const double t1 = now();
  set.seconds_find = t1 - t0;

  std::vector<double> J(un * un);
  for (FixedPoint& p : set.points) {
    jacobian(n, M, p.x.data(), J.data());
    classify_point(p, eigenvalues(n, J.data()), config);
  }
  set.seconds_eigen = now() - t1;
  return set;
}

namespace {

// An orthonormal basis (n, ≤ modes) of the real span of J's `modes` slowest modes at x
// (smallest |Re λ|; a complex pair gives its Re and Im vectors). Empty if dgeev fails.
std::vector<std::vector<double>> slow_basis(int n, const double* M, const double* x, int modes) {
  const size_t un = static_cast<size_t>(n);
  std::vector<double> A(un * un), wr(un), wi(un), V(un * un);
  jacobian(n, M, x, A.data());
  if (geev(n, A.data(), wr.data(), wi.data(), V.data()) != 0) return {};
  std::vector<int> order(un);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return std::fabs(wr[a]) < std::fabs(wr[b]); });
  std::vector<std::vector<double>> basis, q;
  std::vector<bool> used(un, false);
  for (int i : order) {
    if (static_cast<int>(basis.size()) >= modes) break;
    int col = i;
    if (wi[i] != 0) col = wi[i] > 0 ? i : i - 1;  // dgeev packs a pair as Re, Im columns
    if (used[col]) continue;
    used[col] = true;
    basis.emplace_back(V.begin() + col * un, V.begin() + (col + 1) * un);
    if (wi[i] != 0) basis.emplace_back(V.begin() + (col + 1) * un, V.begin() + (col + 2) * un);
  }
  for (auto& v : basis) {  // Gram–Schmidt, twice
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& u : q) cblas_daxpy(n, -cblas_ddot(n, u.data(), 1, v.data(), 1), u.data(), 1, v.data(), 1);
    const double norm = cblas_dnrm2(n, v.data(), 1);
    if (norm < 1e-12) continue;
    cblas_dscal(n, 1 / norm, v.data(), 1);
    q.push_back(v);
  }
  return q;
}

}  // namespace

std::vector<Nearest> nearest_points(int n, const double* M, const FixedPointSet& set,
                                    const double* states, int count, int modes) {
  const size_t un = static_cast<size_t>(n);
  std::vector<Nearest> out(static_cast<size_t>(std::max(count, 0)));
  std::vector<std::vector<std::vector<double>>> bases(set.points.size());
  std::vector<bool> have(set.points.size(), false);
  std::vector<double> e(un);
  for (int k = 0; k < count; ++k) {
    const double* state = states + k * un;
    Nearest& o = out[static_cast<size_t>(k)];
    for (size_t p = 0; p < set.points.size(); ++p) {
      const double d = rms_diff(n, set.points[p].x.data(), state);
      if (o.point < 0 || d < o.distance) {
        o.point = static_cast<int>(p);
        o.distance = d;
      }
    }
    if (o.point < 0 || o.distance == 0 || modes <= 0) continue;
    const FixedPoint& fp = set.points[static_cast<size_t>(o.point)];
    if (!have[o.point]) {  // memories often share a point: one eigen-decomposition each
      bases[o.point] = slow_basis(n, M, fp.x.data(), modes);
      have[o.point] = true;
    }
    for (size_t i = 0; i < un; ++i) e[i] = state[i] - fp.x[i];
    double inside = 0;
    for (const auto& u : bases[o.point]) {
      const double c = cblas_ddot(n, u.data(), 1, e.data(), 1);
      inside += c * c;
    }
    o.slow_fraction = std::sqrt(inside) / cblas_dnrm2(n, e.data(), 1);
  }
  return out;
}

}  // namespace wmsweep
