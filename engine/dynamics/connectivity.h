#pragma once
// Study 2's connectivity (spec: seed2-two-orientations.md, "Connectivity"): W_rec as a function
// of the difference in preferred angle, within the θ1- and θ2-tuned sets and across them. A
// ring attractor per item shows a Mexican hat within each set (local excitation, global
// inhibition) and weak coupling across.
#include <vector>

namespace wmsweep {

// Each profile is also summarised by W[i,j] ≈ offset + amplitude·cos 2Δ, Δ = φi − φj, fitted by
// least squares to all its pairs.
struct ConnectivityProfiles {
  int set1 = 0, set2 = 0;                 // units assigned to the θ1- and θ2-tuned sets
  std::vector<double> bin_centres;        // Δ preferred angle (orientation, radians, (−π/2, π/2]) bin centres
  std::vector<double> within1, within2, across;  // mean W_rec[i,j] per bin (i post, j pre): both in set1, both in set2, one in each; NaN for an empty bin
  double amplitude1 = 0, amplitude2 = 0, amplitude_across = 0;  // the fitted amplitude (positive = locally excitatory)
  double offset1 = 0, offset2 = 0, offset_across = 0;           // the fitted offset (negative = global inhibition)
};

// w_rec (n, n) col-major; states (n, g1·g2) col-major: the end-of-delay-2 state, column i + g1·j
// holds θ1 = i·π/g1, θ2 = j·π/g2. A unit's depth to θ1 is the first-harmonic amplitude of its
// response averaged over θ2, likewise θ2; it joins the set of its larger depth (θ1 on a tie) if
// that depth exceeds kSelectivityFloor (dynamic_code.h: 5%) of the largest depth over all units
// and both angles; φ is its preferred angle for that item. Pairs i == j are left out. `bins`
// equal bins of Δ on (−π/2, π/2].
ConnectivityProfiles connectivity_profiles(int n, const double* w_rec, int g1, int g2,
                                           const double* states, int bins = 12);

}  // namespace wmsweep
