#pragma once
// Study 2's behavioural measures (spec: seed2-two-orientations.md, "Behaviour"): how the two
// reports err relative to each other. Angles are orientations in radians (period π); errors
// and differences are wrapped to (−π/2, π/2].
#include <cmath>
#include <vector>

namespace wmsweep {

double wrap_orientation(double radians);  // to (−π/2, π/2]

struct Behaviour {
  std::vector<double> bin_edges;     // |Δθ| bin edges, radians (bins + 1)
  std::vector<double> repulsion2;    // per bin: mean sign(Δθ)·e2 (> 0: report 2 pushed away)
  std::vector<double> repulsion1;    // per bin: mean −sign(Δθ)·e1
  std::vector<int> count;            // trials per bin
  double repulsion_small = 0;        // both, pooled over trials with |Δθ| ≤ small
  double repulsion_se = 0;           // its standard error
  double correlation_small = 0;      // corr(e1, e2) over trials with |Δθ| ≤ small
  int n_small = 0;
  bool human_signature = false;      // repulsion and correlation both > 0 beyond 1.96 s.e.
};

// θ, θ̂ (trials) for items 1 and 2; `bins` equal bins of |Δθ| on [0, π/2]; `small` radians.
Behaviour behaviour(const std::vector<double>& theta1, const std::vector<double>& theta2,
                    const std::vector<double>& report1, const std::vector<double>& report2,
                    int bins = 9, double small = M_PI / 6);

}  // namespace wmsweep
