#include "sweep/rows.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

// fixed_points/* and cost/fixed_points of one network's set (n units)
void put_fixed_points(const StoreShape& shape, const FixedPointSet& set, int n,
                      std::map<std::string, std::vector<double>>& v) {
  const int n_max = shape.n_max;
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
}

// cost/seconds and cost/peak_bytes, in the study's phase order (NaN: the phase did not run)
void put_costs(const StoreShape& shape, const std::vector<PhaseCost>& costs,
               std::map<std::string, std::vector<double>>& v) {
  const std::vector<std::string>& phases = cost_phases(shape.study);
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

}  // namespace

Row to_row(const StoreShape& shape, const NetworkResult& r) {
  Row row;
  row.status = r.ok ? 1 : 2;
  row.reason = r.reason;
  auto& v = row.values;
  put_costs(shape, r.phases, v);
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
  v["error/study_rate"] = r.error.study_rate;
  v["error/study_rmse"] = r.error.study_rmse;
  v["error/trained"] = {r.trained ? 1.0 : 0.0};
  v["probes_skipped"] = {r.skipped ? 1.0 : 0.0};
  if (!r.error.phasic.empty()) {
    v["phasic_runs"] = r.error.phasic;
    v["phasic"] = {phasic_mean(r.error, 0), phasic_mean(r.error, 1)};
  }
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
    put_fixed_points(shape, r.fixed_points, n, v);
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

namespace wmsweep {

Row to_row(const StoreShape& shape, const OrientationResult& r) {
  Row row;
  row.status = r.ok ? 1 : 2;
  row.reason = r.reason;
  auto& v = row.values;
  put_costs(shape, r.phases, v);
  const BpttResult& t = r.training;
  v["train/iterations"] = {static_cast<double>(t.iterations)};
  v["train/reached"] = {t.reached ? 1.0 : 0.0};
  std::vector<double> curve_loss(static_cast<size_t>(shape.curve), kNaN), curve_error = curve_loss;
  std::copy_n(t.loss.begin(), std::min(t.loss.size(), curve_loss.size()), curve_loss.begin());
  std::copy_n(t.error_deg.begin(), std::min(t.error_deg.size(), curve_error.size()), curve_error.begin());
  v["train/loss"] = curve_loss;
  v["train/error_deg"] = curve_error;
  if (!r.ok) return row;
  const int n = r.point.n, n_max = shape.n_max, I = shape.inputs, O = shape.outputs;
  const RnnParams& p = t.params;
  const int outputs = static_cast<int>(p.b_out.size());
  // col-major parameters → the schema's row-major layouts, padded with NaN to n_max
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
  if (r.has_geometry) {
    const TorusGeometry& g = r.torus;
    v["torus/pca4"] = {g.pca4};
    v["torus/angles"] = {g.angle1, g.angle2};
    v["torus/radius_ratio"] = {g.radius_ratio};
    v["torus/additivity"] = {g.additivity};
    const auto& names = torus_label_names();
    v["torus/label"] = {static_cast<double>(std::find(names.begin(), names.end(), g.label) - names.begin())};
    const ConnectivityProfiles& c = r.connectivity;
    v["connectivity/sets"] = {static_cast<double>(c.set1), static_cast<double>(c.set2)};
    v["connectivity/offset"] = {c.offset1, c.offset2, c.offset_across};
    v["connectivity/amplitude"] = {c.amplitude1, c.amplitude2, c.amplitude_across};
    std::vector<double> profile = c.within1;
    profile.insert(profile.end(), c.within2.begin(), c.within2.end());
    profile.insert(profile.end(), c.across.begin(), c.across.end());
    v["connectivity/profile"] = profile;
    v["code/selective"] = {static_cast<double>(r.code.selective)};
    v["code/moved"] = {r.code.moved};
    v["code/switched"] = {r.code.switched};
    v["code/cross_error_deg"] = {r.code.cross_error_deg};
    v["code/same_error_deg"] = {r.code.same_error_deg};
  }
  if (r.has_behaviour) {
    const Behaviour& b = r.behaviour;
    v["behaviour/error_deg"] = {r.behaviour_error_deg};
    std::vector<double> repulsion = b.repulsion1;
    repulsion.insert(repulsion.end(), b.repulsion2.begin(), b.repulsion2.end());
    v["behaviour/repulsion"] = repulsion;
    v["behaviour/count"] = std::vector<double>(b.count.begin(), b.count.end());
    v["behaviour/repulsion_small"] = {b.repulsion_small, b.repulsion_se};
    v["behaviour/correlation_small"] = {b.correlation_small};
    v["behaviour/n_small"] = {static_cast<double>(b.n_small)};
    v["behaviour/human"] = {b.human_signature ? 1.0 : 0.0};
  }
  if (r.has_fixed_points) put_fixed_points(shape, r.fixed_points, n, v);
  return row;
}

std::string row_summary(const OrientationResult& r) {
  if (!r.ok) return "FAILED: " + r.reason;
  std::ostringstream s;
  char error[32];
  std::snprintf(error, sizeof error, "%.2f°", r.training.error_deg.empty() ? kNaN : r.training.error_deg.back());
  s << "ok, " << r.training.iterations << " iterations, error " << error
    << (r.training.reached ? "" : " (threshold not reached)");
  if (r.has_geometry) s << ", torus " << r.torus.label;
  if (r.has_behaviour) s << (r.behaviour.human_signature ? ", human signature" : ", no human signature");
  if (r.has_fixed_points) s << ", " << r.fixed_points.points.size() << " fixed points";
  if (!r.fixed_points_skipped.empty()) s << ", no fixed points sought (" << r.fixed_points_skipped << ")";
  return s.str();
}

}  // namespace wmsweep
