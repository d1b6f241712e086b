#pragma once
// Study 2's trainer: BPTT (bptt.h) on batches of the two-orientation task with Adam and
// gradient-norm clipping, until the mean report error falls below a threshold or an
// iteration cap (spec: seed2-two-orientations.md, "Network and training"). Float32 by
// default, as the spec asks; float64 on request. The trained parameters come back in float64.
#include <cstdint>
#include <vector>

#include "tasks/orientations.h"
#include "train/bptt.h"

namespace wmsweep {

struct BpttConfig {
  int n = 100;
  Activation act = Activation::tanh;
  double g = 1.0;              // W_rec ~ N(0, g²/N)
  double sigma_rec = 0.0;      // recurrent noise: σ·√(2α)·ξ per step
  int batch = 64;
  int max_iterations = 5000;
  double lr = 1e-3, clip = 1.0, rate_l2 = 1e-4, weight_l2 = 1e-5;
  double threshold_deg = 5.0;  // stop when the batch's mean report error is below
  double tau = 100;            // ms; α = dt/τ
  bool float64 = false;        // train in float64 (slower; for checks)
};

struct BpttResult {
  RnnParams params;
  std::vector<double> loss, error_deg;  // the learning curve, one entry per iteration
  int iterations = 0;
  bool reached = false;                 // error_deg fell below the threshold
};

BpttResult train_orientations(const OrientationTask& task, const BpttConfig& config, uint64_t key);

// The loss the trainer minimises: α = dt/τ, the config's penalties and activation, and in the
// ordinal condition output weights (1, 1, 1, 1, ordinal_weight).
RnnLoss orientation_loss(const OrientationTask& task, const BpttConfig& config);

// Adam on flat parameter blocks (Kingma & Ba 2015, with bias correction).
template <class Real>
class Adam {
 public:
  explicit Adam(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
      : lr_(lr), b1_(beta1), b2_(beta2), eps_(eps) {}
  // params[k] −= step from grads[k]; the blocks must keep their sizes between calls
  void step(const std::vector<std::vector<Real>*>& params,
            const std::vector<const std::vector<Real>*>& grads);

 private:
  double lr_, b1_, b2_, eps_;
  long t_ = 0;
  std::vector<std::vector<Real>> m_, v_;
};

}  // namespace wmsweep
