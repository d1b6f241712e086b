#pragma once
// A trained network with frozen readouts, stepping a batch of trajectories at once:
//   X (n, B) += h·(−X + M·R + w_i·U),  R = tanh(X),  z = w_oᵀR,  zd = w_dᵀR
// with M = g·J + w_f w_oᵀ + w_fd w_dᵀ formed once. Columns can be removed from a batch
// (an exact fixed point needs no more steps) without changing any other column's bits.
#include <vector>

#include "linalg/matmul.h"
#include "net/weights.h"

namespace wmsweep {

struct Batch {
  int n = 0, cols = 0;
  std::vector<double> X, R, MR;  // (n, cols)
  std::vector<double> z, zd;     // (cols), (2, cols)
  std::vector<int> id;           // the caller's run index of each column

  Batch(int n, int capacity);
  double* x(int c) { return X.data() + static_cast<size_t>(c) * n; }
  // Appends a column in state x (n); r, z, zd follow from it.
  void push(const double* x, int run_id, const std::vector<double>& w_o,
            const std::vector<double>& w_d);
  // Moves the last column into c (order of the rest is kept otherwise).
  void remove(int c);
};

class ClosedLoop {
 public:
  ClosedLoop(const Weights& w, const Readouts& ro, double h);

  int n() const { return n_; }
  double h() const { return h_; }
  const std::vector<double>& w_o() const { return w_o_; }
  const std::vector<double>& w_d() const { return w_d_; }

  // MR = M·R for the batch's columns
  void product(Batch& b) const;
  // Euler update from MR, then R, z, zd. U (2, cols) or nullptr; unchanged (cols) optional.
  void advance(Batch& b, const double* U, bool* unchanged = nullptr) const;
  void step(Batch& b, const double* U) const {
    product(b);
    advance(b, U);
  }

 private:
  int n_;
  double h_;
  linalg::PackedMatrix M_;
  std::vector<double> w_i_, w_o_, w_d_;
};

}  // namespace wmsweep
