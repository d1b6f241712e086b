#include "study/fixed_points.h"

#include <algorithm>
#include <cmath>

#include "study/rows.h"

namespace wmsweep {

void parse_fixed_points(Section& fps, FixedPointsConfig& fp) {
  fp.samples = static_cast<int>(fps.integer("samples", fp.samples, 0, 100000));
  fp.sample_noise = fps.real("sample_noise", fp.sample_noise, 0, kBig);
  fp.finder.tol = fps.real("tol", fp.finder.tol, 1e-15, 1e-3);
  fp.finder.max_iterations =
      static_cast<int>(fps.integer("max_iterations", fp.finder.max_iterations, 1, 100000));
  fp.finder.keep = static_cast<int>(fps.integer("keep", fp.finder.keep, 1, 20000));
  fp.max_points = static_cast<int>(fps.integer("max_points", fp.max_points, 1, 10000));
}

std::vector<Column> fixed_point_columns(int n_max, const FixedPointsConfig& config, int starts,
                                        const std::string& starts_meaning,
                                        const std::string& start_point_meaning) {
  using T = ColumnType;
  const uint64_t n = static_cast<uint64_t>(n_max), P = static_cast<uint64_t>(config.max_points),
                 K = static_cast<uint64_t>(config.finder.keep),
                 S = static_cast<uint64_t>(std::max(starts, 1));
  std::vector<std::string> kinds;
  for (int k = 0; k < kPointKinds; ++k) kinds.push_back(point_kind_name(static_cast<PointKind>(k)));
  return {
      {"fixed_points/count", T::i32, {}, "points found: zeros of F and slow points (all, though only points_max are stored)"},
      {"fixed_points/kinds", T::i32, {4}, "how many points of each kind: stable, saddle, marginal, slow_point"},
      {"fixed_points/starts", T::i32, {}, starts_meaning},
      {"fixed_points/unconverged", T::i32, {}, "starts that reached neither a zero nor a slow point"},
      {"fixed_points/start_point", T::i32, {S}, start_point_meaning},
      {"fixed_points/iterations", T::i64, {}, "Newton/LM iterations, all starts"},
      {"fixed_points/scale", T::f64, {}, "state scale s = max(1, rms of the starts): tolerances and distances are relative to it"},
      {"fixed_points/kind", T::i8, {P}, "per point: its kind, an index into `categories` (−1: no point)", kinds},
      {"fixed_points/q", T::f64, {P}, "per point: q = ½‖F‖²"},
      {"fixed_points/unstable", T::i32, {P}, "per point: eigenvalues with Re λ above the slow rate"},
      {"fixed_points/slow", T::i32, {P}, "per point: eigenvalues with |Re λ| at most the slow rate"},
      {"fixed_points/hits", T::i32, {P}, "per point: starts that ended there"},
      {"fixed_points/eigenvalues", T::f64, {P, K, 2}, "per point: the leading fixed_points.keep eigenvalues of J (Re, Im), largest Re first"},
      {"fixed_points/x", T::f64, {n, P}, "the points' states, one column per point"},
  };
}

void put_fixed_points(const FixedPointSet& set, int n, int n_max, const FixedPointsConfig& config,
                      int starts, std::map<std::string, std::vector<double>>& v) {
  const size_t P = static_cast<size_t>(config.max_points), K = static_cast<size_t>(config.finder.keep);
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
    const std::vector<double> pairs = eigenvalue_pairs(fp, config.finder.keep);
    std::copy(pairs.begin(), pairs.end(), eig.begin() + static_cast<long>(p * K * 2));
    std::copy(fp.x.begin(), fp.x.end(), x.begin() + static_cast<long>(p) * n);
  }
  const auto kinds = kind_counts(set);
  v["fixed_points/count"] = {static_cast<double>(set.points.size())};
  v["fixed_points/kinds"] = std::vector<double>(kinds.begin(), kinds.end());
  v["fixed_points/starts"] = {static_cast<double>(set.starts.size())};
  v["fixed_points/unconverged"] = {static_cast<double>(unconverged_starts(set))};
  std::vector<double> start_point(static_cast<size_t>(std::max(starts, 1)), -1.0);
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
  v["fixed_points/x"] = rows_of(x, n, config.max_points, n_max);
}

}  // namespace wmsweep
