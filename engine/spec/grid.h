#pragma once
// The expanded grid: job index ↔ one network's hyperparameters, for any study. A study names
// its axes and their order; the jobs are nested loops over them with the last varying fastest
// (docs/spec.md: grid order). The first `weight_axes` axes decide the initial weights (e.g. seed, n
// and density), so the jobs that may share them are contiguous.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wmsweep {

struct GridAxis {
  std::string name;                // also the store column's name
  bool whole = false;              // integer values, exact as int64 (a seed may pass 2^53)
  std::vector<int64_t> wholes;     // the values of a whole axis
  std::vector<double> reals;       // the values of a real axis
  std::vector<std::string> names;  // a categorical axis: whole value k means names[k]
  size_t size() const { return whole ? wholes.size() : reals.size(); }
  double value(size_t k) const { return whole ? static_cast<double>(wholes[k]) : reals[k]; }
  std::string text(size_t k) const;  // "0.9", "12", "retanh"
};

// One job: its index and which value of each axis it takes.
class GridPoint {
 public:
  GridPoint() = default;
  GridPoint(int64_t job, std::shared_ptr<const std::vector<GridAxis>> axes, std::vector<size_t> at)
      : job(job), axes_(std::move(axes)), at_(std::move(at)) {}
  int64_t job = 0;
  double real(const std::string& axis) const;    // throws InputError for an unknown axis
  int64_t whole(const std::string& axis) const;  // exact for a whole axis
  bool has(const std::string& axis) const;
  // "seed=0 n=1000 pg=0.9 in=50 g=1.5 fb=10"
  std::string describe() const;
  const std::vector<GridAxis>& axes() const { return *axes_; }

 private:
  size_t index(const std::string& axis) const;
  std::shared_ptr<const std::vector<GridAxis>> axes_;
  std::vector<size_t> at_;
};

class Grid {
 public:
  Grid(std::vector<GridAxis> axes, int weight_axes);
  int64_t size() const { return size_; }
  GridPoint point(int64_t job) const;  // throws InputError if job is out of range
  // The contiguous job range [first, last) of jobs sharing initial weights with `job`.
  std::pair<int64_t, int64_t> weight_group(int64_t job) const;
  const std::vector<GridAxis>& axes() const { return *axes_; }

 private:
  std::shared_ptr<const std::vector<GridAxis>> axes_;
  int weight_axes_ = 0;
  int64_t size_ = 0;
};

// Refuses a grid whose job count does not fit in 2^53 (SpecError with its true size).
void check_grid_size(const std::vector<GridAxis>& axes);

}  // namespace wmsweep
