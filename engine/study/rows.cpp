#include "study/rows.h"

#include <algorithm>

namespace wmsweep {

std::vector<double> rows_of(const std::vector<double>& colmajor, int n, int c, int n_max) {
  std::vector<double> out(static_cast<size_t>(n_max) * c, kNaN);
  if (colmajor.size() != static_cast<size_t>(n) * c) return out;
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < c; ++k)
      out[static_cast<size_t>(i) * c + k] = colmajor[static_cast<size_t>(k) * n + i];
  return out;
}

std::vector<double> padded(const std::vector<double>& v, int n_max) {
  std::vector<double> out(static_cast<size_t>(n_max), kNaN);
  std::copy_n(v.begin(), std::min<size_t>(v.size(), out.size()), out.begin());
  return out;
}

void put_costs(const std::vector<std::string>& phases, const std::vector<PhaseCost>& costs,
               std::map<std::string, std::vector<double>>& v) {
  std::vector<double> seconds(phases.size(), kNaN), peaks(phases.size(), kNaN);
  for (const PhaseCost& c : costs)
    for (size_t k = 0; k < phases.size(); ++k)
      if (phases[k] == c.name) {
        seconds[k] = c.seconds;
        peaks[k] = static_cast<double>(c.peak_bytes);
      }
  v["cost/seconds"] = seconds;
  v["cost/peak_bytes"] = peaks;
}

std::vector<Prefill> point_values(const GridPoint& p) {
  std::vector<Prefill> out;
  for (const GridAxis& a : p.axes()) {
    Prefill v{a.name, {}, {}};
    if (a.whole) v.wholes = {p.whole(a.name)};
    else v.reals = {p.real(a.name)};
    out.push_back(v);
  }
  return out;
}

void put_rnn_params(const RnnParams& p, int n, int n_max, int I, int O,
                    std::map<std::string, std::vector<double>>& v) {
  const int outputs = static_cast<int>(p.b_out.size());
  std::vector<double> w_rec(static_cast<size_t>(n_max) * n_max, kNaN);
  for (int post = 0; post < n; ++post)
    for (int pre = 0; pre < n; ++pre)
      w_rec[static_cast<size_t>(pre) * n_max + post] = p.w_rec[static_cast<size_t>(pre) * n + post];
  v["trained/w_rec"] = w_rec;
  std::vector<double> w_in(static_cast<size_t>(I) * n_max, kNaN);
  for (int k = 0; k < I; ++k)
    for (int i = 0; i < n; ++i) w_in[static_cast<size_t>(k) * n_max + i] = p.w_in[static_cast<size_t>(k) * n + i];
  v["trained/w_in"] = w_in;
  std::vector<double> w_out(static_cast<size_t>(n_max) * O, kNaN);  // [unit][output]
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < outputs; ++o)
      w_out[static_cast<size_t>(i) * O + o] = p.w_out[static_cast<size_t>(i) * outputs + o];
  v["trained/w_out"] = w_out;
  std::vector<double> b_out(static_cast<size_t>(O), kNaN);
  std::copy(p.b_out.begin(), p.b_out.end(), b_out.begin());
  v["trained/b_out"] = b_out;
  v["trained/b"] = padded(p.b, n_max);
  v["trained/x0"] = padded(p.x0, n_max);
}

}  // namespace wmsweep
