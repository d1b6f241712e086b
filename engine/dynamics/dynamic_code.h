#pragma once
// Study 2's dynamic code (spec: seed2-two-orientations.md, "Dynamic code"): whether θ1 is held
// by the same units with the same tuning in delay 1 and delay 2, or the code moves between the
// delays. Angles are orientations (period π).
#include <vector>

namespace wmsweep {

struct UnitTuning { std::vector<double> preferred, depth; };  // per unit: preferred orientation [0, π), first-harmonic amplitude

// responses (n, g) col-major, column i at θ = i·π/g (g ≥ 3): depth·cos 2(θ − preferred) is
// the first harmonic of each row; cosine tuning is recovered exactly.
UnitTuning first_harmonic_tuning(int n, int g, const double* responses);

// θ-selective: first-harmonic depth > 5% of the largest depth among the units compared
// (ours: the spec gives no number). Used by connectivity.h too.
constexpr double kSelectivityFloor = 0.05;

struct DynamicCode {
  int selective = 0;     // θ1-selective units: selective in delay 1, delay 2 or both
  double moved = 0;      // of those, the fraction whose preferred θ1 moves by > 45° between the delays, or whose selectivity switches (selective in one delay only)
  double switched = 0;   // of those, the fraction whose selectivity switches (the switch part of moved)
  double cross_error_deg = 0;  // cross-temporal decoding of θ1: ridge decoder of (cos 2θ1, sin 2θ1) fitted on delay-1 states, tested on delay-2 states; mean |error|, degrees
  double same_error_deg = 0;   // the same decoder fitted and tested on delay-2 states (the baseline; in-sample)
};

// delay1, delay2 (n, g1·g2) col-major: column i + g1·j holds θ1 = i·π/g1, θ2 = j·π/g2 (delay-1
// states do not depend on θ2 in a noise-free network, but are taken as given). θ1 tuning per
// delay is the first harmonic of the response averaged over θ2; the selectivity floor is 5% of
// the largest θ1 depth over all units in both delays, so a code that fades counts as switching.
// Decoder: ridge regression on the states centred by the fitting delay's mean, λ = 10⁻³ ×
// trace(XcXcᵀ)/n (ours): needed, because delay-1 states span only g1 − 1 directions. Decoded
// θ̂1 = ½ atan2(ŝ, ĉ); errors wrapped to (−90°, 90°]. NaN errors if the fitting states do not vary.
DynamicCode dynamic_code(int n, int g1, int g2, const double* delay1, const double* delay2);

}  // namespace wmsweep
