// The two-orientation task's variants: jittered delays, the ordinal output, the "human" Δθ
// set and its file, and the fixed trials of the analysis runs.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tasks/orientations.h"
#include "util/errors.h"

using namespace wmsweep;

namespace {

OrientationTask short_task() {  // fixation 5, stimuli 10, delays 20, response 10 steps: 75
  OrientationTask t;
  t.timing = {10, 50, 100, 200, 100, 200, 100};
  return t;
}

double deg(double d) { return d * M_PI / 180; }

double tuned(const OrientationTask& task, double theta, int j) {  // unit j's input for θ
  return std::exp(task.kappa * (std::cos(2 * theta - 2 * M_PI * j / task.tuned) - 1));
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("wmsweep_" + std::to_string(getpid()) + "_" + name)).string();
  std::ofstream(path) << text;
  return path;
}

std::string deltas_error(const std::string& path) {
  try {
    read_deltas_file(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("two-orientation task, jittered delays: each trial its own delays, silent after its response") {
  OrientationTask task = short_task();
  task.jitter = 0.5;  // delays of 20 steps drawn in [10, 30]
  CHECK(task.timing.total() == 75);
  CHECK(task.steps() == 95);  // 5 + 10 + 30 + 10 + 30 + 10
  const int B = 64, I = task.inputs(), T = 95;
  const OrientationBatch b = orientation_batch(task, B, 4, 2);
  REQUIRE(b.steps == T);
  REQUIRE(b.u.size() == static_cast<size_t>(I) * B * T);
  REQUIRE(b.target.size() == static_cast<size_t>(4) * B * T);
  REQUIRE(b.report_step.size() == static_cast<size_t>(B));
  int d1_min = 99, d1_max = 0, shorter = 0;
  for (int k = 0; k < B; ++k) {
    const int d1 = b.delay1_end[k] - 14, s2 = b.delay1_end[k] + 1;  // stimulus 1 is steps 5–14
    const int d2 = b.delay2_end[k] - (s2 + 9), go = b.delay2_end[k] + 1;
    CHECK(d1 >= 10);
    CHECK(d1 <= 30);
    CHECK(d2 >= 10);
    CHECK(d2 <= 30);
    CHECK(b.report_step[k] == go + 9);
    CHECK(b.report_step[k] <= T - 1);
    d1_min = std::min(d1_min, d1), d1_max = std::max(d1_max, d1);
    shorter += b.report_step[k] < T - 1;
    for (int t = 0; t < T; ++t) {
      const size_t c = static_cast<size_t>(t) * B + k;
      const double* u = &b.u[c * I];
      const bool first = t >= 5 && t < 15, second = t >= s2 && t < s2 + 10;
      const bool response = t >= go && t <= b.report_step[k];
      for (int j = 0; j < task.tuned; ++j) {
        if (first || second)
          CHECK(u[j] == doctest::Approx(tuned(task, first ? b.theta1[k] : b.theta2[k], j)).epsilon(1e-14));
        else
          CHECK(u[j] == 0.0);
      }
      CHECK(u[task.tuned] == (response ? 1.0 : 0.0));
      CHECK(b.mask[c] == (response ? 1.0 : 0.0));
      const double* y = &b.target[c * 4];
      const double want[4] = {std::cos(2 * b.theta1[k]), std::sin(2 * b.theta1[k]),
                              std::cos(2 * b.theta2[k]), std::sin(2 * b.theta2[k])};
      for (int o = 0; o < 4; ++o) CHECK(y[o] == (response ? want[o] : 0.0));
    }
  }
  CHECK(d1_min < d1_max);  // the delays do vary
  CHECK(shorter > 0);      // and some trials end before T
  // the report is read at each trial's own last response step: the targets decode exactly,
  // though T − 1 is silence for the shorter trials
  std::vector<double> r1, r2;
  decode_reports(b, b.target.data(), 4, r1, r2);
  for (int k = 0; k < B; ++k) {
    CHECK(r1[k] == doctest::Approx(b.theta1[k]).epsilon(1e-12));
    CHECK(r2[k] == doctest::Approx(b.theta2[k]).epsilon(1e-12));
  }
  CHECK(mean_angular_error_deg(b, b.target.data(), 4) < 1e-12);
  // a batch is (key, draw) alone
  const OrientationBatch same = orientation_batch(task, B, 4, 2), other = orientation_batch(task, B, 4, 3);
  CHECK(same.u == b.u);
  CHECK(same.target == b.target);
  CHECK(same.delay1_end == b.delay1_end);
  CHECK(same.report_step == b.report_step);
  CHECK(other.delay1_end != b.delay1_end);
}

TEST_CASE("two-orientation task, ordinal output: sign of the wrapped 2θ2 − 2θ1 during the response") {
  OrientationTask task = short_task();
  task.ordinal = true;
  CHECK(task.outputs() == 5);
  // 170° → 10°: 2θ2 − 2θ1 = −320°, wrapped +40°; the reverse −40°; +20° gives +40°; equal
  // gives 0; 0° → 90°: +180°, the closed end of (−180°, 180°]
  const std::vector<double> th1 = {deg(170), deg(10), deg(30), deg(30), 0.0};
  const std::vector<double> th2 = {deg(10), deg(170), deg(50), deg(30), M_PI / 2};
  const double sign[] = {1, -1, 1, 0, 1};
  const OrientationBatch b = orientation_trials(task, th1, th2);
  const int B = 5, T = 75;
  REQUIRE(b.target.size() == static_cast<size_t>(5) * B * T);
  for (int k = 0; k < B; ++k)
    for (int t : {64, 65, 74}) {
      const double* y = &b.target[(static_cast<size_t>(t) * B + k) * 5];
      CHECK(y[4] == (t >= 65 ? sign[k] : 0.0));
      CHECK(y[0] == (t >= 65 ? std::cos(2 * th1[k]) : 0.0));
      CHECK(y[3] == (t >= 65 ? std::sin(2 * th2[k]) : 0.0));
    }
  // the reports are the first four outputs whatever follows them
  std::vector<double> r1, r2;
  decode_reports(b, b.target.data(), 5, r1, r2);
  for (int k = 0; k < B; ++k) {
    CHECK(std::fabs(std::remainder(r1[k] - th1[k], M_PI)) < 1e-12);
    CHECK(std::fabs(std::remainder(r2[k] - th2[k], M_PI)) < 1e-12);
  }
}

TEST_CASE("two-orientation task, human condition: every Δθ comes from the given set") {
  OrientationTask task = short_task();
  task.deltas = {deg(-20), 0.0, deg(10), deg(45), deg(90)};
  const OrientationBatch b = orientation_batch(task, 256, 8, 0);
  std::vector<int> used(task.deltas.size(), 0);
  for (int k = 0; k < 256; ++k) {
    CHECK(b.theta1[k] >= 0.0);
    CHECK(b.theta1[k] < M_PI);
    CHECK(b.theta2[k] >= 0.0);
    CHECK(b.theta2[k] < M_PI);
    int match = -1;
    for (size_t i = 0; i < task.deltas.size(); ++i)
      if (std::fabs(std::remainder(b.theta2[k] - b.theta1[k] - task.deltas[i], M_PI)) < 1e-12)
        match = static_cast<int>(i);
    REQUIRE(match >= 0);
    ++used[match];
  }
  for (int n : used) CHECK(n > 20);  // each of the five about 51 times in 256
  // θ1 is drawn as in the independent condition
  const OrientationBatch independent = orientation_batch(short_task(), 256, 8, 0);
  CHECK(independent.theta1 == b.theta1);
  CHECK(independent.theta2 != b.theta2);
}

TEST_CASE("two-orientation task: the Δθ file, degrees per line with comments; its errors name the line") {
  const std::string good = write_temp("deltas_good.txt",
                                      "# Δθ of the human experiment, degrees\n"
                                      "-20\n"
                                      "  0   # no change\n"
                                      "\n"
                                      "7.5\r\n"
                                      "90\n");
  CHECK(read_deltas_file(good) == std::vector<double>{deg(-20), 0.0, deg(7.5), deg(90)});
  const std::string bad = write_temp("deltas_bad.txt", "10\n# fine\n12 degrees\n");
  CHECK(deltas_error(bad) ==
        bad + ":3: '12 degrees' is not a Δθ in degrees (one number per line, # comments)");
  const std::string empty = write_temp("deltas_empty.txt", "# nothing yet\n\n");
  CHECK(deltas_error(empty) ==
        empty + ": no Δθ values (expected one in degrees per line, # comments)");
  const std::string missing = good + ".absent";
  CHECK(deltas_error(missing) ==
        missing + ": cannot open the Δθ file (one Δθ in degrees per line)");
  for (const std::string& p : {good, bad, empty}) std::filesystem::remove(p);
}

TEST_CASE("two-orientation task: orientation_trials gives the θs asked for at the nominal timing") {
  OrientationTask task = short_task();
  task.jitter = 0.5;  // ignored: analysis runs use the nominal timing
  const std::vector<double> th1 = {0.0, deg(45), deg(179)}, th2 = {M_PI / 2, deg(45), deg(1)};
  const OrientationBatch b = orientation_trials(task, th1, th2);
  CHECK(b.batch == 3);
  CHECK(b.steps == 75);
  CHECK(b.theta1 == th1);
  CHECK(b.theta2 == th2);
  CHECK(b.delay1_end == std::vector<int>{34, 34, 34});  // fixation 5 + stimulus 10 + delay 20 − 1
  CHECK(b.delay2_end == std::vector<int>{64, 64, 64});
  CHECK(b.report_step == std::vector<int>{74, 74, 74});
  // stimulus 2 of trial 0 (θ2 = 90°): unit 16 prefers 2θ = 180°, at exp(0) = 1
  CHECK(b.u[(static_cast<size_t>(35) * 3 + 0) * task.inputs() + 16] == 1.0);
  CHECK(b.u[(static_cast<size_t>(45) * 3 + 0) * task.inputs() + 16] == 0.0);
}
