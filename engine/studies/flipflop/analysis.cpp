#include "studies/flipflop/analysis.h"

#include <cmath>

#include "util/resources.h"
#include "util/rng.h"

namespace wmsweep {

int readout_memory(const RnnParams& p, int n, int bits, const double* x) {
  int memory = 0;
  for (int c = 0; c < bits; ++c) {
    double y = p.b_out[c];
    for (int i = 0; i < n; ++i) y += p.w_out[static_cast<size_t>(i) * bits + c] * std::tanh(x[i]);
    if (y > 0) memory |= 1 << c;
  }
  return memory;
}

FlipFlopAnalysis analyse_flipflop(const FlipFlopTask& task, const RnnParams& p, int n,
                                  const FlipFlopAnalysisConfig& config, uint64_t key) {
  FlipFlopAnalysis out;
  const int C = task.bits, B = config.test_trials, T = task.steps;
  // Noise-free test trials, float64, from a stream training never drew from.
  Stopwatch clock;
  const FlipFlopBatch b = make_flipflop_batch(task, B, mix(key, tag("flipflop.test")));
  RnnLoss loss;
  loss.alpha = task.alpha();
  RnnTape tape;
  rnn_forward(RnnShape{n, C, C, B, T}, p, loss, b.u.data(), b.target.data(), b.mask.data(),
              nullptr, tape);
  out.accuracy = flipflop_accuracy(b, tape.y.data());
  out.seconds_test = clock.seconds();

  // Starts: `samples` states x_t evenly spaced over the B·T (step, trial) columns, plus noise.
  // The state after step t is tape block t + 1 (block 0 is x0), so column j is x block j + B.
  const int count = config.samples;
  const size_t columns = static_cast<size_t>(B) * T;
  const uint64_t noise_key = mix(key, tag("flipflop.starts"));
  std::vector<double> starts(static_cast<size_t>(n) * count);
  for (int k = 0; k < count; ++k) {
    const size_t from = (static_cast<size_t>(k) * columns / count + B) * n;
    for (int i = 0; i < n; ++i)
      starts[static_cast<size_t>(k) * n + i] =
          tape.x[from + i] + config.sample_noise * normal_at(noise_key, static_cast<uint64_t>(k) * n + i);
  }
  // Zero input: the autonomous system whose attractors hold the memories, F = −x + W tanh(x) + b.
  out.fixed_points = find_fixed_points(n, p.w_rec.data(), p.b.data(), starts.data(), count, config.finder);
  out.seconds_find = out.fixed_points.seconds_find;
  out.seconds_eigen = out.fixed_points.seconds_eigen;

  const std::vector<FixedPoint>& points = out.fixed_points.points;
  out.memory_point.assign(static_cast<size_t>(1) << C, -1);
  for (int k = 0; k < static_cast<int>(points.size()); ++k) {
    const FixedPoint& q = points[k];
    const int memory = readout_memory(p, n, C, q.x.data());
    if (k < config.max_points) out.point_memory.push_back(memory);
    if (q.kind == PointKind::stable) {
      ++out.stable;
      // points come by descending start count: the first is the most visited
      if (out.memory_point[memory] < 0) out.memory_point[memory] = k;
    } else if (q.kind == PointKind::saddle) {
      if (out.saddles++ < config.max_points) out.saddle_unstable.push_back(q.unstable);
    }
  }
  for (int m : out.memory_point) out.memories_held += m >= 0;
  return out;
}

}  // namespace wmsweep
