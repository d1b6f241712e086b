#pragma once
// Study 1, "seqmatch" (docs/science.md): its spec sections as parsed, and one grid point.
// The sections' own structs live beside the code that reads them: TaskConfig in
// tasks/seqmatch.h, TrainConfig in train/force.h, TestConfig and AnalysisConfig in
// dynamics/probes.h, FixedPointsConfig in study/fixed_points.h.
#include <cstdint>
#include <string>
#include <vector>

#include "dynamics/probes.h"
#include "spec/grid.h"
#include "study/fixed_points.h"
#include "tasks/seqmatch.h"
#include "train/force.h"

namespace wmsweep {

struct NetworkConfig {
  int n = 1000;
  double g = 1.5, pg = 0.9, fb = 10.0;  // (ours) one point of the study's grid
  double in = 50.0;
  std::string init = "gauss";  // or "uniform": U(-1,1) instead of N(0,1) for w_f, w_fd, w_i
  double x0_std = 0.1;
};

struct SeqMatchConfig {
  TaskConfig task;
  NetworkConfig network;
  TrainConfig train;
  TestConfig test;
  AnalysisConfig analysis;
  FixedPointsConfig fixed_points;
};

// One network of the grid: axes seed, n, pg, in, g, fb (in grid order).
struct SeqMatchPoint {
  int64_t job = 0;
  uint64_t seed = 0;
  int n = 0;
  double pg = 0, in = 0, g = 0, fb = 0;

  static SeqMatchPoint from(const GridPoint& p);
  // Key of every random stream that is not a weight: (seed, n, pg, in, g, fb).
  uint64_t key() const;
  // Networks with equal (seed, n, pg) have the same J (and unscaled feedback/input weights).
  bool shares_weights(const SeqMatchPoint& o) const { return seed == o.seed && n == o.n && pg == o.pg; }
  std::string describe() const;  // "seed=0 n=1000 pg=0.9 in=50 g=1.5 fb=10"
};

// Extra delays d of forgetting: forget_from, + forget_step, … up to forget_to.
int delays_of(const AnalysisConfig& a);

// Starts of each network's fixed-point search: 4 trial ends, the long runs' 4 + noisy_ends
// end states when classify or speed runs, and fixed_points.samples; 0 when it does not run.
int fixed_point_start_count(const SeqMatchConfig& spec);

}  // namespace wmsweep
