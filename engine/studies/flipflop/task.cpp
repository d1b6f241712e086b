#include "studies/flipflop/task.h"

#include <algorithm>

#include "util/rng.h"

namespace wmsweep {

FlipFlopBatch make_flipflop_batch(const FlipFlopTask& task, int batch, uint64_t key) {
  FlipFlopBatch out;
  make_flipflop_batch(task, batch, key, out);
  return out;
}

void make_flipflop_batch(const FlipFlopTask& task, int batch, uint64_t key, FlipFlopBatch& out) {
  const int C = task.bits, B = batch, T = task.steps;
  out.bits = C, out.batch = B, out.steps = T;
  out.u.assign(static_cast<size_t>(C) * B * T, 0.0);
  out.target.assign(out.u.size(), 0.0);
  out.mask.assign(static_cast<size_t>(B) * T, 1.0);
  // Two streams: onsets and signs, each indexed by (trial, channel, step), so a trial's pulses
  // do not depend on the batch size or on T beyond its own steps.
  const uint64_t onset_key = mix(key, tag("flipflop.onset")), sign_key = mix(key, tag("flipflop.sign"));
  for (int b = 0; b < B; ++b)
    for (int c = 0; c < C; ++c) {
      const uint64_t base = (static_cast<uint64_t>(b) * C + c) * static_cast<uint64_t>(T);
      double held = 0;  // the sign this output holds
      int pulse_end = 0;  // the channel is busy until this step
      for (int t = 0; t < T; ++t) {
        const bool onset = t == 0 || (t >= pulse_end && uniform_at(onset_key, base + t) < task.pulse_rate);
        if (onset) {
          held = uniform_at(sign_key, base + t) < 0.5 ? -1.0 : 1.0;
          pulse_end = t + task.pulse_steps;
          for (int s = t; s < std::min(T, t + task.settle_steps); ++s)
            out.mask[static_cast<size_t>(s) * B + b] = 0;
        }
        const size_t at = (static_cast<size_t>(t) * B + b) * C + c;
        if (t < pulse_end) out.u[at] = held;
        out.target[at] = held;  // from the onset on: the pulse's sign
      }
    }
}

namespace {
template <class Real>
double accuracy(const FlipFlopBatch& b, const Real* y) {
  const int C = b.bits;
  long right = 0, scored = 0;
  for (size_t col = 0; col < b.mask.size(); ++col) {  // col = t·B + trial
    if (b.mask[col] == 0) continue;
    for (int c = 0; c < C; ++c) {
      const size_t at = col * C + c;
      right += (y[at] > 0) == (b.target[at] > 0);
      ++scored;
    }
  }
  return scored ? static_cast<double>(right) / scored : 0.0;
}
}  // namespace

double flipflop_accuracy(const FlipFlopBatch& b, const double* y) { return accuracy(b, y); }
double flipflop_accuracy(const FlipFlopBatch& b, const float* y) { return accuracy(b, y); }

}  // namespace wmsweep
