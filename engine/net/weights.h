#pragma once
// Weights of a rate network with output feedback (FORCE-trained)
//   dx/dt = ( −x + g·J·r + w_f·z + w_fd·z_d + w_i·u ) / τ,  r = tanh(x),  z = w_oᵀr,  z_d = w_dᵀr
// J depends only on (seed, n, pg); w_f, w_fd, w_i are one draw per (seed, n) scaled by
// 1/fb and 1/in. So networks differing only in g, fb, in share J exactly.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wmsweep {

struct Weights {
  int n = 0;
  double g = 1.0;
  std::shared_ptr<const std::vector<double>> J;  // (n, n) col-major, without g
  std::vector<double> w_f;                       // (n)
  std::vector<double> w_fd;                      // (n, 2) col-major
  std::vector<double> w_i;                       // (n, 2) col-major
  std::vector<double> x0;                        // (n) initial state
};

// Trained readouts; both start at zero.
struct Readouts {
  std::vector<double> w_o;  // (n)
  std::vector<double> w_d;  // (n, 2) col-major
};

// J (n, n): entries nonzero with probability pg, N(0,1)/sqrt(pg·n). Depends on (seed, n, pg).
std::shared_ptr<const std::vector<double>> draw_recurrent(uint64_t seed, int n, double pg);

// The other weights for (seed, n), scaled by this network's fb and in; J shared by the caller.
Weights draw_weights(std::shared_ptr<const std::vector<double>> J, uint64_t seed, int n,
                     double g, double fb, double in, const std::string& init, double x0_std);

// M (n, n) col-major = g·J + w_f w_oᵀ + w_fd w_dᵀ: the recurrence once readouts are frozen.
std::vector<double> closed_loop_matrix(const Weights& w, const Readouts& ro);

}  // namespace wmsweep
