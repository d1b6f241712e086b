#pragma once
// Sequential pattern matching with the sum rule (study 1). A trial: stimulus 1, delay 1,
// stimulus 2, delay 2, response. Type = 2·d1 + d2 for digits d1, d2 ∈ {0, 1}.
// Targets: z_d = class mean of d1 in delay 1, of d2 in delay 2; z = encoding[d1 + d2] in
// the response; nothing elsewhere. Input: a fresh latent sample of the digit at every step
// of its stimulus, zero elsewhere.
#include <cstdint>
#include <vector>

#include <array>
#include <string>
#include "tasks/latent.h"

namespace wmsweep {

struct TaskConfig {
  double dt = 0.1;   // Euler step
  double tau = 1.0;  // time constant
  // period lengths in units of tau: stimulus 1, delay 1, stimulus 2, delay 2, response
  double stim1 = 10, delay1 = 5, stim2 = 10, delay2 = 5, response = 5;
  std::array<double, 3> encoding = {1.0, 0.5, 1.5};  // z target for d1 + d2 = 0, 1, 2
  std::string latent = "synthetic";                  // or "file"
  std::string latent_file;                           // HDF5 with /latents (n×2), /labels (n)
  // synthetic latent source (ours): one 2-D Gaussian per digit class
  std::array<std::array<double, 2>, 2> class_means = {{{-1.0, 0.5}, {1.0, -0.5}}};
  double class_std = 0.3;
};

enum class Period { stim1, delay1, stim2, delay2, response };

// Period lengths in Euler steps.
struct Timing {
  int stim1 = 0, delay1 = 0, stim2 = 0, delay2 = 0, response = 0;
  int trial() const { return stim1 + delay1 + stim2 + delay2 + response; }
  int start(Period p) const;
  Period period(int step) const;  // step in [0, trial())
};

inline int digit1(int type) { return type >> 1; }
inline int digit2(int type) { return type & 1; }

class SeqMatchTask {
 public:
  SeqMatchTask(const TaskConfig& config, LatentSource latents);

  const Timing& timing() const { return timing_; }
  double dt_over_tau() const { return dt_ / tau_; }
  double dt() const { return dt_; }
  const LatentSource& latents() const { return latents_; }

  // u (2): the input of a trial of `type` in period p, draw number `draw` of stream `key`
  void input(int type, Period p, uint64_t key, uint64_t draw, double* u) const;
  // zd (2): the memory target; false where none is defined
  bool memory_target(int type, Period p, double* zd) const;
  // the response target z = encoding[d1 + d2]
  double output_target(int type) const { return encoding_[digit1(type) + digit2(type)]; }
  double max_encoding() const;  // max(encoding), as the study's label rule uses it

  // `count` trial types, each type equally often (±1 when count is not a multiple of 4),
  // shuffled by stream `key`.
  static std::vector<int> balanced_types(uint64_t key, int count);

 private:
  Timing timing_;
  double dt_, tau_;
  std::array<double, 3> encoding_;
  LatentSource latents_;
};

}  // namespace wmsweep
