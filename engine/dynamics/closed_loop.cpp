#include "dynamics/closed_loop.h"

#include <algorithm>

#include "linalg/vmath.h"
#include "net/euler.h"

namespace wmsweep {

Batch::Batch(int n_, int capacity) : n(n_) {
  const size_t cells = static_cast<size_t>(n_) * capacity;
  X.resize(cells);
  R.resize(cells);
  MR.resize(cells);
  z.resize(capacity);
  zd.resize(2 * static_cast<size_t>(capacity));
  id.resize(capacity);
}

void Batch::push(const double* x_in, int run_id, const std::vector<double>& w_o,
                 const std::vector<double>& w_d) {
  const int c = cols++;
  std::copy_n(x_in, n, x(c));
  linalg::tanh_into(x(c), R.data() + static_cast<size_t>(c) * n, static_cast<size_t>(n));
  readout_forward(n, 1, w_o.data(), w_d.data(), R.data() + static_cast<size_t>(c) * n, &z[c],
                  &zd[2 * c]);
  id[c] = run_id;
}

void Batch::remove(int c) {
  const int last = --cols;
  if (c == last) return;
  const size_t un = static_cast<size_t>(n);
  std::copy_n(X.data() + last * un, un, X.data() + c * un);
  std::copy_n(R.data() + last * un, un, R.data() + c * un);
  std::copy_n(MR.data() + last * un, un, MR.data() + c * un);
  z[c] = z[last];
  zd[2 * c] = zd[2 * last];
  zd[2 * c + 1] = zd[2 * last + 1];
  id[c] = id[last];
}

ClosedLoop::ClosedLoop(const Weights& w, const Readouts& ro, double h)
    : n_(w.n), h_(h), w_i_(w.w_i), w_o_(ro.w_o), w_d_(ro.w_d) {
  const std::vector<double> M = closed_loop_matrix(w, ro);
  M_ = linalg::PackedMatrix(M.data(), n_, n_, n_);
}

void ClosedLoop::product(Batch& b) const {
  if (b.cols > 0) linalg::matmul(M_, b.R.data(), n_, b.cols, b.MR.data(), n_);
}

void ClosedLoop::advance(Batch& b, const double* U, bool* unchanged) const {
  euler_closed_forward(n_, b.cols, h_, b.MR.data(), w_i_.data(), U, b.X.data(), b.R.data(),
                       unchanged);
  readout_forward(n_, b.cols, w_o_.data(), w_d_.data(), b.R.data(), b.z.data(), b.zd.data());
}

}  // namespace wmsweep
