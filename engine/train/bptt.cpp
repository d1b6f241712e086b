#include "train/bptt.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

#include "linalg/matmul.h"
#include "linalg/vmath.h"

namespace wmsweep {
namespace {

void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, double alpha,
          const double* A, int lda, const double* B, int ldb, double beta, double* C, int ldc) {
  cblas_dgemm(CblasColMajor, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, float alpha,
          const float* A, int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  cblas_sgemm(CblasColMajor, ta, tb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
}

// r = φ(x) for n values at once (libmvec's vector tanh)
template <class Real>
void phi_into(Activation a, const Real* x, Real* r, size_t n) {
  linalg::tanh_into(x, r, n);
  if (a == Activation::retanh)
    for (size_t k = 0; k < n; ++k) r[k] = r[k] > 0 ? r[k] : Real(0);
}
// φ'(x) from r = φ(x): 1 − tanh² where tanh is on (retanh: r > 0 exactly when x > 0)
template <class Real>
Real dphi_from_r(Activation a, Real r) {
  return a == Activation::retanh && r <= 0 ? Real(0) : 1 - r * r;
}
double weight_of(const RnnLoss& l, int o) {
  return l.output_weight.empty() ? 1.0 : l.output_weight[static_cast<size_t>(o)];
}
template <class Real>
double mask_sum(const RnnShape& s, const Real* mask) {
  double m = 0;
  for (size_t i = 0; i < static_cast<size_t>(s.steps) * s.batch; ++i) m += mask[i];
  return m > 0 ? m : 1;
}
// Most steps of a trial have no input (fixation, delays) and no score (all but the response).
template <class Real>
bool any_nonzero(const Real* u, size_t n) {
  for (size_t k = 0; k < n; ++k)
    if (u[k] != 0) return true;
  return false;
}

// The element-wise loops run twice per step and cost as much as the products unless they are
// vectorised, so they are compiled a second time for AVX-512 and picked at run time.
// Element-wise IEEE arithmetic without FMA contraction (-ffp-contract=off) and sums kept in
// fixed lanes give the same bits at either width.
const bool kAvx512 = __builtin_cpu_supports("avx512f");
template <class F>
__attribute__((target("avx512f"))) void run_avx512(const F& f) { f(); }
template <class F>
void run_portable(const F& f) { f(); }
template <class F>
void vectorised(const F& f) {
  if (kAvx512) run_avx512(f); else run_portable(f);
}
#define WMSWEEP_INLINE __attribute__((always_inline))

// x (N, B) = (1 − α) x_prev + α (rec + in + b) + noise; in and noise may be null
template <class Real>
void euler_update(int N, int B, Real a, const Real* x_prev, const Real* rec, const Real* in,
                  const Real* bias, const Real* noise, Real* x) {
  vectorised([=]() WMSWEEP_INLINE {
    const Real keep = 1 - a;
    for (int b = 0; b < B; ++b) {
      const size_t o = static_cast<size_t>(b) * N;
      const Real* __restrict xp = x_prev + o;
      const Real* __restrict rc = rec + o;
      Real* __restrict xo = x + o;
      if (in) {
        const Real* __restrict ip = in + o;
        for (int i = 0; i < N; ++i) xo[i] = keep * xp[i] + a * ((rc[i] + ip[i]) + bias[i]);
      } else {
        for (int i = 0; i < N; ++i) xo[i] = keep * xp[i] + a * (rc[i] + bias[i]);
      }
      if (noise) {
        const Real* __restrict np = noise + o;
        for (int i = 0; i < N; ++i) xo[i] += np[i];
      }
    }
  });
}

// Σ v² in float64, in 16 fixed lanes (a fixed order, and no chain of dependent adds)
template <class Real>
double sum_of_squares(const Real* v, size_t n) {
  double lanes[16] = {};
  vectorised([&]() WMSWEEP_INLINE {
    size_t k = 0;
    for (; k + 16 <= n; k += 16)
      for (int j = 0; j < 16; ++j) lanes[j] += static_cast<double>(v[k + j]) * v[k + j];
    for (; k < n; ++k) lanes[0] += static_cast<double>(v[k]) * v[k];
  });
  double sum = 0;
  for (double l : lanes) sum += l;
  return sum;
}

// gx = φ'(x) (rate_scale·r + dr + α·carry) + (1 − α) gx, with φ' from r
template <class Real>
void gradient_step(Activation act, size_t n, Real a, Real rate_scale, const Real* r,
                   const Real* dr, const Real* carry, Real* gx) {
  vectorised([=]() WMSWEEP_INLINE {
    // locals, not the closure's members: a store through g could alias those, which would
    // keep the loop scalar
    const Real keep = 1 - a, alpha = a, rate = rate_scale;
    const Real* __restrict rr = r;
    const Real* __restrict d = dr;
    const Real* __restrict c = carry;
    Real* __restrict g = gx;
    if (act == Activation::retanh)
      for (size_t k = 0; k < n; ++k)
        g[k] = (rr[k] > 0 ? 1 - rr[k] * rr[k] : Real(0)) * (rate * rr[k] + d[k] + alpha * c[k]) +
               keep * g[k];
    else
      for (size_t k = 0; k < n; ++k)
        g[k] = (1 - rr[k] * rr[k]) * (rate * rr[k] + d[k] + alpha * c[k]) + keep * g[k];
  });
}

// sum (N) += the B columns of v (N, B), in float64
template <class Real>
void add_columns(int N, int B, const Real* v, double* sum) {
  vectorised([=]() WMSWEEP_INLINE {
    double* __restrict s = sum;
    for (int b = 0; b < B; ++b) {
      const Real* __restrict c = v + static_cast<size_t>(b) * N;
      for (int i = 0; i < N; ++i) s[i] += c[i];
    }
  });
}

}  // namespace

template <class Real>
RnnParamsT<Real> RnnParamsT<Real>::zeros(const RnnShape& s) {
  const size_t n = s.n, i = s.inputs, o = s.outputs;
  return {std::vector<Real>(n * n), std::vector<Real>(n * i), std::vector<Real>(n),
          std::vector<Real>(o * n), std::vector<Real>(o), std::vector<Real>(n)};
}

template <class Real>
double rnn_forward(const RnnShape& s, const RnnParamsT<Real>& p, const RnnLoss& l, const Real* u,
                   const Real* target, const Real* mask, const std::common_type_t<Real>* noise,
                   RnnTapeT<Real>& tape, double* task_loss) {
  const int N = s.n, B = s.batch, I = s.inputs, O = s.outputs, T = s.steps;
  const size_t nb = static_cast<size_t>(N) * B, ob = static_cast<size_t>(O) * B,
               ib = static_cast<size_t>(I) * B;
  tape.x.resize(nb * (T + 1));
  tape.r.resize(nb * (T + 1));
  tape.y.resize(ob * T);
  for (int b = 0; b < B; ++b)
    for (int i = 0; i < N; ++i) tape.x[b * N + i] = p.x0[i];
  phi_into(l.act, tape.x.data(), tape.r.data(), nb);
  const Real a = static_cast<Real>(l.alpha);
  const linalg::Packed<Real> w_rec(p.w_rec.data(), N, N, N), w_in(p.w_in.data(), N, I, N);
  std::vector<Real> rec(nb), in(nb, Real(0));
  double rates = 0;
  for (int t = 1; t <= T; ++t) {
    Real* x = &tape.x[nb * t];
    linalg::matmul(w_rec, &tape.r[nb * (t - 1)], N, B, rec.data(), N);
    const Real* u_t = u + ib * (t - 1);
    const bool input = any_nonzero(u_t, ib);
    if (input) linalg::matmul(w_in, u_t, I, B, in.data(), N);
    euler_update(N, B, a, &tape.x[nb * (t - 1)], rec.data(), input ? in.data() : nullptr,
                 p.b.data(), noise ? noise + nb * (t - 1) : nullptr, x);
    Real* r = &tape.r[nb * t];
    phi_into(l.act, x, r, nb);
    rates += sum_of_squares(r, nb);
  }
  // the readout of every step in one product: y (O, B·T) = W_out r_{1..T} + b_out
  for (size_t c = 0; c < static_cast<size_t>(B) * T; ++c)
    for (int o = 0; o < O; ++o) tape.y[c * O + o] = p.b_out[o];
  gemm(CblasNoTrans, CblasNoTrans, O, B * T, N, Real(1), p.w_out.data(), O, &tape.r[nb], N,
       Real(1), tape.y.data(), O);
  double task = 0;
  for (size_t c = 0; c < static_cast<size_t>(B) * T; ++c) {
    const double m = mask[c];
    if (m == 0) continue;
    for (int o = 0; o < O; ++o) {
      const double e = static_cast<double>(tape.y[c * O + o]) - target[c * O + o];
      task += m * weight_of(l, o) * e * e;
    }
  }
  task /= O * mask_sum(s, mask);
  double weights = 0;
  for (const auto* w : {&p.w_rec, &p.w_in, &p.w_out})
    for (Real v : *w) weights += static_cast<double>(v) * v;
  if (task_loss) *task_loss = task;
  return task + l.rate_l2 * rates / (static_cast<double>(nb) * T) + l.weight_l2 * weights;
}

template <class Real>
void rnn_backward(const RnnShape& s, const RnnParamsT<Real>& p, const RnnLoss& l, const Real* u,
                  const Real* target, const Real* mask, const RnnTapeT<Real>& tape,
                  RnnParamsT<Real>& g) {
  const int N = s.n, B = s.batch, I = s.inputs, O = s.outputs, T = s.steps;
  const size_t nb = static_cast<size_t>(N) * B, ib = static_cast<size_t>(I) * B,
               columns = static_cast<size_t>(B) * T;
  g = RnnParamsT<Real>::zeros(s);
  const Real a = static_cast<Real>(l.alpha);
  const double task_scale = 2.0 / (O * mask_sum(s, mask));
  const Real rate_scale = static_cast<Real>(2.0 * l.rate_l2 / (static_cast<double>(nb) * T));
  // The readout: dy (O, B) × T, nonzero only where the mask is (the response window)
  std::vector<Real> dy(static_cast<size_t>(O) * columns);
  std::vector<double> sum_b_out(O, 0.0), sum_b(N, 0.0);
  for (size_t c = 0; c < columns; ++c)
    for (int o = 0; o < O; ++o) {
      const double e = static_cast<double>(tape.y[c * O + o]) - target[c * O + o];
      const double d = mask[c] * weight_of(l, o) * task_scale * e;
      dy[c * O + o] = static_cast<Real>(d);
      sum_b_out[o] += d;
    }
  std::vector<Real> dr_t(nb, Real(0));  // dL/dr_t through the readout
  bool dr_zero = true;
  const linalg::Packed<Real> w_rec_t = linalg::Packed<Real>::transposed(p.w_rec.data(), N, N, N);
  // gx: dL/dx_t; carry: W_recᵀ gx_{t+1}, how x_{t+1} depends on r_t (times α)
  std::vector<Real> gx(nb, Real(0)), carry(nb, Real(0));
  linalg::Packed<Real> gx_packed;
  for (int t = T; t >= 1; --t) {
    const Real* r = &tape.r[nb * t];
    const Real* dy_t = &dy[static_cast<size_t>(O) * B * (t - 1)];
    if (any_nonzero(mask + static_cast<size_t>(B) * (t - 1), B)) {
      gemm(CblasNoTrans, CblasTrans, O, N, B, Real(1), dy_t, O, r, N, Real(1), g.w_out.data(), O);
      gemm(CblasTrans, CblasNoTrans, N, B, O, Real(1), p.w_out.data(), O, dy_t, O, Real(0),
           dr_t.data(), N);
      dr_zero = false;
    } else if (!dr_zero) {
      std::fill(dr_t.begin(), dr_t.end(), Real(0));
      dr_zero = true;
    }
    // gx_t = φ'(x_t) (dL/dr_t) + (1 − α) gx_{t+1}; dL/dr_t = rate penalty + readout + α·carry
    gradient_step(l.act, nb, a, rate_scale, r, dr_t.data(), carry.data(), gx.data());
    // x_t's inputs W_rec r_{t−1}, W_in u_t, b: their gradients are sums over t and the batch
    // (times α, applied once at the end)
    gx_packed.repack(gx.data(), N, B, N);
    linalg::add_matmul_xt(gx_packed, &tape.r[nb * (t - 1)], N, N, g.w_rec.data(), N);
    const Real* u_t = u + ib * (t - 1);
    if (any_nonzero(u_t, ib)) linalg::add_matmul_xt(gx_packed, u_t, I, I, g.w_in.data(), N);
    add_columns(N, B, gx.data(), sum_b.data());
    linalg::matmul(w_rec_t, gx.data(), N, B, carry.data(), N);
  }
  for (int o = 0; o < O; ++o) g.b_out[o] = static_cast<Real>(sum_b_out[o]);
  for (int i = 0; i < N; ++i) g.b[i] = static_cast<Real>(l.alpha * sum_b[i]);
  // x_0 (shared by every column): through r_0 and directly
  std::vector<double> sum_x0(N, 0.0);
  for (int b = 0; b < B; ++b)
    for (int i = 0; i < N; ++i) {
      const size_t k = static_cast<size_t>(b) * N + i;
      sum_x0[i] += dphi_from_r(l.act, tape.r[k]) * a * carry[k] + (1 - a) * gx[k];
    }
  for (int i = 0; i < N; ++i) g.x0[i] = static_cast<Real>(sum_x0[i]);
  for (auto* w : {&g.w_rec, &g.w_in})
    for (Real& v : *w) v *= a;
  const Real decay = static_cast<Real>(2 * l.weight_l2);
  for (auto [w, gw] : {std::pair{&p.w_rec, &g.w_rec}, {&p.w_in, &g.w_in}, {&p.w_out, &g.w_out}})
    for (size_t k = 0; k < w->size(); ++k) (*gw)[k] += decay * (*w)[k];
}

template struct RnnParamsT<double>;
template struct RnnParamsT<float>;
template double rnn_forward(const RnnShape&, const RnnParamsT<double>&, const RnnLoss&,
                            const double*, const double*, const double*, const double*,
                            RnnTapeT<double>&, double*);
template double rnn_forward(const RnnShape&, const RnnParamsT<float>&, const RnnLoss&,
                            const float*, const float*, const float*, const float*,
                            RnnTapeT<float>&, double*);
template void rnn_backward(const RnnShape&, const RnnParamsT<double>&, const RnnLoss&,
                           const double*, const double*, const double*, const RnnTapeT<double>&,
                           RnnParamsT<double>&);
template void rnn_backward(const RnnShape&, const RnnParamsT<float>&, const RnnLoss&,
                           const float*, const float*, const float*, const RnnTapeT<float>&,
                           RnnParamsT<float>&);

}  // namespace wmsweep
