#pragma once
// What every study that seeks fixed points shares: its spec section [fixed_points], the
// store columns fixed_points/* and cost/fixed_points, and how a FixedPointSet fills them.
#include <map>
#include <string>
#include <vector>

#include "dynamics/fixed_points.h"
#include "spec/section.h"
#include "store/schema.h"

namespace wmsweep {

// [fixed_points] (docs/spec.md). The finder's own settings are `finder` (tol, max_iterations,
// keep); the rest says where the starts come from and what a row keeps.
struct FixedPointsConfig {
  FixedPointConfig finder;
  int noisy_ends = 16;       // long-run end states used as starts (evenly spaced), where a study has them
  int samples = 32;          // test-trajectory states plus noise used as starts
  double sample_noise = 0.1;
  int max_points = 16;       // points stored per network (all are counted)
  int slow_modes = 2;        // modes spanning the slow directions a memory may lie along
  double near = 0.1;         // a memory is at a point within near · state scale (rms)
};

// Reads the keys every study shares (samples, sample_noise, tol, max_iterations, keep,
// max_points), with the values already in `config` as the defaults; the caller reads its own
// keys from `section` and calls finish().
void parse_fixed_points(Section& section, FixedPointsConfig& config);

// fixed_points/* for n_max units, `points` slots of `keep` eigenvalues and `starts` starts;
// the two texts say what the starts were.
std::vector<Column> fixed_point_columns(int n_max, const FixedPointsConfig& config, int starts,
                                        const std::string& starts_meaning,
                                        const std::string& start_point_meaning);

// A row's fixed_points/* and cost/fixed_points from one network's set (n units).
void put_fixed_points(const FixedPointSet& set, int n, int n_max, const FixedPointsConfig& config,
                      int starts, std::map<std::string, std::vector<double>>& values);

}  // namespace wmsweep
