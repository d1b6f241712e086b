#pragma once
// Backpropagation through time for the study-2 continuous-time network, a batch at once
// (spec: seed2-two-orientations.md, "Network and training"), in float64:
//   x_t (N, B) = (1 − α)·x_{t−1} + α·(W_rec r_{t−1} + W_in u_t + b) + n_t,   t = 1 … T
//   r_t = φ(x_t),  y_t (O, B) = W_out r_t + b_out,  x_0 = the trained initial state (N), every column
// with α = dt/τ, φ = tanh or retanh (max(0, tanh)), n_t the recurrent noise (σ·√(2α)·ξ,
// drawn by the caller; nullptr: none). Float32 for training, float64 for the checks.
// Serial in time: W_rec·r forward and W_recᵀ·g backward, the engine's own AVX-512 product
// (linalg/matmul.h). The readout's products run once over all T·B columns (BLAS); steps whose
// input is all zero skip the input products.
//   loss = Σ_{t,b} m_tb Σ_o w_o (y_tbo − ŷ_tbo)² / (O Σ m)      task: masked MSE
//        + λ_r · mean(r²)                                      rates, over t, b, units
//        + λ_w · (‖W_rec‖² + ‖W_in‖² + ‖W_out‖²)                weights
// Arrays are column-major; a time series is T blocks of (rows, B).
#include <type_traits>
#include <vector>

namespace wmsweep {

enum class Activation { tanh, retanh };

struct RnnShape {
  int n = 0, inputs = 0, outputs = 0, batch = 0, steps = 0;
};

template <class Real>
struct RnnParamsT {  // the trained parameters, also the layout of their gradients
  std::vector<Real> w_rec, w_in, b, w_out, b_out, x0;  // (N,N) (N,I) (N) (O,N) (O) (N)
  static RnnParamsT zeros(const RnnShape& s);
  std::vector<std::vector<Real>*> blocks() { return {&w_rec, &w_in, &b, &w_out, &b_out, &x0}; }
  std::vector<const std::vector<Real>*> blocks() const {
    return {&w_rec, &w_in, &b, &w_out, &b_out, &x0};
  }
};
using RnnParams = RnnParamsT<double>;

struct RnnLoss {
  double alpha = 0.1, rate_l2 = 0, weight_l2 = 0;
  Activation act = Activation::tanh;
  std::vector<double> output_weight;  // (O), empty: all 1
};

// Activations kept for the backward pass.
template <class Real>
struct RnnTapeT {
  std::vector<Real> x, r, y;  // (N, B) × (T + 1) with x_0 first; r likewise; y (O, B) × T
};
using RnnTape = RnnTapeT<double>;

// forward: fills tape, returns the loss (task + rates + weights); task_loss, if given, gets
// the task term alone. u (I, B) × T, target (O, B) × T, mask (B) × T, noise (N, B) × T or null.
// The loss is summed in float64 at either precision.
template <class Real>
double rnn_forward(const RnnShape& s, const RnnParamsT<Real>& p, const RnnLoss& l, const Real* u,
                   const Real* target, const Real* mask, const std::common_type_t<Real>* noise,
                   RnnTapeT<Real>& tape, double* task_loss = nullptr);  // (noise may be nullptr)

// backward: the gradient of that loss with respect to every parameter, into grad (resized).
template <class Real>
void rnn_backward(const RnnShape& s, const RnnParamsT<Real>& p, const RnnLoss& l, const Real* u,
                  const Real* target, const Real* mask, const RnnTapeT<Real>& tape,
                  RnnParamsT<Real>& grad);

}  // namespace wmsweep
