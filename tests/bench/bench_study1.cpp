// Study-1 costs on this machine against its floors, measured in the same run.
//   bench_study1 [train_trials=10] [group=42] [n=1000]
// The group is the study's: its 7 g × 6 fb networks of one (seed, pg) share J.
// Floors: dynamics at the measured peak of the Euler-step product (every network-step costs
// 2N² flops); RLS at the measured memory bandwidth (each update must read the upper triangle
// of P once: 4N² bytes). Training is measured on `train_trials` trials and projected to the
// study's 3500 (its cost per trial is constant); analyses run at the study's full size.
#include <cblas.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "linalg/matmul.h"
#include "linalg/symmetric.h"
#include "linalg/vmath.h"
#include "studies/seqmatch/pipeline.h"
#include "studies/seqmatch/study.h"
#include "sweep/spec.h"
#include "util/resources.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double product_gflops(int n, int B) {
  std::vector<double> A(static_cast<size_t>(n) * n), X(static_cast<size_t>(n) * B), Y(X.size());
  for (size_t i = 0; i < A.size(); ++i) A[i] = normal_at(1, i) / 30;
  for (size_t i = 0; i < X.size(); ++i) X[i] = normal_at(2, i);
  const linalg::PackedMatrix P(A.data(), n, n, n);
  int reps = 0;
  const double t0 = now();
  while (now() - t0 < 0.5) { linalg::matmul(P, X.data(), n, B, Y.data(), n); ++reps; }
  return 2.0 * n * n * B * reps / (now() - t0) / 1e9;
}
double read_bandwidth_gbs() {  // streaming read of 512 MB, far beyond any cache
  linalg::AlignedVector big(64u << 20, 1.0);
  double s = 0;
  const double t0 = now();
  for (int r = 0; r < 4; ++r) s += linalg::dot(static_cast<int>(big.size()), big.data(), big.data());
  const double gbs = 4.0 * 8 * big.size() / (now() - t0) / 1e9;
  return s > 0 ? gbs : 0;
}
}  // namespace

int main(int argc, char** argv) {
  linalg::use_single_threaded_blas();
  const int trials = argc > 1 ? std::atoi(argv[1]) : 10;
  const int group = argc > 2 ? std::atoi(argv[2]) : 42;
  const int n = argc > 3 ? std::atoi(argv[3]) : 1000;
  const double N2 = static_cast<double>(n) * n;

  const double peak = product_gflops(n, 480), peak1 = product_gflops(n, 1);
  const double bw = read_bandwidth_gbs();
  std::printf("machine floors: Euler-step product %.1f GFLOPS (B = 480), %.1f GFLOPS (B = 1); "
              "memory read %.1f GB/s\n", peak, peak1, bw);

  const Spec parsed = parse_spec("[network]\nn = " + std::to_string(n) + "\n[train]\nn_train = " +
                         std::to_string(trials) + "\n[grid]\nseed = [0]\ng = [0.8, 0.9, 1.1, 1.2, 1.3, 1.4, 1.5]\n"
                         "fb = [40.0, 30.0, 20.0, 10.0, 5.0, 1.0]\n");
  const SeqMatchConfig spec = dynamic_cast<const SeqMatchSpec&>(*parsed.study).config;
  const SeqMatchTask task =
      make_task(spec, LatentSource::synthetic(spec.task.class_means, spec.task.class_std));
  const Grid grid = parsed.grid();
  const int T = task.timing().trial();
  // RLS updates happen every update_every steps while a target is defined
  const Timing& tm = task.timing();
  const double updates_per_trial =
      static_cast<double>(tm.delay1 + tm.delay2 + tm.response) / spec.train.update_every;

  // A network alone, with every analysis at the study's size.
  reset_peak_rss();
  const NetworkResult alone = run_group(spec, task, {SeqMatchPoint::from(grid.point(0))}).front();
  long peak_alone = peak_rss_bytes();

  // The same training in a shared-J group.
  SeqMatchConfig train_only = spec;
  train_only.analysis.run.clear();
  std::vector<SeqMatchPoint> points;
  for (int k = 0; k < group && k < grid.size(); ++k) points.push_back(SeqMatchPoint::from(grid.point(k)));
  reset_peak_rss();
  const auto together = run_group(train_only, task, points);
  const long peak_group = peak_rss_bytes();
  const double group_train = together.front().phases.front().seconds;

  const double per_trial_alone = alone.phases.front().seconds / trials;
  const double per_trial_group = group_train / trials / points.size();
  const double floor_dyn = T * 2 * N2 / (peak * 1e9);
  const double floor_rls = updates_per_trial * 4 * N2 / (bw * 1e9);
  std::printf("\ntraining (projected to 3500 trials; measured on %d)\n", trials);
  std::printf("  %-28s %9.4f s/trial %8.1f s/network  peak %.0f MB\n", "alone", per_trial_alone,
              per_trial_alone * 3500, peak_alone / 1048576.0);
  std::printf("  %-28s %9.4f s/trial %8.1f s/network  peak %.0f MB (%zu networks)\n",
              ("shared-J group of " + std::to_string(points.size())).c_str(), per_trial_group,
              per_trial_group * 3500, peak_group / 1048576.0, points.size());
  std::printf("  floor: dynamics %.4f + RLS %.4f = %.4f s/trial -> group at %.2fx the floor\n",
              floor_dyn, floor_rls, floor_dyn + floor_rls,
              per_trial_group / (floor_dyn + floor_rls));
  std::printf("  study's code: 0.35 s/trial -> %.1fx faster alone, %.1fx in a group\n",
              0.35 / per_trial_alone, 0.35 / per_trial_group);

  // Analyses: network-steps each must take (with the shared forgetting prefix), at peak.
  const AnalysisConfig& a = spec.analysis;
  const double cls = (5.0 * a.noise_copies + 4) * a.classify_trials * T;
  const double rob = 16.0 * a.robustness_repeats * a.robustness_sigmas.size() * 2 * T;
  const int count_d = static_cast<int>((a.forget_to - a.forget_from) / a.forget_step + 1.5);
  const double fgt = 16.0 * a.forgetting_repeats *
                     (task.timing().start(Period::stim2) + a.forget_to / task.dt() +
                      count_d * (T - task.timing().start(Period::stim2) + T));
  const double test = 16.0 * spec.test.stim_seeds * T;
  const double test1 = 1.0 * spec.test.n_trials * T;  // one trajectory: B = 1 peak
  std::printf("\nanalyses of one network (study's full size)\n  %-11s %9s %9s %7s %9s\n", "phase",
              "seconds", "floor s", "ratio", "peak MB");
  for (const PhaseCost& c : alone.phases) {
    double floor = 0;
    if (c.name == "test") floor = (test * 2 * N2) / (peak * 1e9) + test1 * 2 * N2 / (peak1 * 1e9);
    else if (c.name == "classify") floor = cls * 2 * N2 / (peak * 1e9);
    else if (c.name == "robustness") floor = rob * 2 * N2 / (peak * 1e9);
    else if (c.name == "forgetting") floor = fgt * 2 * N2 / (peak * 1e9);
    else continue;
    std::printf("  %-11s %9.2f %9.2f %7.2f %9.0f\n", c.name.c_str(), c.seconds, floor,
                c.seconds / floor, c.peak_bytes / 1048576.0);
  }
  std::printf("  label A %s, label B %s\n", mechanism_name(alone.longrun.label_a.mechanism),
              mechanism_name(alone.longrun.label_b.mechanism));
  return 0;
}
