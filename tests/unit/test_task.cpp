#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sweep/spec.h"
#include "tasks/seqmatch.h"

using namespace wmsweep;

namespace {
SeqMatchTask default_task() {
  TaskConfig c;
  return SeqMatchTask(c, LatentSource::synthetic(c.class_means, c.class_std));
}
}  // namespace

TEST_CASE("trial periods have the study's boundaries (350 steps)") {
  const SeqMatchTask task = default_task();
  const Timing& t = task.timing();
  CHECK(t.trial() == 350);
  CHECK(t.period(0) == Period::stim1);
  CHECK(t.period(99) == Period::stim1);
  CHECK(t.period(100) == Period::delay1);
  CHECK(t.period(149) == Period::delay1);
  CHECK(t.period(150) == Period::stim2);
  CHECK(t.period(249) == Period::stim2);
  CHECK(t.period(250) == Period::delay2);
  CHECK(t.period(299) == Period::delay2);
  CHECK(t.period(300) == Period::response);
  CHECK(t.period(349) == Period::response);
  CHECK(t.start(Period::response) == 300);
}

TEST_CASE("targets: class means in the delays, encoding of the sum in the response") {
  const SeqMatchTask task = default_task();
  double zd[2];
  // type 2 = (d1 = 1, d2 = 0)
  REQUIRE(task.memory_target(2, Period::delay1, zd));
  CHECK(zd[0] == 1.0);
  CHECK(zd[1] == -0.5);
  REQUIRE(task.memory_target(2, Period::delay2, zd));
  CHECK(zd[0] == -1.0);
  CHECK(zd[1] == 0.5);
  CHECK_FALSE(task.memory_target(2, Period::stim1, zd));
  CHECK_FALSE(task.memory_target(2, Period::response, zd));
  CHECK(task.output_target(0) == 1.0);  // 0 + 0
  CHECK(task.output_target(1) == 0.5);  // 0 + 1
  CHECK(task.output_target(2) == 0.5);  // 1 + 0
  CHECK(task.output_target(3) == 1.5);  // 1 + 1
}

TEST_CASE("trial types are balanced and shuffled by the key") {
  const auto a = SeqMatchTask::balanced_types(1, 3500);
  const auto b = SeqMatchTask::balanced_types(2, 3500);
  int count[4] = {0, 0, 0, 0};
  for (int t : a) count[t]++;
  for (int c : count) CHECK(c == 875);
  CHECK(a != b);
  CHECK(a == SeqMatchTask::balanced_types(1, 3500));
}

TEST_CASE("stimulus inputs are resampled every step around the class mean; zero elsewhere") {
  const SeqMatchTask task = default_task();
  double sum[2] = {0, 0}, prev[2] = {0, 0};
  int changed = 0;
  const int draws = 20000;
  for (int s = 0; s < draws; ++s) {
    double u[2];
    task.input(1, Period::stim2, 99, s, u);  // d2 = 1
    changed += s > 0 && u[0] != prev[0];
    prev[0] = u[0];
    sum[0] += u[0];
    sum[1] += u[1];
  }
  CHECK(changed == draws - 1);
  CHECK(sum[0] / draws == doctest::Approx(1.0).epsilon(0.01));
  CHECK(sum[1] / draws == doctest::Approx(-0.5).epsilon(0.02));
  double u[2];
  task.input(3, Period::delay1, 99, 5, u);
  CHECK(u[0] == 0.0);
  CHECK(u[1] == 0.0);
}

TEST_CASE("a latent table gives class means and draws only its own samples") {
  LatentTable t{{0, 0, 2, 2, 10, 20, 30, 40}, {0, 0, 1, 1}};
  const LatentSource s = LatentSource::from_table(t, "test");
  CHECK(s.class_mean(0)[0] == 1.0);
  CHECK(s.class_mean(1)[1] == 30.0);
  for (int i = 0; i < 100; ++i) {
    double u[2];
    s.sample(1, 5, i, u);
    CHECK(((u[0] == 10 && u[1] == 20) || (u[0] == 30 && u[1] == 40)));
  }
  LatentTable bad{{0, 0}, {2}};
  CHECK_THROWS_WITH(LatentSource::from_table(bad, "x.h5"),
                    doctest::Contains("labels must be 0 or 1"));
}
