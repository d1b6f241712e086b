#include "studies/orientations/rows.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "study/fixed_points.h"
#include "study/rows.h"

namespace wmsweep {

Row to_row(const OrientationsSpec& spec, const OrientationResult& r) {
  Row row;
  row.status = r.ok ? 1 : 2;
  row.reason = r.reason;
  auto& v = row.values;
  put_costs(spec.phases(), r.phases, v);
  const BpttResult& t = r.training;
  v["train/iterations"] = {static_cast<double>(t.iterations)};
  v["train/reached"] = {t.reached ? 1.0 : 0.0};
  std::vector<double> curve_loss(static_cast<size_t>(spec.config.train.max_iterations), kNaN), curve_error = curve_loss;
  std::copy_n(t.loss.begin(), std::min(t.loss.size(), curve_loss.size()), curve_loss.begin());
  std::copy_n(t.error_deg.begin(), std::min(t.error_deg.size(), curve_error.size()), curve_error.begin());
  v["train/loss"] = curve_loss;
  v["train/error_deg"] = curve_error;
  if (!r.ok) return row;
  const int n = r.point.n, n_max = spec.n_max, I = spec.config.task.inputs(), O = spec.outputs;
  put_rnn_params(t.params, n, n_max, I, O, v);
  if (r.has_geometry) {
    const TorusGeometry& g = r.torus;
    v["torus/pca4"] = {g.pca4};
    v["torus/angles"] = {g.angle1, g.angle2};
    v["torus/radius_ratio"] = {g.radius_ratio};
    v["torus/additivity"] = {g.additivity};
    const auto& names = OrientationsSpec::torus_labels();
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
  if (r.has_fixed_points)
    put_fixed_points(r.fixed_points, n, n_max, spec.config.fixed_points, spec.fixed_point_starts(), v);
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
