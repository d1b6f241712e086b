#pragma once
// FORCE training of study-1 networks (spec: "Training: modified FORCE").
// Order within global Euler step i (it decides the exact numbers): move the state with the
// current rates, outputs and the input of step i; recompute r, z, z_d; then, if i is a
// multiple of update_every and i ≥ update_every, update w_d while a memory target is
// defined at step i and w_o while the output target is, each with the fresh error.
// Plain FORCE ("force"): both readouts every step, targets zero where undefined.
//
// A group of networks that share J trains in lockstep: each step does one product J·R for
// all of them (R: n × G). A network's numbers are the same bits alone or in any group.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "linalg/matmul.h"
#include "net/weights.h"
#include "tasks/seqmatch.h"

namespace wmsweep {

struct TrainConfig {
  std::string method = "modified_force";  // or "force" (every step, every period)
  int n_train = 3500;
  double alpha = 1.0;  // P starts as I / alpha
  int update_every = 2;
  int group_max = 8;  // (ours) networks sharing J that train together as one unit of work
};

// The training inputs of one network: trial types and the input of every Euler step.
// Normally drawn on the fly from the network's key; given explicitly to cross-check another
// implementation on identical inputs.
struct TrainingSequence {
  std::vector<int> types;  // (n_train)
  std::vector<double> u;   // (n_train · trial steps, 2) row-major
};
TrainingSequence draw_training_sequence(const SeqMatchTask& task, uint64_t key, int n_train);

struct TrainJob {
  const Weights* weights = nullptr;
  uint64_t key = 0;                           // the network's grid-point key
  const TrainingSequence* given = nullptr;    // optional
  // outputs
  Readouts readouts;
  std::vector<double> x, r;  // state at the end of training (n)
  bool failed = false;
  std::string reason;
};

// Trains every job of the group (all must share weights->J). `progress(trials_done)` is
// called after each trial.
void train_group(const SeqMatchTask& task, const TrainConfig& config,
                 const linalg::PackedMatrix& J, std::vector<TrainJob>& jobs,
                 const std::function<void(int)>& progress = {});

}  // namespace wmsweep
