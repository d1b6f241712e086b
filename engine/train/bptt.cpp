#include "train/bptt.h"

#include <cblas.h>

#include <cmath>

#include "linalg/vmath.h"

namespace wmsweep {
namespace {

// r = φ(x) for n values at once (libmvec's vector tanh)
void phi_into(Activation a, const double* x, double* r, size_t n) {
  linalg::tanh_into(x, r, n);
  if (a == Activation::retanh)
    for (size_t k = 0; k < n; ++k) r[k] = r[k] > 0 ? r[k] : 0.0;
}
// φ'(x) from r = φ(x): 1 − tanh² where tanh is on (retanh: r > 0 exactly when x > 0)
double dphi_from_r(Activation a, double r) {
  return a == Activation::retanh && r <= 0 ? 0.0 : 1 - r * r;
}
double weight_of(const RnnLoss& l, int o) {
  return l.output_weight.empty() ? 1.0 : l.output_weight[static_cast<size_t>(o)];
}
double mask_sum(const RnnShape& s, const double* mask) {
  double m = 0;
  for (size_t i = 0; i < static_cast<size_t>(s.steps) * s.batch; ++i) m += mask[i];
  return m > 0 ? m : 1;
}

}  // namespace

RnnParams RnnParams::zeros(const RnnShape& s) {
  const size_t n = s.n, i = s.inputs, o = s.outputs;
  return {std::vector<double>(n * n), std::vector<double>(n * i), std::vector<double>(n),
          std::vector<double>(o * n), std::vector<double>(o), std::vector<double>(n)};
}

double rnn_forward(const RnnShape& s, const RnnParams& p, const RnnLoss& l, const double* u,
                   const double* target, const double* mask, const double* noise, RnnTape& tape,
                   double* task_loss) {
  const int N = s.n, B = s.batch, I = s.inputs, O = s.outputs, T = s.steps;
  const size_t nb = static_cast<size_t>(N) * B, ob = static_cast<size_t>(O) * B;
  tape.x.assign(nb * (T + 1), 0.0);
  tape.r.assign(nb * (T + 1), 0.0);
  tape.y.assign(ob * T, 0.0);
  for (int b = 0; b < B; ++b)
    for (int i = 0; i < N; ++i) tape.x[b * N + i] = p.x0[i];
  phi_into(l.act, tape.x.data(), tape.r.data(), nb);
  const double a = l.alpha;
  double task = 0, rates = 0;
  for (int t = 1; t <= T; ++t) {
    double* x = &tape.x[nb * t];
    const double* r_prev = &tape.r[nb * (t - 1)];
    // x = α (W_rec r_{t−1} + W_in u_t + b) + (1 − α) x_{t−1} + n_t
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < N; ++i)
        x[b * N + i] = (1 - a) * tape.x[nb * (t - 1) + b * N + i] + a * p.b[i] +
                       (noise ? noise[nb * (t - 1) + b * N + i] : 0.0);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, N, B, N, a, p.w_rec.data(), N, r_prev,
                N, 1.0, x, N);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, N, B, I, a, p.w_in.data(), N,
                u + static_cast<size_t>(I) * B * (t - 1), I, 1.0, x, N);
    double* r = &tape.r[nb * t];
    phi_into(l.act, x, r, nb);
    for (size_t k = 0; k < nb; ++k) rates += r[k] * r[k];
    double* y = &tape.y[ob * (t - 1)];
    for (int b = 0; b < B; ++b)
      for (int o = 0; o < O; ++o) y[b * O + o] = p.b_out[o];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, O, B, N, 1.0, p.w_out.data(), O, r, N,
                1.0, y, O);
    const double* yh = target + ob * (t - 1);
    for (int b = 0; b < B; ++b) {
      const double m = mask[static_cast<size_t>(t - 1) * B + b];
      if (m == 0) continue;
      for (int o = 0; o < O; ++o) {
        const double e = y[b * O + o] - yh[b * O + o];
        task += m * weight_of(l, o) * e * e;
      }
    }
  }
  task /= O * mask_sum(s, mask);
  double weights = 0;
  for (const auto* w : {&p.w_rec, &p.w_in, &p.w_out})
    for (double v : *w) weights += v * v;
  if (task_loss) *task_loss = task;
  return task + l.rate_l2 * rates / (static_cast<double>(nb) * T) + l.weight_l2 * weights;
}

