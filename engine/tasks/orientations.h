#pragma once
// Study 2's task (spec: seed2-two-orientations.md, "Task"): two orientations shown one after
// the other through one shared population of von Mises units tuned to 2θ, a go cue, and a
// report of both during the response: targets (cos 2θ1, sin 2θ1, cos 2θ2, sin 2θ2).
// Times in ms; one step is dt. A batch is drawn from (key, draw) alone.
#include <cstdint>
#include <vector>

namespace wmsweep {

struct OrientationTiming {  // ms (spec values)
  double dt = 10, fixation = 200, stim1 = 500, delay1 = 1000, stim2 = 500, delay2 = 1000,
         response = 500;
  int steps(double ms) const { return static_cast<int>(ms / dt + 0.5); }
  int total() const;
};

struct OrientationTask {
  OrientationTiming timing;
  int tuned = 32;       // input units tuned to 2θ; one more unit is the go cue
  double kappa = 2.0;   // von Mises concentration
  int inputs() const { return tuned + 1; }
  int outputs() const { return 4; }
};

struct OrientationBatch {
  int batch = 0, steps = 0;
  std::vector<double> u, target, mask;  // (I, B) × T, (4, B) × T, (B) × T: the response
  std::vector<double> theta1, theta2;   // (B), radians in [0, π)
};

OrientationBatch orientation_batch(const OrientationTask& task, int batch, uint64_t key,
                                   uint64_t draw);

// Mean absolute report error in degrees over both items and every trial, from the outputs at
// the last response step: θ̂ = ½ atan2(sin, cos), wrapped to (−90°, 90°].
// y: (4, B) at that step.
double mean_angular_error_deg(const OrientationBatch& b, const double* y);

}  // namespace wmsweep
