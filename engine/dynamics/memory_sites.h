#pragma once
// Where a trained network keeps its memories, read from its fixed points: for each trial-end
// state, the nearest point and how the state sits there, and a mechanism label from those
// facts alone (docs/fixed-points.md: "The dynamics label"). Pure functions of stored values, so the rule can
// be re-run on any store.
#include <vector>

#include "dynamics/fixed_points.h"
#include "dynamics/labels.h"

namespace wmsweep {

struct MemorySite {
  int point = -1;            // nearest point (index into the set), −1: the set is empty
  PointKind kind = PointKind::stable;
  double distance = 0;       // rms(state − point) / state scale
  double slow_fraction = 0;  // share of (state − point) along the point's slowest modes
  bool focus = false;        // the point's leading eigenvalue is complex with Re > slow_rate
};

// One site per state (n, count); `modes` slowest modes span the slow directions.
std::vector<MemorySite> memory_sites(int n, const double* M, const FixedPointSet& set,
                                     const double* states, int count, int modes,
                                     double slow_rate);

struct DynamicsRule {
  double near = 0.1;           // at a point: distance ≤ near
  double along = 0.5;          // along a slow manifold: slow_fraction ≥ along
  int min_distinct = 3;        // distinct stable points the memories need (variant B's 3)
};

// fixed_points:  every memory at a stable point, on at least min_distinct distinct points;
// slow_manifold: every memory at a point or along its slow modes, and not the above
//                (memories collapsed onto fewer stable points count here, as in variant B);
// limit_cycle:   some memory is at no point and not along slow modes, and its nearest point
//                is an unstable focus (the memory circles it);
// mixed:         anything else, and no memories or no points.
Mechanism dynamics_label(const std::vector<MemorySite>& memories, const DynamicsRule& rule);

}  // namespace wmsweep
