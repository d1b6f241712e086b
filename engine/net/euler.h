#pragma once
// Euler-step kernels over flat column-major arrays. A batch is B independent trajectories,
// one per column; the matrix product that dominates each step (J·R or M·R) is done by the
// caller with linalg::matmul, once for the whole batch.
#include <cstddef>

namespace wmsweep {

// Training form, one network, readouts in the loop (M is never formed while they change):
//   x (n) += h·(−x + g·jr + w_f·z + w_fd·zd + w_i·u);  r (n) = tanh(x)
// jr (n) = J·r from the shared product; zd (2), u (2); w_fd, w_i (n, 2).
void euler_feedback_forward(int n, double h, double g, const double* jr, const double* w_f,
                            double z, const double* w_fd, const double* zd, const double* w_i,
                            const double* u, double* x, double* r);

// Closed-loop form, frozen readouts folded into M (analysis):
//   X (n, B) += h·(−X + MR + w_i·U);  R (n, B) = tanh(X)
// MR (n, B) = M·R from the caller; w_i (n, 2); U (2, B), or nullptr for no input.
// unchanged (B), if given: set to whether the column's state kept every bit, i.e. it sits
// on an exact fixed point of the Euler map and every later step would repeat it.
void euler_closed_forward(int n, int B, double h, const double* MR, const double* w_i,
                          const double* U, double* X, double* R, bool* unchanged = nullptr);

// Readouts of a batch: z (B) = w_oᵀR, zd (2, B) = w_dᵀR; R (n, B), w_o (n), w_d (n, 2).
void readout_forward(int n, int B, const double* w_o, const double* w_d, const double* R,
                     double* z, double* zd);

// ‖F‖ per column, F = −X + MR (the autonomous vector field, input off): speed (B).
void speed_forward(int n, int B, const double* X, const double* MR, double* speed);

}  // namespace wmsweep
