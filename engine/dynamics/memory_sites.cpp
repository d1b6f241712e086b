#include "dynamics/memory_sites.h"

#include <algorithm>

namespace wmsweep {

std::vector<MemorySite> memory_sites(int n, const double* M, const FixedPointSet& set,
                                     const double* states, int count, int modes,
                                     double slow_rate) {
  std::vector<MemorySite> out(static_cast<size_t>(std::max(count, 0)));
  const std::vector<Nearest> nearest = nearest_points(n, M, set, states, count, modes);
  for (int k = 0; k < count; ++k) {
    const Nearest& near = nearest[static_cast<size_t>(k)];
    MemorySite& m = out[static_cast<size_t>(k)];
    m.point = near.point;
    if (near.point < 0) continue;
    const FixedPoint& p = set.points[static_cast<size_t>(near.point)];
    m.kind = p.kind;
    m.distance = near.distance / set.scale;
    m.slow_fraction = near.slow_fraction;
    m.focus = !p.eigenvalues.empty() && p.eigenvalues.front().real() > slow_rate &&
              p.eigenvalues.front().imag() != 0;
  }
  return out;
}

Mechanism dynamics_label(const std::vector<MemorySite>& memories, const DynamicsRule& rule) {
  if (memories.empty()) return Mechanism::mixed;
  bool all_stable = true, all_held = true, circling = false;
  std::vector<int> stable_points;
  for (const MemorySite& m : memories) {
    if (m.point < 0) return Mechanism::mixed;
    const bool at = m.distance <= rule.near;
    const bool along = m.slow_fraction >= rule.along;
    all_stable &= at && m.kind == PointKind::stable;
    if (at && m.kind == PointKind::stable) stable_points.push_back(m.point);
    all_held &= at || along;
    circling |= !at && !along && m.focus;
  }
  std::sort(stable_points.begin(), stable_points.end());
  const int distinct = static_cast<int>(
      std::unique(stable_points.begin(), stable_points.end()) - stable_points.begin());
  if (all_stable && distinct >= rule.min_distinct) return Mechanism::fixed_points;
  if (all_held) return Mechanism::slow_manifold;
  if (circling) return Mechanism::limit_cycle;
  return Mechanism::mixed;
}

}  // namespace wmsweep
