#include "net/euler.h"

#include <cmath>
#include <cstring>

#include "linalg/vmath.h"

namespace wmsweep {

void euler_feedback_forward(int n, double h, double g, const double* jr, const double* w_f,
                            double z, const double* w_fd, const double* zd, const double* w_i,
                            const double* u, double* x, double* r) {
  const double* w_fd1 = w_fd + n;
  const double* w_i1 = w_i + n;
  for (int i = 0; i < n; ++i) {
    const double drive = g * jr[i] + w_f[i] * z + w_fd[i] * zd[0] + w_fd1[i] * zd[1] +
                         w_i[i] * u[0] + w_i1[i] * u[1];
    x[i] += h * (drive - x[i]);
  }
  linalg::tanh_into(x, r, static_cast<size_t>(n));
}

void euler_closed_forward(int n, int B, double h, const double* MR, const double* w_i,
                          const double* U, double* X, double* R, bool* unchanged) {
  const size_t un = static_cast<size_t>(n);
  for (int b = 0; b < B; ++b) {
    double* x = X + b * un;
    const double* mr = MR + b * un;
    bool same = true;
    if (U) {
      const double u0 = U[2 * b], u1 = U[2 * b + 1];
      for (size_t i = 0; i < un; ++i) {
        const double next = x[i] + h * (mr[i] + w_i[i] * u0 + w_i[un + i] * u1 - x[i]);
        same &= next == x[i];
        x[i] = next;
      }
    } else {
      for (size_t i = 0; i < un; ++i) {
        const double next = x[i] + h * (mr[i] - x[i]);
        same &= next == x[i];
        x[i] = next;
      }
    }
    if (unchanged) unchanged[b] = same;
  }
  linalg::tanh_into(X, R, un * static_cast<size_t>(B));
}

void readout_forward(int n, int B, const double* w_o, const double* w_d, const double* R,
                     double* z, double* zd) {
  const size_t un = static_cast<size_t>(n);
  const double* w_d1 = w_d + un;
  for (int b = 0; b < B; ++b) {
    const double* r = R + b * un;
    double a = 0, c = 0, d = 0;
    for (size_t i = 0; i < un; ++i) {
      a += w_o[i] * r[i];
      c += w_d[i] * r[i];
      d += w_d1[i] * r[i];
    }
    z[b] = a;
    zd[2 * b] = c;
    zd[2 * b + 1] = d;
  }
}

void speed_forward(int n, int B, const double* X, const double* MR, double* speed) {
  const size_t un = static_cast<size_t>(n);
  for (int b = 0; b < B; ++b) {
    double s = 0;
    for (size_t i = 0; i < un; ++i) {
      const double f = MR[b * un + i] - X[b * un + i];
      s += f * f;
    }
    speed[b] = std::sqrt(s);
  }
}

}  // namespace wmsweep
