#pragma once
// The 3-bit flip-flop (Sussillo & Barak 2013, "Opening the black box"): `bits` input channels
// carry sparse ±1 pulses; output c must hold the sign of the last pulse on channel c. The
// network's memory is then a set of 2^bits states, which a trained tanh network usually holds
// as stable fixed points with saddles between them: the study asks how it does.
// A batch is a pure function of (task, batch, key): the same bits on any machine.
#include <cstdint>
#include <vector>

namespace wmsweep {

struct FlipFlopTask {
  int bits = 3;            // channels = inputs = outputs
  int steps = 200;         // T: 20 τ, long enough that a leaky memory visibly fails
  double dt = 1, tau = 10; // α = dt/τ = 0.1, the network's leak per step
  // Pulse onsets per step per channel (a Bernoulli draw while no pulse is on the channel):
  // 0.02 gives about 4 pulses per channel per trial, so holds of 50 steps (5 τ) on average and
  // up to the whole trial, and half the pulses flip the bit.
  double pulse_rate = 0.02;
  int pulse_steps = 2;     // a pulse's length: brief next to τ, as in the original task
  // Steps from any pulse's onset left out of the loss (mask 0). With α = 0.1 the state cannot
  // cross over within a step or two; scoring the crossing would make the loss mostly about
  // switching speed, which the study does not ask about. 6 steps cover the pulse and ~½ τ after.
  int settle_steps = 6;
  double alpha() const { return dt / tau; }
};

// Every trial opens with a pulse on every channel at t = 0 (random signs), so every output has
// a defined target from the first step; the first settle_steps are masked like any pulse's.
struct FlipFlopBatch {
  int bits = 0, batch = 0, steps = 0;
  // u (I = bits, B) × T, target (O = bits, B) × T, mask (B) × T: the layout rnn_forward reads
  std::vector<double> u, target, mask;
};

FlipFlopBatch make_flipflop_batch(const FlipFlopTask& task, int batch, uint64_t key);
// The same into `out`, reusing its storage (the trainer draws one batch per iteration).
void make_flipflop_batch(const FlipFlopTask& task, int batch, uint64_t key, FlipFlopBatch& out);

// The fraction of masked (step, trial, output) entries where sign(y) equals the target's sign.
// y (bits, B) × T as in the tape (float32 while training, float64 in the analysis).
double flipflop_accuracy(const FlipFlopBatch& b, const double* y);
double flipflop_accuracy(const FlipFlopBatch& b, const float* y);

}  // namespace wmsweep
