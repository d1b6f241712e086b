#include "train/orientation_trainer.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "linalg/vmath.h"
#include "util/rng.h"

namespace wmsweep {

template <class Real>
void Adam<Real>::step(const std::vector<std::vector<Real>*>& params,
                      const std::vector<const std::vector<Real>*>& grads) {
  if (m_.empty())
    for (const auto* p : params) {
      m_.emplace_back(p->size(), Real(0));
      v_.emplace_back(p->size(), Real(0));
    }
  ++t_;
  const Real b1 = static_cast<Real>(b1_), b2 = static_cast<Real>(b2_),
             c1 = static_cast<Real>(1 - std::pow(b1_, static_cast<double>(t_))),
             c2 = static_cast<Real>(1 - std::pow(b2_, static_cast<double>(t_))),
             lr = static_cast<Real>(lr_), eps = static_cast<Real>(eps_);
  for (size_t k = 0; k < params.size(); ++k) {
    std::vector<Real>& p = *params[k];
    const std::vector<Real>& g = *grads[k];
    for (size_t i = 0; i < p.size(); ++i) {
      m_[k][i] = b1 * m_[k][i] + (1 - b1) * g[i];
      v_[k][i] = b2 * v_[k][i] + (1 - b2) * g[i] * g[i];
      p[i] -= lr * (m_[k][i] / c1) / (std::sqrt(v_[k][i] / c2) + eps);
    }
  }
}
template class Adam<double>;
template class Adam<float>;

namespace {

template <class Real>
void convert(const std::vector<double>& from, std::vector<Real>& to) {
  to.assign(from.begin(), from.end());
}

// The output series y (O, B) × T in float64 where mean_angular_error_deg reads it: the tape
// itself in float64; in float32 each trial's report-step column copied into y_report (a
// whole tape's worth would cost more than the error is worth).
const double* report_series(const OrientationBatch&, int, const std::vector<double>& y,
                            std::vector<double>&) {
  return y.data();
}
const double* report_series(const OrientationBatch& b, int O, const std::vector<float>& y,
                            std::vector<double>& y_report) {
  y_report.resize(static_cast<size_t>(O) * b.batch * b.steps);  // once; only these columns are read
  for (int k = 0; k < b.batch; ++k) {
    const size_t c = (static_cast<size_t>(b.report_step[k]) * b.batch + k) * O;
    std::copy(&y[c], &y[c] + O, &y_report[c]);
  }
  return y_report.data();
}

template <class Real>
BpttResult train(const OrientationTask& task, const BpttConfig& c, uint64_t key) {
  const int T = task.steps();
  const RnnShape s{c.n, task.inputs(), task.outputs(), c.batch, T};
  RnnParamsT<Real> p = RnnParamsT<Real>::zeros(s);
  const uint64_t init = mix(key, tag("bptt.init"));
  uint64_t k = 0;
  for (Real& w : p.w_rec) w = static_cast<Real>(c.g / std::sqrt(c.n) * normal_at(init, k++));
  for (Real& w : p.w_in) w = static_cast<Real>(normal_at(init, k++) / std::sqrt(s.inputs));
  for (Real& w : p.w_out) w = static_cast<Real>(normal_at(init, k++) / std::sqrt(c.n));
  const RnnLoss l = orientation_loss(task, c);
  Adam<Real> adam(c.lr);
  RnnTapeT<Real> tape;
  RnnParamsT<Real> g;
  std::vector<Real> noise, u, target, mask;
  std::vector<double> y_report;  // float32 only: see report_series
  const uint64_t noise_key = mix(key, tag("bptt.noise"));
  const double noise_scale = c.sigma_rec * std::sqrt(2 * l.alpha);
  BpttResult out;
  OrientationBatch b;
  for (int it = 0; it < c.max_iterations; ++it) {
    orientation_batch(task, c.batch, mix(key, tag("bptt.batch")), it, b);
    convert(b.u, u);
    convert(b.target, target);
    convert(b.mask, mask);
    if (c.sigma_rec > 0) {
      noise.resize(static_cast<size_t>(c.n) * c.batch * T);
      const uint64_t first = static_cast<uint64_t>(it) * noise.size();
      if constexpr (std::is_same_v<Real, float>)  // the same draws, 16 at a time
        linalg::normals_into(noise_key, first, noise.size(), static_cast<float>(noise_scale), noise.data());
      else
        for (size_t i = 0; i < noise.size(); ++i) noise[i] = noise_scale * normal_at(noise_key, first + i);
    }
    const double loss = rnn_forward(s, p, l, u.data(), target.data(), mask.data(),
                                    c.sigma_rec > 0 ? noise.data() : nullptr, tape);
    const double* y = report_series(b, s.outputs, tape.y, y_report);
    const double err = mean_angular_error_deg(b, y, s.outputs);
    out.loss.push_back(loss);
    out.error_deg.push_back(err);
    out.iterations = it + 1;
    if (!std::isfinite(loss)) break;  // diverged: the caller records a failure
    if (err < c.threshold_deg) {
      out.reached = true;
      break;
    }
    rnn_backward(s, p, l, u.data(), target.data(), mask.data(), tape, g);
    double norm = 0;
    for (const auto* v : g.blocks())
      for (Real e : *v) norm += static_cast<double>(e) * e;
    norm = std::sqrt(norm);
    if (norm > c.clip)
      for (auto* v : g.blocks())
        for (Real& e : *v) e = static_cast<Real>(e * (c.clip / norm));
    adam.step(p.blocks(), static_cast<const RnnParamsT<Real>&>(g).blocks());
  }
  const auto from = p.blocks();
  const auto to = out.params.blocks();
  for (size_t i = 0; i < from.size(); ++i) to[i]->assign(from[i]->begin(), from[i]->end());
  return out;
}

}  // namespace

RnnLoss orientation_loss(const OrientationTask& task, const BpttConfig& c) {
  RnnLoss l;
  l.alpha = task.timing.dt / c.tau;
  l.rate_l2 = c.rate_l2;
  l.weight_l2 = c.weight_l2;
  l.act = c.act;
  if (task.ordinal) l.output_weight = {1, 1, 1, 1, task.ordinal_weight};
  return l;
}

BpttResult train_orientations(const OrientationTask& task, const BpttConfig& c, uint64_t key) {
  return c.float64 ? train<double>(task, c, key) : train<float>(task, c, key);
}

}  // namespace wmsweep
