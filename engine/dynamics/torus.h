#pragma once
// Study 2's torus geometry (spec: seed2-two-orientations.md, "Torus geometry"): how the
// delay-2 states of a θ1 × θ2 grid sit in state space. A Clifford torus holds θ1 and θ2 on
// two orthogonal planes with equal radii, additively; a standard (doughnut) torus needs the
// interaction of the two angles.
#include <string>
#include <vector>

namespace wmsweep {

struct TorusGeometry {
  double pca4 = 0;            // variance explained by the leading 4 principal components
  double angle1 = 0, angle2 = 0;  // principal angles between the θ1 and θ2 planes, degrees (≤)
  double radius_ratio = 0;    // r1 / r2: radii of the θ1 and θ2 circles
  double additivity = 0;      // main effects f(θ1) + g(θ2) / (those + first-harmonic interaction)
  std::string label;          // "clifford", "standard_torus" or "other" (torus_label)
};

// states (n, g1·g2) col-major: column i + g1·j holds θ1 = i·π/g1, θ2 = j·π/g2.
TorusGeometry torus_geometry(int n, int g1, int g2, const double* states);

// clifford: both angles ≥ 70°, 2/3 ≤ r1/r2 ≤ 3/2, additivity ≥ 0.95;
// standard_torus: additivity < 0.95 with ≥ 90% of the variance in 4 components (low-dimensional
// but needing the interaction); other: anything else. (ours: the spec gives no numbers)
std::string torus_label(const TorusGeometry& g);

}  // namespace wmsweep
