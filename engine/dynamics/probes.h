#pragma once
// The study's measurements of one trained network (spec: "Test and success", "Mechanism
// classification", "Further measurements"). Each probe batches all its runs: one matrix
// product per Euler step. Runs are numbered; run r's random draws depend only on
// (network key, probe, r), so batching and shortcuts never change a result.
#include <cstdint>
#include <vector>

#include "dynamics/closed_loop.h"
#include "dynamics/labels.h"
#include "sweep/spec.h"
#include "tasks/seqmatch.h"

namespace wmsweep {

// Exact shortcuts, which change no result: columns on an exact fixed point of the Euler map
// stop stepping; forgetting runs share their common prefix. Off only to test that claim.
struct ProbeOptions {
  bool shortcuts = true;
};

struct TestPhase {
  std::vector<double> end_states;  // (n, 4): the end state of the last test trial of each type
  double phasic_delay1 = 0, phasic_response = 0;  // fraction of units with mean |r| > threshold
  std::vector<double> samples;     // (n, count): states at evenly spaced steps of the trials
};
TestPhase run_test_trials(const ClosedLoop& net, const SeqMatchTask& task, const TestConfig& test,
                          double phasic_threshold, const std::vector<double>& start, uint64_t key,
                          int samples = 0);

struct ErrorRates {
  std::vector<double> rmse;  // (4 starts · 4 types · stim_seeds)
  std::vector<double> rate;  // (thresholds): fraction of runs with rmse above each
};
ErrorRates run_error_rates(const ClosedLoop& net, const SeqMatchTask& task, const TestConfig& test,
                           const std::vector<double>& end_states, uint64_t key);

struct LongRun {
  WindowStats a, b;           // variant A (noisy starts) and B (trial ends)
  Label label_a, label_b;
  std::vector<double> speed;  // (4 trial ends, speed_at): ‖−x + M r‖
  std::vector<double> end_states;  // (n, A starts + 4): every start's state at the last step
};
LongRun run_long_autonomous(const ClosedLoop& net, const SeqMatchTask& task,
                            const AnalysisConfig& config, const std::vector<double>& end_states,
                            uint64_t key, const ProbeOptions& options = {});

struct FailureCurve {
  std::vector<double> x;           // σ (robustness) or d in τ (forgetting)
  std::vector<double> fail_end;    // fraction with |target − z_end| > fail_threshold
  std::vector<double> fail_settle; // fraction with |target − z_settle| > settle_threshold
};
FailureCurve run_robustness(const ClosedLoop& net, const SeqMatchTask& task,
                            const AnalysisConfig& config, const std::vector<double>& end_states,
                            uint64_t key, const ProbeOptions& options = {});
FailureCurve run_forgetting(const ClosedLoop& net, const SeqMatchTask& task,
                            const AnalysisConfig& config, const std::vector<double>& end_states,
                            uint64_t key, const ProbeOptions& options = {});

}  // namespace wmsweep
