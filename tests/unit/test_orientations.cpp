#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "tasks/orientations.h"
#include "train/orientation_trainer.h"

using namespace wmsweep;

namespace {
OrientationTask short_task() {  // the spec's sequence of periods, shortened: 75 steps
  OrientationTask t;
  t.timing = {10, 50, 100, 200, 100, 200, 100};
  return t;
}
}  // namespace

TEST_CASE("two-orientation task: periods, tuning peaks, targets on the unit circle, response mask") {
  OrientationTask task;  // the spec's timing
  CHECK(task.timing.total() == 370);
  const OrientationBatch b = orientation_batch(task, 8, 5, 0);
  const int I = task.inputs(), B = 8;
  REQUIRE(b.u.size() == static_cast<size_t>(I) * B * 370);
  for (int k = 0; k < B; ++k) {
    // stimulus 1 (steps 20–69): the unit preferring 2θ1 is the most active, at exp(0) = 1 or near
    const double* u = &b.u[(static_cast<size_t>(30) * B + k) * I];
    int best = 0;
    for (int j = 1; j < task.tuned; ++j) best = u[j] > u[best] ? j : best;
    const double pref = 2 * M_PI * best / task.tuned;
    CHECK(std::fabs(std::remainder(2 * b.theta1[k] - pref, 2 * M_PI)) <= M_PI / task.tuned + 1e-12);
    CHECK(u[task.tuned] == 0.0);  // no go cue yet
    // delay 1: silence; response: go cue, targets, mask
    const double* quiet = &b.u[(static_cast<size_t>(100) * B + k) * I];
    for (int j = 0; j < I; ++j) CHECK(quiet[j] == 0.0);
    for (int t : {319, 320, 369}) {
      const bool response = t >= 320;
      CHECK(b.mask[static_cast<size_t>(t) * B + k] == (response ? 1.0 : 0.0));
      CHECK(b.u[(static_cast<size_t>(t) * B + k) * I + task.tuned] == (response ? 1.0 : 0.0));
      const double* y = &b.target[(static_cast<size_t>(t) * B + k) * 4];
      if (response) {
        CHECK(y[0] * y[0] + y[1] * y[1] == doctest::Approx(1.0));
        CHECK(0.5 * std::atan2(y[3], y[2]) == doctest::Approx(std::remainder(b.theta2[k], M_PI)));
      }
    }
  }
  // the report error: exact targets give 0, a 10° rotation of both items gives 10
  std::vector<double> y(4 * B);
  for (int k = 0; k < B; ++k) {
    const double a1 = 2 * (b.theta1[k] + M_PI / 18), a2 = 2 * (b.theta2[k] - M_PI / 18);
    y[4 * k] = std::cos(a1), y[4 * k + 1] = std::sin(a1), y[4 * k + 2] = std::cos(a2), y[4 * k + 3] = std::sin(a2);
  }
  CHECK(mean_angular_error_deg(b, y.data()) == doctest::Approx(10.0));
}

TEST_CASE("a small network trained by BPTT and Adam reaches 5 degrees and holds it on new trials") {
  const OrientationTask task = short_task();
  BpttConfig c;
  c.n = 32;
  c.batch = 64;
  c.lr = 3e-3;
  c.max_iterations = 2000;
  c.threshold_deg = 5;
  const BpttResult r = train_orientations(task, c, 3);
  REQUIRE(r.reached);
  CHECK(r.error_deg.front() > 30);  // it started at chance-like error
  CHECK(r.error_deg.back() < 5);
  CHECK(static_cast<int>(r.loss.size()) == r.iterations);
  // trials it never saw
  const int T = task.timing.total();
  const OrientationBatch fresh = orientation_batch(task, 256, 999, 0);
  const RnnShape s{c.n, task.inputs(), task.outputs(), 256, T};
  RnnLoss l;
  l.alpha = task.timing.dt / c.tau;
  RnnTape tape;
  rnn_forward(s, r.params, l, fresh.u.data(), fresh.target.data(), fresh.mask.data(), nullptr, tape);
  CHECK(mean_angular_error_deg(fresh, &tape.y[static_cast<size_t>(4) * 256 * (T - 1)]) < 8);
  // the same bits when trained again
  const BpttResult again = train_orientations(task, c, 3);
  CHECK(again.iterations == r.iterations);
  CHECK(std::memcmp(again.params.w_rec.data(), r.params.w_rec.data(), 8 * r.params.w_rec.size()) == 0);
}
