#pragma once
// Study 2's task (spec: seed2-two-orientations.md, "Task"): two orientations shown one after
// the other through one shared population of von Mises units tuned to 2θ, a go cue, and a
// report of both during the response: targets (cos 2θ1, sin 2θ1, cos 2θ2, sin 2θ2), plus, in
// the ordinal condition, the sign of the wrapped 2θ2 − 2θ1.
// Times in ms; one step is dt. A batch is drawn from (key, draw) alone.
#include <cstdint>
#include <string>
#include <vector>

namespace wmsweep {

struct OrientationTiming {  // ms (spec values)
  double dt = 10, fixation = 200, stim1 = 500, delay1 = 1000, stim2 = 500, delay2 = 1000,
         response = 500;
  int steps(double ms) const { return static_cast<int>(ms / dt + 0.5); }
  int total() const;  // the nominal trial, in steps (no jitter)
};

struct OrientationTask {
  OrientationTiming timing;
  int tuned = 32;       // input units tuned to 2θ; one more unit is the go cue
  double kappa = 2.0;   // von Mises concentration
  // in [0, 1]: delays 1 and 2 drawn per trial uniform in
  // [(1 − jitter)·delay, (1 + jitter)·delay] (spec: ±50%), rounded to steps
  double jitter = 0;
  bool ordinal = false;       // a 5th output: sign of the wrapped 2θ2 − 2θ1
  double ordinal_weight = 1;  // its weight in the task loss
  // radians; non-empty: θ2 = θ1 + Δ mod π, Δ uniform over this set (the "human" condition);
  // empty: θ1, θ2 independent uniform
  std::vector<double> deltas;
  int inputs() const { return tuned + 1; }
  int outputs() const { return ordinal ? 5 : 4; }
  // a batch's length T: the longest possible trial (both delays at (1 + jitter)); trials that
  // come out shorter end early and are silent (u, target, mask 0) after their response
  int steps() const;
};

struct OrientationBatch {
  int batch = 0, steps = 0;
  std::vector<double> u, target, mask;  // (I, B) × T, (O, B) × T, (B) × T: the response
  std::vector<double> theta1, theta2;   // (B), radians in [0, π)
  // (B): per trial, the step t (block t of u, target, y) that ends delay 1, delay 2 and the
  // response; the report is read at report_step
  std::vector<int> delay1_end, delay2_end, report_step;
};

OrientationBatch orientation_batch(const OrientationTask& task, int batch, uint64_t key,
                                   uint64_t draw);
// The same batch into `out`, reusing its storage (no allocation after the first).
void orientation_batch(const OrientationTask& task, int batch, uint64_t key, uint64_t draw,
                       OrientationBatch& out);

// The given (θ1, θ2) pairs (radians), at the nominal timing whatever task.jitter says: the
// noise-free analysis runs.
OrientationBatch orientation_trials(const OrientationTask& task, const std::vector<double>& theta1,
                                    const std::vector<double>& theta2);

// Each trial's reports θ̂ = ½ atan2(sin, cos) in [0, π) for items 1 and 2 (B each), read at its
// report_step from the output series y: (outputs, B) × b.steps.
void decode_reports(const OrientationBatch& b, const double* y, int outputs,
                    std::vector<double>& report1, std::vector<double>& report2);

// Mean absolute report error in degrees over both items and every trial, the error of each
// wrapped to (−90°, 90°]. y as for decode_reports.
double mean_angular_error_deg(const OrientationBatch& b, const double* y, int outputs);

// Δθ values of the human condition from a text file: one per line in degrees, `#` starts a
// comment, blank lines skipped. Returns radians. Throws InputError (naming the file and line)
// for a missing file, a value that is not a finite number, or no values at all.
std::vector<double> read_deltas_file(const std::string& path);

}  // namespace wmsweep
