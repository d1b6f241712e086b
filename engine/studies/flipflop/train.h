#pragma once
// Trains a tanh rate network on the flip-flop task by BPTT (train/bptt.h) with Adam and
// gradient-norm clipping, the way study 2 trains (train/orientation_trainer.h): a fresh batch
// per iteration, until the batch's task loss falls to a threshold or an iteration cap.
// Float32 by default (the engine's fast products), float64 on request; the parameters come
// back in float64. The same key gives the same bits on every run.
#include <cstdint>
#include <functional>
#include <vector>

#include "studies/flipflop/task.h"
#include "train/bptt.h"

namespace wmsweep {

struct FlipFlopTrainConfig {
  int n = 64;
  double g = 0.9;          // W_rec ~ N(0, g²/n): below the chaotic transition, so the untrained
                           // network decays to one point and training builds the attractors
  double sigma_rec = 0;    // recurrent noise σ·√(2α)·ξ per step
  int batch = 32;
  int max_iterations = 3000;
  // Adam's step: 3e-3 reaches the threshold in ~1000-2000 iterations at n = 32-64 (2-3 s
  // single-threaded); 1e-3 often needs more than the cap, 1e-2 is faster still but leaves less
  // margin before clipping stops saving a bad step.
  double lr = 3e-3, clip = 1.0, rate_l2 = 0, weight_l2 = 0;
  // Stop when the batch's task loss (masked MSE) is at most this: rms error 0.1 about ±1
  // targets, so every held output is on the right side of 0 with room to spare and the
  // memories are near ±1, not merely signed.
  double threshold = 0.01;
  bool float64 = false;
};

struct FlipFlopTraining {
  RnnParams params;                              // float64
  std::vector<double> loss, task_loss, accuracy;  // one entry per iteration (its batch, before the step)
  int iterations = 0;
  bool reached = false;  // task_loss fell to the threshold
};

// The loss the trainer minimises: α = dt/τ, the config's penalties, tanh.
RnnLoss flipflop_loss(const FlipFlopTask& task, const FlipFlopTrainConfig& config);

// progress(fraction of max_iterations done), now and then and at the end; may be empty.
FlipFlopTraining train_flipflop(const FlipFlopTask& task, const FlipFlopTrainConfig& config,
                                uint64_t key, const std::function<void(double fraction)>& progress = {});

}  // namespace wmsweep
