#pragma once
// What a trained flip-flop network does: its accuracy on fresh noise-free trials, and the fixed
// points of its autonomous dynamics (zero input) with the memory each one reads out as.
// A network that holds its 2^bits memories on attractors has one stable point per memory and
// saddles between them (Sussillo & Barak 2013, Fig. 2), most with one unstable direction.
#include <cstdint>
#include <vector>

#include "dynamics/fixed_points.h"
#include "studies/flipflop/task.h"
#include "train/bptt.h"

namespace wmsweep {

struct FlipFlopAnalysisConfig {
  int test_trials = 64;      // fresh noise-free trials, for the accuracy and the starts
  // Fixed-point starts: test states, evenly spaced over (trial, step), plus Gaussian noise of
  // std sample_noise, so starts also fall between the memories, where the saddles are. With
  // 256 starts and noise 0.1, 16-18 of a network's 27 zeros (8 stable, 19 saddles) were
  // found; 1024 starts with noise 0.5 (FixedPointFinder's example) find all 27
  // (docs/benchmarks.md: the side-by-side comparison).
  int samples = 1024;
  double sample_noise = 0.5;
  FixedPointConfig finder = default_finder();
  int max_points = 64;       // per-point columns (point_memory, saddle_unstable) cover the
                             // first max_points points: a store's fixed width; counts cover all
  static FixedPointConfig default_finder() {
    FixedPointConfig c;
    c.tol = 1e-10;
    c.max_iterations = 100;
    c.keep = 20;
    return c;
  }
};

struct FlipFlopAnalysis {
  double accuracy = 0;            // masked (step, trial, output) entries with the target's sign
  FixedPointSet fixed_points;     // at zero input, from the test states
  // (min(points, max_points)): the sign pattern of W_out tanh(x) + b_out, bit c set when
  // output c > 0: memory 0 … 2^bits − 1
  std::vector<int> point_memory;
  // (2^bits): per memory, the stable point reading out as it (the one most starts reached),
  // −1 none. A memory held only near a slow point (a minimum of ½‖F‖² that is not a zero, as a
  // float64-trained n = 32 network does for one of its 8) counts as −1: no attractor of its own.
  std::vector<int> memory_point;
  int stable = 0, saddles = 0;
  int memories_held = 0;          // memories with a stable point of their own
  // (min(saddles, max_points)): each saddle's unstable eigenvalues, in point order
  std::vector<int> saddle_unstable;
  double seconds_test = 0, seconds_find = 0, seconds_eigen = 0;
};

// params as train_flipflop returns them; n their network size.
FlipFlopAnalysis analyse_flipflop(const FlipFlopTask& task, const RnnParams& params, int n,
                                  const FlipFlopAnalysisConfig& config, uint64_t key);

// The memory a state x (n) reads out as: bit c set when (W_out tanh(x) + b_out)_c > 0.
int readout_memory(const RnnParams& params, int n, int bits, const double* x);

}  // namespace wmsweep
