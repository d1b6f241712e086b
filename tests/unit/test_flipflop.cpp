#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "studies/flipflop/analysis.h"
#include "studies/flipflop/train.h"

using namespace wmsweep;

TEST_CASE("flipflop task: each target is the sign of its channel's last pulse; onsets are masked") {
  FlipFlopTask task;
  const int C = task.bits, B = 16, T = task.steps;
  const FlipFlopBatch b = make_flipflop_batch(task, B, 7);
  REQUIRE(b.u.size() == static_cast<size_t>(C) * B * T);
  REQUIRE(b.target.size() == b.u.size());
  REQUIRE(b.mask.size() == static_cast<size_t>(B) * T);
  auto at = [&](int t, int k, int c) { return (static_cast<size_t>(t) * B + k) * C + c; };
  long pulse_steps = 0;
  for (int k = 0; k < B; ++k)
    for (int c = 0; c < C; ++c) {
      CHECK(b.u[at(0, k, c)] != 0.0);  // every channel opens with a pulse
      double last = 0;
      int run = 0;  // length of the current stretch of equal nonzero input
      for (int t = 0; t < T; ++t) {
        const double u = b.u[at(t, k, c)];
        CHECK((u == 0.0 || u == 1.0 || u == -1.0));
        if (u != 0) last = u, ++pulse_steps;
        CHECK(b.target[at(t, k, c)] == last);
        // a new pulse (input from silence, or a flip of sign) starts a masked settle window
        const double before = t > 0 ? b.u[at(t - 1, k, c)] : 0.0;
        if (u != 0 && u != before)
          for (int s = t; s < std::min(T, t + task.settle_steps); ++s)
            CHECK(b.mask[static_cast<size_t>(s) * B + k] == 0.0);
        // pulses come whole: a stretch of one sign is a multiple of pulse_steps, or cut at T
        run = u != 0 && u == before ? run + 1 : u != 0 ? 1 : 0;
        const double next = t + 1 < T ? b.u[at(t + 1, k, c)] : 0.0;
        if (u != 0 && next != u && t + 1 < T) CHECK(run % task.pulse_steps == 0);
      }
    }
  // pulses at about the nominal rate: 1 at t = 0 plus ~rate·T per channel, pulse_steps long
  const double per_channel = static_cast<double>(pulse_steps) / (task.pulse_steps * B * C);
  CHECK(per_channel > 0.5 * (1 + task.pulse_rate * T));
  CHECK(per_channel < 1.5 * (1 + task.pulse_rate * T));
  // most steps are scored
  const double scored = std::count(b.mask.begin(), b.mask.end(), 1.0) / static_cast<double>(B * T);
  CHECK(scored > 0.5);
  CHECK(scored < 0.95);
  // the accuracy: 1 for the targets themselves, 0 for their negation
  std::vector<double> y = b.target;
  CHECK(flipflop_accuracy(b, y.data()) == 1.0);
  for (double& v : y) v = -v;
  CHECK(flipflop_accuracy(b, y.data()) == 0.0);
}

TEST_CASE("flipflop determinism: the same key gives the same bits; a trial does not depend on B") {
  FlipFlopTask task;
  const FlipFlopBatch a = make_flipflop_batch(task, 8, 42), again = make_flipflop_batch(task, 8, 42),
                      other = make_flipflop_batch(task, 8, 43), wide = make_flipflop_batch(task, 12, 42);
  CHECK(a.u == again.u);
  CHECK(a.target == again.target);
  CHECK(a.mask == again.mask);
  CHECK(a.u != other.u);
  const int C = task.bits;
  for (int t = 0; t < task.steps; ++t)
    for (int k = 0; k < 8; ++k) {
      for (int c = 0; c < C; ++c)
        CHECK(a.u[(static_cast<size_t>(t) * 8 + k) * C + c] == wide.u[(static_cast<size_t>(t) * 12 + k) * C + c]);
      CHECK(a.mask[static_cast<size_t>(t) * 8 + k] == wide.mask[static_cast<size_t>(t) * 12 + k]);
    }
  // training: 30 iterations twice, bit for bit (float32 and float64)
  for (bool f64 : {false, true}) {
    FlipFlopTrainConfig c;
    c.n = 16;
    c.batch = 8;
    c.max_iterations = 30;
    c.float64 = f64;
    const FlipFlopTraining r1 = train_flipflop(task, c, 5), r2 = train_flipflop(task, c, 5),
                           r3 = train_flipflop(task, c, 6);
    CHECK(r1.iterations == 30);
    CHECK(r1.loss == r2.loss);
    const auto b1 = r1.params.blocks(), b2 = r2.params.blocks();
    for (size_t i = 0; i < b1.size(); ++i) CHECK(*b1[i] == *b2[i]);
    CHECK(r1.params.w_rec != r3.params.w_rec);
  }
}

TEST_CASE("flipflop end to end: n = 32 learns; 8 stable points, one per memory, saddles between") {
  const FlipFlopTask task;
  FlipFlopTrainConfig c;  // the defaults, at n = 32
  c.n = 32;
  std::vector<double> fractions;
  const FlipFlopTraining tr = train_flipflop(task, c, 1, [&](double f) { fractions.push_back(f); });
  MESSAGE("iterations " << tr.iterations << ", task loss " << tr.task_loss.back() << ", batch accuracy "
                        << tr.accuracy.back());
  REQUIRE(tr.reached);
  CHECK(tr.task_loss.back() <= c.threshold);
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));
  CHECK(fractions.back() == 1.0);

  const FlipFlopAnalysis a = analyse_flipflop(task, tr.params, c.n, FlipFlopAnalysisConfig{}, 1);
  const FixedPointSet& set = a.fixed_points;
  std::string unstable;
  for (int u : a.saddle_unstable) unstable += std::to_string(u) + " ";
  MESSAGE("accuracy " << a.accuracy << ", points " << set.points.size() << ", stable " << a.stable
                      << ", saddles " << a.saddles << " (unstable: " << unstable << "), find "
                      << a.seconds_find << " s");
  CHECK(a.accuracy > 0.98);
  CHECK(a.stable == 8);
  CHECK(a.memories_held == 8);
  for (int m = 0; m < 8; ++m) {  // each memory's stable point reads out as that memory
    REQUIRE(a.memory_point[m] >= 0);
    CHECK(set.points[a.memory_point[m]].kind == PointKind::stable);
    CHECK(a.point_memory[a.memory_point[m]] == m);
    CHECK(readout_memory(tr.params, c.n, 3, set.points[a.memory_point[m]].x.data()) == m);
  }
  CHECK(a.saddles >= 1);
  CHECK(std::count(a.saddle_unstable.begin(), a.saddle_unstable.end(), 1) >= 1);
  CHECK(a.point_memory.size() == std::min<size_t>(set.points.size(), 64));
}
