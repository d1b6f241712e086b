#pragma once
// The expanded grid: job index ↔ one network's hyperparameters.
// Order (documented in docs/spec.md): nested loops seed, n, pg, in, g, fb, sigma_rec, ordinal,
// activation with the last varying fastest, so the jobs that share J — same (seed, n, pg) —
// are contiguous. Each study sweeps its own axes (grid_columns); the others hold one value.
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/spec.h"

namespace wmsweep {

struct GridPoint {
  int64_t job = 0;
  uint64_t seed = 0;
  int n = 0;
  double pg = 0, in = 0, g = 0, fb = 0;
  double sigma_rec = 0;         // study 2: recurrent noise
  int ordinal = 0;              // study 2: 1 = the ordinal output is trained
  int activation = 0;           // study 2: index into activation_names()

  double value(const std::string& column) const;  // a grid column by name (grid_columns)
  // Key of every random stream that is not a weight: (seed, n, pg, in, g, fb). Study 2's
  // conditions (sigma_rec, ordinal, activation) share it: at one seed they start from the same
  // weights and see the same trials, a paired comparison.
  uint64_t key() const;
  // Networks with equal weight keys have the same J (and unscaled feedback/input weights).
  bool shares_weights(const GridPoint& other) const {
    return seed == other.seed && n == other.n && pg == other.pg;
  }
  // "seed=0 n=1000 pg=0.9 in=50 g=1.5 fb=10": the study's grid columns
  std::string describe(const std::string& study = "seqmatch") const;
};

// The hyperparameter columns a study's store and query use, in grid order (without job).
const std::vector<std::string>& grid_columns(const std::string& study);
const std::vector<std::string>& activation_names();  // "tanh", "retanh"

class Grid {
 public:
  explicit Grid(const GridAxes& axes);
  int64_t size() const { return size_; }
  GridPoint point(int64_t job) const;  // throws InputError if job is out of range
  // The contiguous job range [first, last) of jobs sharing J with `job`.
  std::pair<int64_t, int64_t> weight_group(int64_t job) const;

 private:
  GridAxes axes_;
  int64_t size_ = 0;
};

}  // namespace wmsweep
