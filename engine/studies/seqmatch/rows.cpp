#include "studies/seqmatch/rows.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "study/fixed_points.h"
#include "study/rows.h"

namespace wmsweep {

Row kept_row(const SeqMatchSpec& spec, const NetworkResult& r) {
  Row row;
  const int n = r.weights.n, n_max = spec.n_max;
  put_costs(spec.phases(), r.phases, row.values);
  row.values["trained/w_o"] = padded(r.readouts.w_o, n_max);
  row.values["trained/w_d"] = rows_of(r.readouts.w_d, n, 2, n_max);
  row.values["trained/x"] = padded(r.train_end, n_max);
  return row;
}

KeptTraining kept_training(const SeqMatchSpec& spec, int n, const Row& kept) {
  KeptTraining t;
  const std::vector<double>& w_o = kept.values.at("trained/w_o");
  const std::vector<double>& w_d = kept.values.at("trained/w_d");  // (n_max, 2) row-major
  const std::vector<double>& x = kept.values.at("trained/x");
  t.readouts.w_o.assign(w_o.begin(), w_o.begin() + n);
  t.train_end.assign(x.begin(), x.begin() + n);
  t.readouts.w_d.resize(2 * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    for (int c = 0; c < 2; ++c) t.readouts.w_d[static_cast<size_t>(c) * n + i] = w_d[2 * static_cast<size_t>(i) + c];
  const std::vector<std::string> phases = spec.phases();
  const size_t train = static_cast<size_t>(std::find(phases.begin(), phases.end(), "train") - phases.begin());
  t.cost = {"train", kept.values.at("cost/seconds").at(train),
            static_cast<long>(kept.values.at("cost/peak_bytes").at(train))};
  // a kept row with a non-finite value was not written by kept_row: train again instead of
  // analysing garbage
  for (const std::vector<double>* v : {&t.readouts.w_o, &t.readouts.w_d, &t.train_end})
    for (double e : *v)
      if (!std::isfinite(e)) throw std::runtime_error("the kept training of this network is damaged (non-finite values)");
  return t;
}

Row to_row(const SeqMatchSpec& spec, const NetworkResult& r, bool save_weights) {
  Row row;
  row.status = r.ok ? 1 : 2;
  row.reason = r.reason;
  auto& v = row.values;
  put_costs(spec.phases(), r.phases, v);
  const int n = r.weights.n, n_max = spec.n_max;
  const int speed_at = static_cast<int>(spec.config.analysis.speed_at.size());
  if (save_weights && r.weights.J) {
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
  v["trained/x"] = padded(r.train_end, n_max);
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
    v["speed"] = rows_of(l.speed, speed_at, 4, speed_at);
  }
  if (r.has_fixed_points) {
    put_fixed_points(r.fixed_points, n, n_max, spec.config.fixed_points,
                     fixed_point_start_count(spec.config), v);
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
