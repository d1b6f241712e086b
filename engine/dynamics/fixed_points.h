#pragma once
// Fixed points, slow points and their Jacobian spectra for a network with frozen readouts and
// the input held constant, in continuous time (τ = 1):
//   F(x) = −x + M·tanh(x) + b,   J(x) = −I + M·diag(1 − tanh²(x)),   q(x) = ½‖F(x)‖²
// Zeros of F are the Euler map's fixed points too (the map is x + h·F(x)); its eigenvalues
// are 1 + h·λ. Each start converges by damped Newton (backtracking on q) with a
// Levenberg–Marquardt step where Newton fails; a start that stalls at a minimum of q that is
// not a zero ends as a slow point. Tolerances are relative to the state scale
// s = max(1, rms of the starts), so they mean the same for any N and gain.
#include <cmath>
#include <array>
#include <complex>
#include <string>
#include <vector>

namespace wmsweep {

struct FixedPointConfig {
  double tol = 1e-10;        // a zero: rms(F) ≤ tol·s
  double merge_tol = 1e-7;   // two zeros are one point: rms(x − y) ≤ merge_tol·s
  double slow_merge_tol = 1e-4;  // the same for slow points (minima of q are flat)
  int max_iterations = 100;
  double slow_rate = 0.0;    // a mode is slow when |Re λ| ≤ slow_rate (1/τ)
  double slow_speed = HUGE_VAL;  // a minimum of q is a slow point only if rms(F) ≤ slow_speed·s
  int keep = 20;             // eigenvalues kept per point, largest real part first
};

enum class PointKind { stable, saddle, marginal, slow_point };
inline constexpr int kPointKinds = 4;
const char* point_kind_name(PointKind k);
std::string point_kind_list();  // "stable,saddle,marginal,slow_point": value k names kind k

struct FixedPoint {
  std::vector<double> x;  // (n)
  double q = 0;           // ½‖F‖² (≤ ½ n (tol·s)² for a zero)
  bool zero = true;       // false: a slow point (a minimum of q that is not a zero)
  PointKind kind = PointKind::stable;
  int unstable = 0;       // Re λ > slow_rate
  int slow = 0;           // |Re λ| ≤ slow_rate
  std::vector<std::complex<double>> eigenvalues;  // the leading `keep`, by real part
  int starts = 0;         // how many starts ended here
};

struct StartOutcome {
  int point = -1;       // index into points, or −1: did not converge, or its minimum of q
                        // was too fast for a slow point
  int iterations = 0;   // Newton/LM iterations this start took (0: merged at the start)
};

struct FixedPointSet {
  std::vector<FixedPoint> points;  // zeros first (by descending start count), then slow points
  std::vector<StartOutcome> starts;
  double scale = 1;                // s
  long iterations = 0;             // in all
  double seconds_find = 0, seconds_eigen = 0;
};

// Points of each kind, in PointKind order; starts that reached no point.
std::array<int, kPointKinds> kind_counts(const FixedPointSet& set);
int unconverged_starts(const FixedPointSet& set);
// The leading `keep` eigenvalues as (keep, 2) Re, Im pairs, NaN past the ones the point has.
std::vector<double> eigenvalue_pairs(const FixedPoint& p, int keep);

// M (n, n) col-major, b (n) or nullptr (no input), starts (n, count) col-major. A start
// holding a non-finite value (a diverged run) is skipped: its outcome is point −1.
FixedPointSet find_fixed_points(int n, const double* M, const double* b, const double* starts,
                                int count, const FixedPointConfig& config);

// F(x) into f (n); returns rms(F).
double residual(int n, const double* M, const double* b, const double* x, double* f);

// J(x) (n, n) col-major.
void jacobian(int n, const double* M, const double* x, double* J);

// All eigenvalues of a general A (n, n) col-major (LAPACK dgeev), largest real part first
// (ties: larger imaginary part first). A is overwritten.
std::vector<std::complex<double>> eigenvalues(int n, double* A);

// Where each memory state sits relative to the points: the nearest point, the rms distance,
// and the fraction of (state − point) inside the span of that point's `modes` slowest modes
// (smallest |Re λ|; a complex pair spans its real plane). states (n, count) col-major.
struct Nearest {
  int point = -1;
  double distance = 0;
  double slow_fraction = 0;
};
std::vector<Nearest> nearest_points(int n, const double* M, const FixedPointSet& set,
                                    const double* states, int count, int modes);

}  // namespace wmsweep
