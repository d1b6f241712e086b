#include "train/orientation_trainer.h"

#include <cmath>

#include "util/rng.h"

namespace wmsweep {

void Adam::step(const std::vector<std::vector<double>*>& params,
                const std::vector<const std::vector<double>*>& grads) {
  if (m_.empty())
    for (const auto* p : params) {
      m_.emplace_back(p->size(), 0.0);
      v_.emplace_back(p->size(), 0.0);
    }
  ++t_;
  const double c1 = 1 - std::pow(b1_, static_cast<double>(t_)),
               c2 = 1 - std::pow(b2_, static_cast<double>(t_));
  for (size_t k = 0; k < params.size(); ++k) {
    std::vector<double>& p = *params[k];
    const std::vector<double>& g = *grads[k];
    for (size_t i = 0; i < p.size(); ++i) {
      m_[k][i] = b1_ * m_[k][i] + (1 - b1_) * g[i];
      v_[k][i] = b2_ * v_[k][i] + (1 - b2_) * g[i] * g[i];
      p[i] -= lr_ * (m_[k][i] / c1) / (std::sqrt(v_[k][i] / c2) + eps_);
    }
  }
}

BpttResult train_orientations(const OrientationTask& task, const BpttConfig& c, uint64_t key) {
  const int T = task.timing.total();
  const RnnShape s{c.n, task.inputs(), task.outputs(), c.batch, T};
  BpttResult out;
  RnnParams& p = out.params;
  p = RnnParams::zeros(s);
  const uint64_t init = mix(key, tag("bptt.init"));
  uint64_t k = 0;
  for (double& w : p.w_rec) w = c.g / std::sqrt(c.n) * normal_at(init, k++);
  for (double& w : p.w_in) w = normal_at(init, k++) / std::sqrt(static_cast<double>(s.inputs));
  for (double& w : p.w_out) w = normal_at(init, k++) / std::sqrt(static_cast<double>(c.n));
  RnnLoss l;
  l.alpha = task.timing.dt / c.tau;
  l.rate_l2 = c.rate_l2;
  l.weight_l2 = c.weight_l2;
  l.act = c.act;
  Adam adam(c.lr);
  RnnTape tape;
  RnnParams g;
  std::vector<double> noise;
  const uint64_t noise_key = mix(key, tag("bptt.noise"));
  const double noise_scale = c.sigma_rec * std::sqrt(2 * l.alpha);
  for (int it = 0; it < c.max_iterations; ++it) {
    const OrientationBatch b = orientation_batch(task, c.batch, mix(key, tag("bptt.batch")), it);
    if (c.sigma_rec > 0) {
      noise.resize(static_cast<size_t>(c.n) * c.batch * T);
      for (size_t i = 0; i < noise.size(); ++i)
        noise[i] = noise_scale * normal_at(noise_key, static_cast<uint64_t>(it) * noise.size() + i);
    }
    const double loss = rnn_forward(s, p, l, b.u.data(), b.target.data(), b.mask.data(),
                                    c.sigma_rec > 0 ? noise.data() : nullptr, tape);
    const double err = mean_angular_error_deg(b, &tape.y[static_cast<size_t>(4) * c.batch * (T - 1)]);
    out.loss.push_back(loss);
    out.error_deg.push_back(err);
    out.iterations = it + 1;
    if (!std::isfinite(loss)) break;  // diverged: the caller records a failure
    if (err < c.threshold_deg) {
      out.reached = true;
      break;
    }
    rnn_backward(s, p, l, b.u.data(), b.target.data(), b.mask.data(), tape, g);
    double norm = 0;
    for (const auto* v : {&g.w_rec, &g.w_in, &g.b, &g.w_out, &g.b_out, &g.x0})
      for (double e : *v) norm += e * e;
    norm = std::sqrt(norm);
    if (norm > c.clip)
      for (auto* v : {&g.w_rec, &g.w_in, &g.b, &g.w_out, &g.b_out, &g.x0})
        for (double& e : *v) e *= c.clip / norm;
    adam.step({&p.w_rec, &p.w_in, &p.b, &p.w_out, &p.b_out, &p.x0},
              {&g.w_rec, &g.w_in, &g.b, &g.w_out, &g.b_out, &g.x0});
  }
  return out;
}

}  // namespace wmsweep
