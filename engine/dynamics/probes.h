#pragma once
// The study's measurements of one trained network (spec: "Test and success", "Mechanism
// classification", "Further measurements"). Each probe batches all its runs: one matrix
// product per Euler step. Runs are numbered; run r's random draws depend only on
// (network key, probe, r), so batching and shortcuts never change a result.
#include <cstdint>
#include <vector>

#include "dynamics/closed_loop.h"
#include "dynamics/labels.h"
#include <string>
#include <vector>
#include "tasks/seqmatch.h"

namespace wmsweep {

struct TestConfig {
  int n_trials = 20;    // after training; their ends give the 4 trial-end states
  int stim_seeds = 10;  // error-rate runs = 4 starts × 4 types × stim_seeds
  int rmse_steps = 50;  // last steps of the response scored
  std::vector<double> thresholds = {0.005, 0.01, 0.05, 0.1};
  // (ours) A network is "trained" when at most trained_max_rate of its runs have an rmse above
  // trained_epsilon; trained_rmse "rmse" scores the true rmse, "study" the study's Σe²/runs.
  double trained_epsilon = 0.1;
  double trained_max_rate = 0.05;
  std::string trained_rmse = "rmse";
};

struct AnalysisConfig {
  std::vector<std::string> run = {"classify", "speed",      "phasic",
                                  "robustness", "forgetting", "fixed_points"};
  int classify_trials = 50;  // autonomous simulation length, in trial lengths
  int window_trials = 2;     // statistics over the last trial lengths
  int noise_copies = 20;     // variant A: copies of each of the 5 base states
  double noise_std = 0.5;
  std::vector<int> speed_at = {0, 1, 5, 10, 20, 30, 40, 50};  // trial lengths after trial end
  double phasic_threshold = 0.8;  // |mean r| over a period beyond it: a phasic (saturated) unit
  std::vector<double> robustness_sigmas = {0.1, 0.2, 0.25, 0.33, 0.5, 1,  2,  3,  4,  5, 6,
                                           7,   8,   9,    10,   15,  20, 25, 30, 35, 40};
  int robustness_repeats = 10;
  double fail_threshold = 0.1;    // |z_target − z_end|
  double settle_threshold = 0.3;  // |z_target − z after one more autonomous trial length|
  double forget_from = 1.0, forget_to = 199.5, forget_step = 0.5;  // extra delay d (tau)
  int forgetting_repeats = 1;  // (ours) runs per d = 4 starts × 4 types × repeats
  // (ours) A network that did not learn the task (TestConfig: trained) skips classify, speed,
  // robustness, forgetting and fixed_points; its row says so. Off: the study labels every one.
  bool skip_untrained = false;

  bool wants(const std::string& name) const;
};

// Exact shortcuts, which change no result: columns on an exact fixed point of the Euler map
// stop stepping; forgetting runs share their common prefix. Off only to test that claim.
struct ProbeOptions {
  bool shortcuts = true;
};

struct TestPhase {
  std::vector<double> end_states;  // (n, 4): the end state of the last test trial of each type
  std::vector<double> samples;     // (n, count): states at evenly spaced steps of the trials
};
TestPhase run_test_trials(const ClosedLoop& net, const SeqMatchTask& task, const TestConfig& test,
                          const std::vector<double>& start, uint64_t key, int samples = 0);

// The error-rate runs: from each of the 4 trial-end states, each of the 4 trial types with
// test.stim_seeds stimulus draws (run = (start·4 + type)·stim_seeds + seed). As in the study's
// code, a run's output is scored at the states it enters its last rmse_steps steps with (the
// state after step j − 1 for j = T − rmse_steps … T − 1).
struct ErrorRates {
  std::vector<double> rmse;        // (runs): sqrt(Σ e² / rmse_steps), a true rmse
  std::vector<double> study_rmse;  // (runs): sqrt(Σ e² / runs), as the study's code divides
  std::vector<double> rate;        // (thresholds): fraction of runs with rmse above each
  std::vector<double> study_rate;  // (thresholds): the same with study_rmse (the study's rate)
  // (2, 16): per run of stimulus seed 0 (start·4 + type), the fraction of units whose mean rate
  // over the period is beyond ±phasic_threshold: delay 1, then the response (the study's
  // "saturation"). Empty when phasic_threshold is NaN (not asked for).
  std::vector<double> phasic;
};
ErrorRates run_error_rates(const ClosedLoop& net, const SeqMatchTask& task, const TestConfig& test,
                           const std::vector<double>& end_states, uint64_t key,
                           double phasic_threshold);

// Mean of ErrorRates::phasic over the 16 runs: part 0 delay 1, 1 the response (NaN: not measured)
double phasic_mean(const ErrorRates& error, int part);

// Fraction of values above eps (a NaN counts as above: a diverged run is an error).
double rate_above(const std::vector<double>& values, double eps);
// Whether the network learned the task (test.trained_*): at most trained_max_rate of its runs
// have an rmse (or the study's rmse) above trained_epsilon.
bool is_trained(const ErrorRates& error, const TestConfig& test);

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
