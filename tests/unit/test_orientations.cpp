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
  // no jitter: every trial has the same periods and ends at T
  CHECK(b.delay1_end == std::vector<int>(B, 169));  // fixation 20 + stimulus 50 + delay 100 − 1
  CHECK(b.delay2_end == std::vector<int>(B, 319));
  CHECK(b.report_step == std::vector<int>(B, 369));
  // the report error, read at the last response step of the output series: a 10° rotation of
  // both items gives 10, whatever the earlier steps hold
  std::vector<double> y(static_cast<size_t>(4) * B * 370, 0.3);
  for (int k = 0; k < B; ++k) {
    const double a1 = 2 * (b.theta1[k] + M_PI / 18), a2 = 2 * (b.theta2[k] - M_PI / 18);
    double* yk = &y[(static_cast<size_t>(369) * B + k) * 4];
    yk[0] = std::cos(a1), yk[1] = std::sin(a1), yk[2] = std::cos(a2), yk[3] = std::sin(a2);
  }
  CHECK(mean_angular_error_deg(b, y.data(), 4) == doctest::Approx(10.0));
  std::vector<double> r1, r2;
  decode_reports(b, y.data(), 4, r1, r2);
  for (int k = 0; k < B; ++k) {
    CHECK(r1[k] >= 0.0);
    CHECK(r1[k] < M_PI);
    CHECK(std::remainder(r1[k] - b.theta1[k], M_PI) == doctest::Approx(M_PI / 18));
    CHECK(std::remainder(r2[k] - b.theta2[k], M_PI) == doctest::Approx(-M_PI / 18));
  }
}

namespace {
// The trained network's mean report error on 256 trials it never saw.
double held_out_error_deg(const OrientationTask& task, const BpttConfig& c, const RnnParams& params) {
  const OrientationBatch fresh = orientation_batch(task, 256, 999, 0);
  const RnnShape s{c.n, task.inputs(), task.outputs(), 256, task.steps()};
  RnnTape tape;
  rnn_forward(s, params, orientation_loss(task, c), fresh.u.data(), fresh.target.data(),
              fresh.mask.data(), nullptr, tape);
  return mean_angular_error_deg(fresh, tape.y.data(), task.outputs());
}
}  // namespace

TEST_CASE("two-orientation training: a small network trained by BPTT and Adam reaches 5 degrees and holds it on new trials") {
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
  CHECK(held_out_error_deg(task, c, r.params) < 8);
  // the same bits when trained again
  const BpttResult again = train_orientations(task, c, 3);
  CHECK(again.iterations == r.iterations);
  CHECK(std::memcmp(again.params.w_rec.data(), r.params.w_rec.data(), 8 * r.params.w_rec.size()) == 0);
}

TEST_CASE("two-orientation training, jittered delays: reaches 5 degrees, each trial read at its own report step") {
  OrientationTask task = short_task();
  task.jitter = 0.5;
  BpttConfig c;
  c.n = 32;
  c.batch = 64;
  c.lr = 3e-3;
  c.max_iterations = 2000;
  const BpttResult r = train_orientations(task, c, 3);
  REQUIRE(r.reached);
  CHECK(r.error_deg.front() > 30);
  CHECK(held_out_error_deg(task, c, r.params) < 8);
}

TEST_CASE("two-orientation training, ordinal: the 5th output's loss weight is the task's ordinal_weight") {
  OrientationTask task = short_task();
  BpttConfig c;
  c.n = 32;
  c.batch = 16;
  c.max_iterations = 1;  // the loss of the initial network on the first batch
  CHECK(orientation_loss(task, c).output_weight.empty());
  task.ordinal = true;
  task.ordinal_weight = 2;
  CHECK(orientation_loss(task, c).output_weight == std::vector<double>{1, 1, 1, 1, 2});
  // the task loss is Σ w_o·SSE_o / (O·Σm): linear in the 5th weight, same initial network
  double loss[3];
  for (int w : {0, 1, 2}) {
    task.ordinal_weight = w;
    loss[w] = train_orientations(task, c, 5).loss.at(0);
  }
  CHECK(loss[1] > loss[0] + 1e-3);
  CHECK(loss[2] - loss[0] == doctest::Approx(2 * (loss[1] - loss[0])).epsilon(1e-5));
  // float32 and float64 read the same reports (the float32 path gathers the report columns)
  c.float64 = true;
  const double err64 = train_orientations(task, c, 5).error_deg.at(0);
  c.float64 = false;
  CHECK(train_orientations(task, c, 5).error_deg.at(0) == doctest::Approx(err64).epsilon(1e-4));
}

TEST_CASE("two-orientation training, ordinal: the network learns the sign of 2θ2 − 2θ1") {
  OrientationTask task = short_task();
  task.ordinal = true;
  BpttConfig c;
  c.n = 32;
  c.batch = 64;
  c.lr = 3e-3;
  c.max_iterations = 600;
  c.threshold_deg = 0;  // train the fixed number of iterations: the stop rule ignores the sign
  const BpttResult r = train_orientations(task, c, 3);
  REQUIRE(r.iterations == c.max_iterations);
  auto mean = [](const std::vector<double>& v, size_t from, size_t n) {
    double s = 0;
    for (size_t i = from; i < from + n; ++i) s += v[i];
    return s / n;
  };
  CHECK(mean(r.loss, r.loss.size() - 20, 20) < 0.3 * mean(r.loss, 0, 20));
  const int B = 256;
  const OrientationBatch fresh = orientation_batch(task, B, 999, 0);
  const RnnShape s{c.n, task.inputs(), 5, B, task.steps()};
  RnnTape tape;
  rnn_forward(s, r.params, orientation_loss(task, c), fresh.u.data(), fresh.target.data(),
              fresh.mask.data(), nullptr, tape);
  int right = 0;
  for (int k = 0; k < B; ++k) {
    const size_t col = static_cast<size_t>(fresh.report_step[k]) * B + k;
    right += tape.y[col * 5 + 4] * fresh.target[col * 5 + 4] > 0;
  }
  CHECK(right >= 0.9 * B);
  CHECK(mean_angular_error_deg(fresh, tape.y.data(), 5) < 8);  // and the reports still hold
}
