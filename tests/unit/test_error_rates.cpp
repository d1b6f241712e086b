// The error-rate runs on a hand-made network whose answers are known: the true rmse and the
// study's rmse (Σe² / runs), the "trained" decision, and the study's phasic units (|mean r| over
// a period, per run), checked against this file's own Euler loop — with the study's indexing,
// the state entering each step.
#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "dynamics/probes.h"
#include "sweep/spec.h"

using namespace wmsweep;

namespace {

// 6 units, input and feedback weights 0, so the dynamics are x' = −x + M tanh x alone:
// units 0, 1 sit at the stable points ±x* of x = 3 tanh x (|r| ≈ 0.995: phasic); units 2, 3
// rotate (M = [[1.5, −6], [6, 1.5]]: r swings between ±1, so mean |r| is large but mean r is
// not); units 4, 5 decay to 0. The readout z = r0 / tanh(x*) ≈ 1.
constexpr int kN = 6;
const double kXStar = [] {
  double x = 3;
  for (int k = 0; k < 200; ++k) x = 3 * std::tanh(x);
  return x;
}();

std::vector<double> matrix() {
  std::vector<double> M(kN * kN, 0.0);  // col-major
  auto at = [&](int i, int j) -> double& { return M[static_cast<size_t>(j) * kN + i]; };
  at(0, 0) = at(1, 1) = 3;
  at(2, 2) = at(3, 3) = 1.5;
  at(2, 3) = -6;
  at(3, 2) = 6;
  at(4, 4) = at(5, 5) = 0.5;
  return M;
}

std::vector<double> start() { return {kXStar, -kXStar, 2.0, 0.0, 0.3, -0.3}; }

}  // namespace

TEST_CASE("error-rate runs: true and study rmse, trained, phasic units as the study counts them") {
  Weights w;
  w.n = kN;
  w.J = std::make_shared<std::vector<double>>(matrix());
  w.w_f.assign(kN, 0.0);
  w.w_fd.assign(2 * kN, 0.0);
  w.w_i.assign(2 * kN, 0.0);
  Readouts ro{std::vector<double>(kN, 0.0), std::vector<double>(2 * kN, 0.0)};
  ro.w_o[0] = 1.0 / std::tanh(kXStar);
  TaskConfig tc;
  const SeqMatchTask task(tc, LatentSource::synthetic(tc.class_means, tc.class_std));
  const ClosedLoop net(w, ro, task.dt_over_tau());
  TestConfig test;  // 10 stimulus seeds: 160 runs; the last 50 response steps scored
  std::vector<double> ends;
  for (int s = 0; s < 4; ++s)
    for (double v : start()) ends.push_back(v);
  const ErrorRates e = run_error_rates(net, task, test, ends, 7, 0.8);

  // z stays at 1: runs of type 0 (0 + 0 → 1.0) are exact, every other type is 0.5 off
  REQUIRE(e.rmse.size() == 160);
  for (int r = 0; r < 160; ++r) {
    const int type = (r / test.stim_seeds) % 4;
    CHECK(e.rmse[r] == doctest::Approx(type == 0 ? 0.0 : 0.5).epsilon(1e-9));
    CHECK(e.study_rmse[r] == doctest::Approx(e.rmse[r] * std::sqrt(50.0 / 160.0)).epsilon(1e-12));
  }
  // thresholds 0.005, 0.01, 0.05, 0.1: three types of four fail each; the study's rmse of 0.28
  CHECK(e.rate == std::vector<double>{0.75, 0.75, 0.75, 0.75});
  CHECK(e.study_rate == std::vector<double>{0.75, 0.75, 0.75, 0.75});
  CHECK_FALSE(is_trained(e, test));
  TestConfig lenient = test;
  lenient.trained_epsilon = 0.3;  // above the study's 0.28, below the true 0.5
  CHECK_FALSE(is_trained(e, lenient));
  lenient.trained_rmse = "study";
  CHECK(is_trained(e, lenient));
  CHECK(rate_above({0.1, NAN, 0.3}, 0.2) == doctest::Approx(2.0 / 3.0));  // NaN is an error

  // phasic: this file's own Euler loop over the same trial, the state entering each step
  const Timing& t = task.timing();
  const std::vector<double> M = matrix();
  std::vector<double> x = start(), sum_d1(kN, 0.0), sum_resp(kN, 0.0), abs_d1(kN, 0.0);
  for (int j = 0; j < t.trial(); ++j) {
    const Period p = t.period(j);
    for (int i = 0; i < kN; ++i) {
      const double r = std::tanh(x[i]);
      if (p == Period::delay1) {
        sum_d1[i] += r;
        abs_d1[i] += std::fabs(r);
      }
      if (p == Period::response) sum_resp[i] += r;
    }
    std::vector<double> next(kN);
    for (int i = 0; i < kN; ++i) {
      double mr = 0;
      for (int k = 0; k < kN; ++k) mr += M[static_cast<size_t>(k) * kN + i] * std::tanh(x[k]);
      next[i] = x[i] + task.dt_over_tau() * (-x[i] + mr);
    }
    x = next;
  }
  int d1 = 0, resp = 0, by_abs = 0;
  for (int i = 0; i < kN; ++i) {
    d1 += std::fabs(sum_d1[i] / t.delay1) > 0.8;
    resp += std::fabs(sum_resp[i] / t.response) > 0.8;
    by_abs += abs_d1[i] / t.delay1 > 0.8;
  }
  CHECK(d1 == 2);       // the two units at ±x*
  CHECK(resp == 2);
  CHECK(by_abs > d1);   // mean |r| would count the rotating pair too: the rules differ here
  REQUIRE(e.phasic.size() == 32);
  for (int run = 0; run < 16; ++run) {
    CHECK(e.phasic[run] == doctest::Approx(static_cast<double>(d1) / kN));
    CHECK(e.phasic[16 + run] == doctest::Approx(static_cast<double>(resp) / kN));
  }
  CHECK(phasic_mean(e, 0) == doctest::Approx(2.0 / 6));
  // not asked for: no phasic values
  CHECK(run_error_rates(net, task, test, ends, 7, std::nan("")).phasic.empty());

  // which states are scored: those entering the last 50 steps, as the study's code does. One
  // slowly decaying unit (x' = −x + 0.99 tanh x) reads out z = tanh x, different at every step.
  Weights slow = w;
  slow.n = 1;
  slow.J = std::make_shared<std::vector<double>>(1, 0.99);
  slow.w_f = {0.0};
  slow.w_fd = slow.w_i = {0.0, 0.0};
  const Readouts one{{1.0}, {0.0, 0.0}};
  const ClosedLoop decaying(slow, one, task.dt_over_tau());
  const ErrorRates d = run_error_rates(decaying, task, test, {2.0, 2.0, 2.0, 2.0}, 7, std::nan(""));
  double x1 = 2.0;
  std::vector<double> sq(4, 0.0);
  for (int j = 0; j < t.trial(); ++j) {
    for (int type = 0; type < 4; ++type)
      if (j >= t.trial() - test.rmse_steps) sq[type] += std::pow(std::tanh(x1) - task.output_target(type), 2);
    x1 = x1 + task.dt_over_tau() * (-x1 + 0.99 * std::tanh(x1));
  }
  for (int r = 0; r < 160; ++r) {
    const int type = (r / test.stim_seeds) % 4;
    CHECK(std::fabs(d.rmse[r] - std::sqrt(sq[type] / 50)) <= 1e-12 * std::sqrt(sq[type] / 50));
    CHECK(std::fabs(d.study_rmse[r] - std::sqrt(sq[type] / 160)) <= 1e-12 * std::sqrt(sq[type] / 160));
  }
}