void rnn_backward(const RnnShape& s, const RnnParams& p, const RnnLoss& l, const double* u,
                  const double* target, const double* mask, const RnnTape& tape, RnnParams& g) {
  const int N = s.n, B = s.batch, I = s.inputs, O = s.outputs, T = s.steps;
  const size_t nb = static_cast<size_t>(N) * B, ob = static_cast<size_t>(O) * B;
  g = RnnParams::zeros(s);
  const double a = l.alpha, task_scale = 2.0 / (O * mask_sum(s, mask)),
               rate_scale = 2.0 * l.rate_l2 / (static_cast<double>(nb) * T);
  std::vector<double> dy(ob), dr(nb), gx(nb, 0.0), carry(nb, 0.0);  // gx: dL/dx_t
  for (int t = T; t >= 1; --t) {
    const double* y = &tape.y[ob * (t - 1)];
    const double* yh = target + ob * (t - 1);
    for (int b = 0; b < B; ++b) {
      const double m = mask[static_cast<size_t>(t - 1) * B + b];
      for (int o = 0; o < O; ++o)
        dy[b * O + o] = m * weight_of(l, o) * task_scale * (y[b * O + o] - yh[b * O + o]);
    }
    const double* r = &tape.r[nb * t];
    for (int b = 0; b < B; ++b)
      for (int o = 0; o < O; ++o) g.b_out[o] += dy[b * O + o];
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, O, N, B, 1.0, dy.data(), O, r, N, 1.0,
                g.w_out.data(), O);
    // dL/dr_t: readout, rate penalty, and through x_{t+1} (carry = α W_recᵀ gx_{t+1})
    for (size_t k = 0; k < nb; ++k) dr[k] = rate_scale * r[k] + carry[k];
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, N, B, O, 1.0, p.w_out.data(), O,
                dy.data(), O, 1.0, dr.data(), N);
    // gx_t = φ'(x_t) dr_t + (1 − α) gx_{t+1}
    for (size_t k = 0; k < nb; ++k) gx[k] = dphi_from_r(l.act, r[k]) * dr[k] + (1 - a) * gx[k];
    // x_t's inputs: W_rec r_{t−1}, W_in u_t, b (each scaled by α)
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, N, N, B, a, gx.data(), N,
                &tape.r[nb * (t - 1)], N, 1.0, g.w_rec.data(), N);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, N, I, B, a, gx.data(), N,
                u + static_cast<size_t>(I) * B * (t - 1), I, 1.0, g.w_in.data(), N);
    for (int b = 0; b < B; ++b)
      for (int i = 0; i < N; ++i) g.b[i] += a * gx[b * N + i];
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, N, B, N, a, p.w_rec.data(), N, gx.data(),
                N, 0.0, carry.data(), N);
  }
  // x_0 (shared by every column): through r_0 and directly
  for (int b = 0; b < B; ++b)
    for (int i = 0; i < N; ++i) {
      const size_t k = static_cast<size_t>(b) * N + i;
      g.x0[i] += dphi_from_r(l.act, tape.r[k]) * carry[k] + (1 - a) * gx[k];
    }
  for (auto [w, gw] : {std::pair{&p.w_rec, &g.w_rec}, {&p.w_in, &g.w_in}, {&p.w_out, &g.w_out}})
    for (size_t k = 0; k < w->size(); ++k) (*gw)[k] += 2 * l.weight_l2 * (*w)[k];
}

}  // namespace wmsweep
