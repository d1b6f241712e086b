#include "studies/flipflop/train.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "linalg/vmath.h"
#include "train/orientation_trainer.h"  // Adam
#include "util/rng.h"

namespace wmsweep {
namespace {

template <class Real>
FlipFlopTraining train(const FlipFlopTask& task, const FlipFlopTrainConfig& c, uint64_t key,
                       const std::function<void(double)>& progress) {
  const int T = task.steps;
  const RnnShape s{c.n, task.bits, task.bits, c.batch, T};
  RnnParamsT<Real> p = RnnParamsT<Real>::zeros(s);
  // the initial weights: their own stream, apart from the batches' and the noise's
  const uint64_t init = mix(key, tag("flipflop.init"));
  uint64_t k = 0;
  for (Real& w : p.w_rec) w = static_cast<Real>(c.g / std::sqrt(c.n) * normal_at(init, k++));
  for (Real& w : p.w_in) w = static_cast<Real>(normal_at(init, k++) / std::sqrt(s.inputs));
  for (Real& w : p.w_out) w = static_cast<Real>(normal_at(init, k++) / std::sqrt(c.n));
  const RnnLoss l = flipflop_loss(task, c);
  Adam<Real> adam(c.lr);
  RnnTapeT<Real> tape;
  RnnParamsT<Real> g;
  std::vector<Real> noise, u, target, mask;
  const uint64_t batch_key = mix(key, tag("flipflop.batch")), noise_key = mix(key, tag("flipflop.noise"));
  const double noise_scale = c.sigma_rec * std::sqrt(2 * l.alpha);
  FlipFlopTraining out;
  FlipFlopBatch b;
  const int report_every = std::max(1, c.max_iterations / 100);
  for (int it = 0; it < c.max_iterations; ++it) {
    if (progress && it % report_every == 0) progress(static_cast<double>(it) / c.max_iterations);
    make_flipflop_batch(task, c.batch, mix(batch_key, static_cast<uint64_t>(it)), b);
    u.assign(b.u.begin(), b.u.end());
    target.assign(b.target.begin(), b.target.end());
    mask.assign(b.mask.begin(), b.mask.end());
    if (c.sigma_rec > 0) {
      noise.resize(static_cast<size_t>(c.n) * c.batch * T);
      const uint64_t first = static_cast<uint64_t>(it) * noise.size();
      if constexpr (std::is_same_v<Real, float>)  // the same draws, 16 at a time
        linalg::normals_into(noise_key, first, noise.size(), static_cast<float>(noise_scale), noise.data());
      else
        for (size_t i = 0; i < noise.size(); ++i) noise[i] = noise_scale * normal_at(noise_key, first + i);
    }
    double task_loss = 0;
    const double loss = rnn_forward(s, p, l, u.data(), target.data(), mask.data(),
                                    c.sigma_rec > 0 ? noise.data() : nullptr, tape, &task_loss);
    out.loss.push_back(loss);
    out.task_loss.push_back(task_loss);
    out.accuracy.push_back(flipflop_accuracy(b, tape.y.data()));
    out.iterations = it + 1;
    if (!std::isfinite(loss)) break;  // diverged: the caller records a failure
    if (task_loss <= c.threshold) {
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
  if (progress) progress(1.0);
  const auto from = p.blocks();
  const auto to = out.params.blocks();
  for (size_t i = 0; i < from.size(); ++i) to[i]->assign(from[i]->begin(), from[i]->end());
  return out;
}

}  // namespace

RnnLoss flipflop_loss(const FlipFlopTask& task, const FlipFlopTrainConfig& c) {
  RnnLoss l;
  l.alpha = task.alpha();
  l.rate_l2 = c.rate_l2;
  l.weight_l2 = c.weight_l2;
  l.act = Activation::tanh;
  return l;
}

FlipFlopTraining train_flipflop(const FlipFlopTask& task, const FlipFlopTrainConfig& c, uint64_t key,
                                const std::function<void(double)>& progress) {
  return c.float64 ? train<double>(task, c, key, progress) : train<float>(task, c, key, progress);
}

}  // namespace wmsweep