// The long runs' window is the study's: the last W states *entering* a step, t = S − W … S − 1,
// and "last" is the state at t = S − 1. A decaying network (M = 0: x ← (1 − h)·x) makes every
// z distinct, so a window off by one step shows.
TEST_CASE("long runs: the study's window of states, and its last step") {
  const int n = 3;
  Weights w;
  w.n = n;
  w.J = std::make_shared<std::vector<double>>(n * n, 0.0);
  w.w_f.assign(n, 0.0);
  w.w_fd.assign(2 * n, 0.0);
  w.w_i.assign(2 * n, 0.0);
  Readouts ro{{1.0, 0.5, 0.25}, std::vector<double>(2 * n, 0.0)};
  TaskConfig tc;
  const SeqMatchTask task(tc, LatentSource::synthetic(tc.class_means, tc.class_std));
  const ClosedLoop net(w, ro, task.dt_over_tau());
  AnalysisConfig ac;
  ac.classify_trials = 1;  // the window is the whole run: t = 0 … T − 1, z(0) = O(1)
  ac.window_trials = 1;
  ac.noise_copies = 1;
  ac.speed_at = {0, 1};
  const std::vector<double> ends = {1.0, -0.5, 0.25, 0.8, 0.1, -0.9, 2.0, 0.0, 0.0, -1.0, 1.0, 0.5};
  const LongRun l = run_long_autonomous(net, task, ac, ends, 3, ProbeOptions{false});
  const int T = task.timing().trial(), S = T, W = T;
  for (int s = 0; s < 4; ++s) {
    std::vector<double> x(ends.begin() + s * n, ends.begin() + (s + 1) * n);
    double sum = 0, last = 0;
    std::vector<double> zs;
    for (int t = 0; t < S; ++t) {
      const double z = ro.w_o[0] * std::tanh(x[0]) + ro.w_o[1] * std::tanh(x[1]) + ro.w_o[2] * std::tanh(x[2]);
      if (t >= S - W) zs.push_back(z);
      if (t == S - 1) last = z;
      for (double& v : x) v = v + task.dt_over_tau() * (-v);
    }
    for (double z : zs) sum += z;
    const double mean = sum / W;
    double var = 0;
    for (double z : zs) var += (z - mean) * (z - mean);
    // relative, and each value O(1) or compared to its own size: a window one step late (t = 1
    // … T) drops z(0) and misses by 1/T of it; a last step one late is 10% smaller
    CHECK(std::fabs(l.b.mean[s] - mean) <= 1e-12 * std::fabs(mean));
    CHECK(std::fabs(l.b.var[s] - var / W) <= 1e-9 * var / W);
    CHECK(std::fabs(l.b.last[s] - last) <= 1e-9 * std::fabs(last));
    CHECK(std::fabs(last) > 1e-300);
  }
}
