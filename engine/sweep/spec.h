#pragma once
// A sweep spec: what to train, how to analyse it, and over which grid. Parsed from TOML;
// every key is checked (unknown key, wrong type, out of range → SpecError naming the key).
// Defaults are the study-1 values (docs/spec.md, docs/science.md) unless marked (ours).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tasks/orientations.h"
#include "train/orientation_trainer.h"

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

struct NetworkConfig {
  int n = 1000;
  double g = 1.5, pg = 0.9, fb = 10.0;  // (ours) one point of the study's grid
  double in = 50.0;
  std::string init = "gauss";  // or "uniform": U(-1,1) instead of N(0,1) for w_f, w_fd, w_i
  double x0_std = 0.1;
};

struct TrainConfig {
  std::string method = "modified_force";  // or "force" (every step, every period)
  int n_train = 3500;
  double alpha = 1.0;  // P starts as I / alpha
  int update_every = 2;
  int group_max = 8;  // (ours) networks sharing J that train together as one unit of work
};

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

// (ours) Fixed points, slow points and their spectra for the trained network, input off
// (docs/fixed-points.md). Starts: the 4 trial-end states; when the
// long runs ran, their 4 trial-end continuations and `noisy_ends` of variant A's end states
// (evenly spaced); and `samples` test-trajectory states plus Gaussian noise of std
// `sample_noise`.
struct FixedPointsConfig {
  int noisy_ends = 16;
  int samples = 32;
  double sample_noise = 0.1;
  double tol = 1e-10;        // a zero: rms(F) ≤ tol · state scale
  int max_iterations = 100;  // per start
  int keep = 20;             // eigenvalues stored per point, largest real part first
  int max_points = 16;       // points stored per network (all are counted)
  int slow_modes = 2;        // modes spanning the slow directions a memory may lie along
  double near = 0.1;         // a memory is at a point within near · state scale (rms)
};

// Hyperparameters that may be swept. J depends only on (seed, n, pg); g, fb and in only
// scale weights, so jobs that differ only in those can share J.
struct GridAxes {
  std::vector<uint64_t> seed;
  std::vector<int> n;
  std::vector<double> pg, in, g, fb;
  std::vector<double> sigma_rec = {0};  // study 2's axes
  std::vector<int> ordinal = {0}, activation = {0};
};

// Study 2, study = "orientations" (docs/study2.md). Its spec uses the same sections with its
// own keys: [task] the trial (ms), [network]
// and [train] the BPTT training, [analysis] below, [fixed_points] (samples, sample_noise, tol,
// max_iterations, keep, max_points), [grid] seed, n, g, sigma_rec, ordinal, activation.
struct OrientationsConfig {
  OrientationTask task;
  std::string deltas_file;     // the "human" condition's Δθ set, degrees ("": θ2 uniform)
  BpttConfig train;            // n, g, activation, sigma_rec come from the grid point
  std::vector<std::string> run = {"geometry", "behaviour", "fixed_points"};
  int grid = 24;               // θ1 × θ2 grid of the noise-free runs (torus, connectivity, code)
  int connectivity_bins = 12;  // bins of the preferred-angle difference
  int behaviour_trials = 1024; // noisy trials (σ_rec of the network) for the behaviour
  int repulsion_bins = 9;      // bins of |Δθ| on [0°, 90°]
  double small_deg = 30;       // |Δθ| up to which repulsion and correlation are pooled
  bool wants(const std::string& name) const;
};

struct Spec {
  std::string name;
  std::string study = "seqmatch";  // or "orientations": study 2
  OrientationsConfig orientations;
  TaskConfig task;
  NetworkConfig network;
  TrainConfig train;
  TestConfig test;
  AnalysisConfig analysis;
  FixedPointsConfig fixed_points;
  GridAxes grid;      // every axis has ≥ 1 value after parsing
  std::string text;   // the TOML as given, kept with every result
  // Every effective value, given or default, as "section.key = value" in a fixed order.
  // Two specs describe the same sweep exactly when these lists are equal.
  std::vector<std::string> settings;
};

// Throws SpecError with the offending key and what to do.
Spec parse_spec(const std::string& toml_text, const std::string& origin = "spec");
// Starts of each network's fixed-point search: 4 trial ends, the long runs' 4 + noisy_ends
// end states when classify or speed runs, and fixed_points.samples; 0 when it does not run.
int fixed_point_start_count(const Spec& spec);

// Refuses a folder, an unreadable, empty or oversized file (more than kMaxSpecBytes).
inline constexpr size_t kMaxSpecBytes = size_t{4} << 20;
Spec load_spec(const std::string& path);

// The files a spec reads besides itself (task.latent_file, task.deltas_file), each as
// "KEY = PATH, fnv1a64 HEX" with a hash of its content, one per line ("" when it reads none):
// stored with a sweep, so a file edited between a run and its resume is refused like a
// changed spec. Throws InputError naming a file that cannot be read.
std::string input_files_digest(const Spec& spec);

// What changed from `before` to `after`, one line per setting ("train.n_train: 3500 → 100");
// empty when they describe the same sweep.
std::vector<std::string> spec_differences(const Spec& before, const Spec& after);

}  // namespace wmsweep
