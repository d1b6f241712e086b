// Fixed points and Jacobian spectra of trained study-1 networks, one core:
//   bench_fixed_points [starts=1024] [n_small=100] [n_large=1000] [train_large=3500]
// 1. N = n_small: `starts` states (the 4 trial-end states with Gaussian noise of 0.1 to 1
//    times their rms) to the full set of points; seconds to find, seconds for the spectra.
// 2. N = n_large trained `train_large` trials: the pipeline's own fixed_points phase (its 56
//    starts: trial ends, long-run ends, noisy test samples), then 120 starts (the 4 trial-end
//    states and 116 noisy copies), each against the network's own training time.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "dynamics/fixed_points.h"
#include "linalg/vmath.h"
#include "net/weights.h"
#include "studies/seqmatch/pipeline.h"
#include "studies/seqmatch/study.h"
#include "sweep/spec.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {

struct Trained {
  std::vector<double> M, end_states;
  double train_seconds = 0;
  int n = 0, trial_steps = 0;
  double h = 0;
};

// with_phase: the pipeline's classify + fixed_points phases run too, and are reported
Trained train(int n, int n_train, bool with_phase) {
  const Spec parsed = parse_spec("[network]\nn = " + std::to_string(n) + "\n[train]\nn_train = " +
                         std::to_string(n_train) + "\n[grid]\nseed = [0]\ng = [1.2]\nfb = [5.0]\n");
  SeqMatchConfig spec = dynamic_cast<const SeqMatchSpec&>(*parsed.study).config;
  spec.analysis.run.clear();
  if (with_phase) spec.analysis.run = {"classify", "fixed_points"};
  const SeqMatchTask task =
      make_task(spec, LatentSource::synthetic(spec.task.class_means, spec.task.class_std));
  const NetworkResult r = run_group(spec, task, {SeqMatchPoint::from(parsed.grid().point(0))}).front();
  Trained t;
  t.n = n;
  t.M = closed_loop_matrix(r.weights, r.readouts);
  t.end_states = r.end_states;
  t.train_seconds = r.phases.front().seconds;
  t.trial_steps = task.timing().trial();
  t.h = task.dt_over_tau();
  if (with_phase) {
    const FixedPointSet& set = r.fixed_points;
    const auto kinds = kind_counts(set);
    std::printf("pipeline phase: N = %d, %zu starts: find %.3f s (%ld iterations), spectra %.3f s "
                "for %zu points (%d stable, %d saddles, %d marginal, %d slow), %d starts found "
                "none; training took %.1f s: phase = %.1f%% of it; dynamics label %s\n",
                n, set.starts.size(), set.seconds_find, set.iterations, set.seconds_eigen,
                set.points.size(), kinds[0], kinds[1], kinds[2], kinds[3], unconverged_starts(set),
                t.train_seconds, 100 * (set.seconds_find + set.seconds_eigen) / t.train_seconds,
                mechanism_name(r.dynamics));
  }
  return t;
}

std::vector<double> noisy_starts(const Trained& t, int count) {
  const size_t un = static_cast<size_t>(t.n);
  double ms = 0;
  for (double v : t.end_states) ms += v * v;
  const double rms = std::sqrt(ms / t.end_states.size());
  std::vector<double> starts(un * count);
  for (int k = 0; k < count; ++k) {
    const double* base = &t.end_states[(k % 4) * un];
    const double sigma = k < 4 ? 0 : rms * (0.1 + 0.9 * (k % 10) / 9.0);
    for (size_t i = 0; i < un; ++i)
      starts[k * un + i] = base[i] + sigma * normal_at(99, static_cast<uint64_t>(k) * un + i);
  }
  return starts;
}

void report(const char* what, const Trained& t, int count) {
  const std::vector<double> starts = noisy_starts(t, count);
  FixedPointConfig config;
  config.slow_rate = 1.0 / (t.trial_steps * t.h);  // decays by less than e over a trial
  const FixedPointSet set = find_fixed_points(t.n, t.M.data(), nullptr, starts.data(), count, config);
  int zeros = 0, slow = 0, lost = 0, stable = 0, saddles = 0, marginal = 0, max_it = 0;
  for (const FixedPoint& p : set.points) {
    zeros += p.zero;
    slow += !p.zero;
    stable += p.kind == PointKind::stable;
    saddles += p.kind == PointKind::saddle;
    marginal += p.kind == PointKind::marginal;
  }
  long it_zero = 0, it_slow = 0, it_lost = 0, n_zero = 0, n_slow = 0;
  for (const StartOutcome& o : set.starts) {
    lost += o.point < 0;
    max_it = std::max(max_it, o.iterations);
    if (o.point < 0) it_lost += o.iterations;
    else if (set.points[o.point].zero) it_zero += o.iterations, ++n_zero;
    else it_slow += o.iterations, ++n_slow;
  }
  std::printf("  iterations: %ld over %ld starts to zeros, %ld over %ld to slow points, %ld unconverged\n",
              it_zero, n_zero, it_slow, n_slow, it_lost);
  std::printf("%s: N = %d, %d starts: find %.3f s (%ld Newton/LM iterations in all, at most %d "
              "per start), spectra %.3f s for %zu points\n",
              what, t.n, count, set.seconds_find, set.iterations, max_it, set.seconds_eigen,
              set.points.size());
  std::printf("  %d zeros (%d stable, %d saddles, %d marginal), %d slow points, %d starts "
              "unconverged; training took %.1f s: analysis = %.1f%% of it\n",
              zeros, stable, saddles, marginal, slow, lost, t.train_seconds,
              100 * (set.seconds_find + set.seconds_eigen) / t.train_seconds);
}

}  // namespace

int main(int argc, char** argv) {
  linalg::use_single_threaded_blas();
  const int starts = argc > 1 ? std::atoi(argv[1]) : 1024;
  const int n_small = argc > 2 ? std::atoi(argv[2]) : 100;
  const int n_large = argc > 3 ? std::atoi(argv[3]) : 1000;
  const int train_large = argc > 4 ? std::atoi(argv[4]) : 3500;
  report("small", train(n_small, 1000, false), starts);
  report("study 1", train(n_large, train_large, true), 120);
  return 0;
}
