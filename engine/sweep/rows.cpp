#include "sweep/rows.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace wmsweep {
namespace {

const double kNaN = std::nan("");

// (n, c) col-major → (n_max, c) row-major, NaN below row n
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

}  // namespace

Row to_row(const StoreShape& shape, const NetworkResult& r) {
  Row row;
  row.status = r.ok ? 1 : 2;
  row.reason = r.reason;
  auto& v = row.values;
  const std::vector<std::string>& phases = cost_phases();
  std::vector<double> seconds(phases.size(), kNaN), peaks(phases.size(), kNaN);
  for (const PhaseCost& c : r.phases)
    for (size_t k = 0; k < phases.size(); ++k)
      if (phases[k] == c.name) {
        seconds[k] = c.seconds;
        peaks[k] = static_cast<double>(c.peak_bytes);
      }
  v["cost/seconds"] = seconds;
  v["cost/peak_bytes"] = peaks;
  const int n = r.weights.n, n_max = shape.n_max;
  if (shape.weights && r.weights.J) {
    std::vector<double> J(static_cast<size_t>(n_max) * n_max, kNaN);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j)
        J[static_cast<size_t>(i) * n_max + j] = (*r.weights.J)[static_cast<size_t>(j) * n + i];
    v["init/J"] = J;
    v["init/w_f"] = padded(r.weights.w_f, n_max);
    v["init/w_fd"] = rows_of(r.weights.w_fd, n, 2, n_max);
    v["init/w_i"] = rows_of(r.weights.w_i, n, 2, n_max);
    v["init/x0"] = padded(r.weights.x0, n_max);
  }
  if (!r.ok) return row;

  v["trained/w_o"] = padded(r.readouts.w_o, n_max);
  v["trained/w_d"] = rows_of(r.readouts.w_d, n, 2, n_max);
  v["end_states"] = rows_of(r.end_states, n, 4, n_max);
  v["error/rate"] = r.error.rate;
  v["error/rmse"] = r.error.rmse;
  v["phasic"] = {r.test.phasic_delay1, r.test.phasic_response};
  if (r.has_longrun) {
    const LongRun& l = r.longrun;
    for (auto [name, stats, label] : {std::tuple{"a", &l.a, &l.label_a}, {"b", &l.b, &l.label_b}}) {
      const std::string g = std::string("classify/") + name;
      v[g + "/label"] = {static_cast<double>(static_cast<int>(label->mechanism))};
      v[g + "/distinct"] = {static_cast<double>(label->distinct)};
      v[g + "/settled"] = {label->settled ? 1.0 : 0.0};
      v[g + "/mean"] = stats->mean;
      v[g + "/var"] = stats->var;
      v[g + "/last"] = stats->last;
    }
    // l.speed is (speed_at, 4) col-major; the column is (speed_at, 4) row-major
    v["speed"] = rows_of(l.speed, shape.speed_at, 4, shape.speed_at);
  }
  if (r.has_fixed_points) {
    const FixedPointSet& set = r.fixed_points;
    const size_t P = static_cast<size_t>(shape.points), K = static_cast<size_t>(shape.keep);
    const size_t stored = std::min(P, set.points.size());
    std::vector<double> kind(P, -1.0), q(P, kNaN), unstable(P, -1.0), slow(P, -1.0),
        hits(P, -1.0), eig(P * K * 2, kNaN), x(static_cast<size_t>(n) * P, kNaN);
    for (size_t p = 0; p < stored; ++p) {
      const FixedPoint& fp = set.points[p];
      kind[p] = static_cast<int>(fp.kind);
      q[p] = fp.q;
      unstable[p] = fp.unstable;
      slow[p] = fp.slow;
      hits[p] = fp.starts;
      const std::vector<double> pairs = eigenvalue_pairs(fp, shape.keep);
      std::copy(pairs.begin(), pairs.end(), eig.begin() + static_cast<long>(p * K * 2));
      std::copy(fp.x.begin(), fp.x.end(), x.begin() + static_cast<long>(p) * n);
    }
    const auto kinds = kind_counts(set);
    v["fixed_points/count"] = {static_cast<double>(set.points.size())};
    v["fixed_points/kinds"] = std::vector<double>(kinds.begin(), kinds.end());
    v["fixed_points/starts"] = {static_cast<double>(set.starts.size())};
    v["fixed_points/unconverged"] = {static_cast<double>(unconverged_starts(set))};
    std::vector<double> start_point(static_cast<size_t>(std::max(shape.fp_starts, 1)), -1.0);
    for (size_t k = 0; k < std::min(start_point.size(), set.starts.size()); ++k)
      start_point[k] = set.starts[k].point;
    v["fixed_points/start_point"] = start_point;
    v["fixed_points/iterations"] = {static_cast<double>(set.iterations)};
    v["cost/fixed_points"] = {set.seconds_find, set.seconds_eigen};
    v["fixed_points/scale"] = {set.scale};
    v["fixed_points/kind"] = kind;
    v["fixed_points/q"] = q;
    v["fixed_points/unstable"] = unstable;
    v["fixed_points/slow"] = slow;
    v["fixed_points/hits"] = hits;
    v["fixed_points/eigenvalues"] = eig;
    v["fixed_points/x"] = rows_of(x, n, shape.points, n_max);
    std::vector<double> point, mkind, distance, fraction, focus;
    for (const MemorySite& m : r.memories) {
      point.push_back(m.point);
      mkind.push_back(m.point < 0 ? -1 : static_cast<int>(m.kind));
      distance.push_back(m.point < 0 ? kNaN : m.distance);
      fraction.push_back(m.point < 0 ? kNaN : m.slow_fraction);
      focus.push_back(m.focus ? 1 : 0);
    }
    v["memory/point"] = point;
    v["memory/kind"] = mkind;
    v["memory/distance"] = distance;
    v["memory/slow_fraction"] = fraction;
    v["memory/focus"] = focus;
    v["dynamics/label"] = {static_cast<double>(static_cast<int>(r.dynamics))};
  }
  if (r.has_robustness) {
    v["robustness/fail_end"] = r.robustness.fail_end;
    v["robustness/fail_settle"] = r.robustness.fail_settle;
  }
  if (r.has_forgetting) {
    v["forgetting/fail_end"] = r.forgetting.fail_end;
    v["forgetting/fail_settle"] = r.forgetting.fail_settle;
  }
  return row;
}

std::string row_summary(const NetworkResult& r) {
  std::ostringstream s;
  if (!r.ok) return "FAILED: " + r.reason;
  s << "ok";
  if (r.has_longrun)
    s << ", A " << mechanism_name(r.longrun.label_a.mechanism) << ", B "
      << mechanism_name(r.longrun.label_b.mechanism);
  if (r.has_fixed_points)
    s << ", dynamics " << mechanism_name(r.dynamics) << " (" << r.fixed_points.points.size()
      << " points)";
  return s.str();
}

}  // namespace wmsweep
