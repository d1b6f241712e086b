#include "spec/grid.h"

#include <iomanip>
#include <sstream>

#include "util/errors.h"

namespace wmsweep {

std::string GridAxis::text(size_t k) const {
  if (!names.empty()) return names[static_cast<size_t>(wholes[k])];
  if (whole) return std::to_string(wholes[k]);
  std::ostringstream s;
  s << reals[k];
  return s.str();
}

size_t GridPoint::index(const std::string& axis) const {
  if (axes_)
    for (size_t a = 0; a < axes_->size(); ++a)
      if ((*axes_)[a].name == axis) return a;
  throw InputError(axis + " is not a grid column");
}

bool GridPoint::has(const std::string& axis) const {
  if (axes_)
    for (const GridAxis& a : *axes_)
      if (a.name == axis) return true;
  return false;
}

double GridPoint::real(const std::string& axis) const {
  if (axis == "job") return static_cast<double>(job);
  const size_t a = index(axis);
  return (*axes_)[a].value(at_[a]);
}

int64_t GridPoint::whole(const std::string& axis) const {
  const size_t a = index(axis);
  const GridAxis& ax = (*axes_)[a];
  return ax.whole ? ax.wholes[at_[a]] : static_cast<int64_t>(ax.reals[at_[a]]);
}

std::string GridPoint::describe() const {
  std::string out;
  for (size_t a = 0; axes_ && a < axes_->size(); ++a)
    out += (a ? " " : "") + (*axes_)[a].name + "=" + (*axes_)[a].text(at_[a]);
  return out;
}

Grid::Grid(std::vector<GridAxis> axes, int weight_axes)
    : axes_(std::make_shared<const std::vector<GridAxis>>(std::move(axes))),
      weight_axes_(weight_axes) {
  size_ = 1;
  for (const GridAxis& a : *axes_) size_ *= static_cast<int64_t>(a.size());
}

GridPoint Grid::point(int64_t job) const {
  if (job < 0 || job >= size_)
    throw InputError("job " + std::to_string(job) + " is outside the grid (0.." +
                     std::to_string(size_ - 1) + ")");
  std::vector<size_t> at(axes_->size());
  int64_t rest = job;
  for (size_t a = axes_->size(); a-- > 0;) {  // innermost (fastest) first
    const int64_t count = static_cast<int64_t>((*axes_)[a].size());
    at[a] = static_cast<size_t>(rest % count);
    rest /= count;
  }
  return GridPoint(job, axes_, std::move(at));
}

std::pair<int64_t, int64_t> Grid::weight_group(int64_t job) const {
  int64_t span = 1;
  for (size_t a = static_cast<size_t>(weight_axes_); a < axes_->size(); ++a)
    span *= static_cast<int64_t>((*axes_)[a].size());
  const int64_t first = (job / span) * span;
  return {first, first + span};
}

void check_grid_size(const std::vector<GridAxis>& axes) {
  long double jobs = 1;
  std::string product;
  for (const GridAxis& a : axes) {
    jobs *= static_cast<long double>(a.size());
    if (a.size() > 1) product += (product.empty() ? "" : " × ") + std::to_string(a.size()) + " " + a.name;
  }
  constexpr long double kMaxJobs = 9007199254740992.0L;  // 2^53: exact as a double too
  if (jobs > kMaxJobs) {
    std::ostringstream msg;
    msg << "grid describes " << std::setprecision(4) << static_cast<double>(jobs) << " jobs ("
        << product << "); a sweep holds at most 2^53 = 9007199254740992: split it into several specs";
    throw SpecError(msg.str());
  }
}

}  // namespace wmsweep
