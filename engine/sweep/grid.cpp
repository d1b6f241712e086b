#include "sweep/grid.h"

#include <cstring>
#include <sstream>

#include "util/errors.h"
#include "util/rng.h"

namespace wmsweep {
namespace {

uint64_t bits(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

}  // namespace

uint64_t GridPoint::key() const {
  uint64_t h = mix(tag("grid-point"), seed);
  h = mix(h, static_cast<uint64_t>(n));
  for (double v : {pg, in, g, fb}) h = mix(h, bits(v));
  return h;
}

const std::vector<std::string>& grid_columns(const std::string& study) {
  static const std::vector<std::string> seqmatch = {"seed", "n", "pg", "in", "g", "fb"},
                                        orientations = {"seed",      "n",       "g",
                                                        "sigma_rec", "ordinal", "activation"};
  if (study == "orientations") return orientations;
  return seqmatch;
}

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = {"tanh", "retanh"};
  return names;
}

double GridPoint::value(const std::string& column) const {
  if (column == "job") return static_cast<double>(job);
  if (column == "seed") return static_cast<double>(seed);
  if (column == "n") return n;
  if (column == "pg") return pg;
  if (column == "in") return in;
  if (column == "g") return g;
  if (column == "fb") return fb;
  if (column == "sigma_rec") return sigma_rec;
  if (column == "ordinal") return ordinal;
  if (column == "activation") return activation;
  throw InputError(column + " is not a grid column");
}

std::string GridPoint::describe(const std::string& study) const {
  std::ostringstream s;
  for (const std::string& c : grid_columns(study)) {
    s << (c == "seed" ? "" : " ") << c << '=';
    if (c == "activation") s << activation_names()[static_cast<size_t>(activation)];
    else if (c == "seed") s << seed;  // exact beyond 2^53
    else s << value(c);
  }
  return s.str();
}

Grid::Grid(const GridAxes& axes) : axes_(axes) {
  size_ = static_cast<int64_t>(axes.seed.size() * axes.n.size() * axes.pg.size() *
                               axes.in.size() * axes.g.size() * axes.fb.size() *
                               axes.sigma_rec.size() * axes.ordinal.size() *
                               axes.activation.size());
}

GridPoint Grid::point(int64_t job) const {
  if (job < 0 || job >= size_)
    throw InputError("job " + std::to_string(job) + " is outside the grid (0.." +
                     std::to_string(size_ - 1) + ")");
  GridPoint p;
  p.job = job;
  int64_t rest = job;
  auto take = [&rest](size_t count) {
    const int64_t i = rest % static_cast<int64_t>(count);
    rest /= static_cast<int64_t>(count);
    return static_cast<size_t>(i);
  };
  // innermost (fastest) first
  p.activation = axes_.activation[take(axes_.activation.size())];
  p.ordinal = axes_.ordinal[take(axes_.ordinal.size())];
  p.sigma_rec = axes_.sigma_rec[take(axes_.sigma_rec.size())];
  p.fb = axes_.fb[take(axes_.fb.size())];
  p.g = axes_.g[take(axes_.g.size())];
  p.in = axes_.in[take(axes_.in.size())];
  p.pg = axes_.pg[take(axes_.pg.size())];
  p.n = axes_.n[take(axes_.n.size())];
  p.seed = axes_.seed[take(axes_.seed.size())];
  return p;
}

std::pair<int64_t, int64_t> Grid::weight_group(int64_t job) const {
  const int64_t span =
      static_cast<int64_t>(axes_.in.size() * axes_.g.size() * axes_.fb.size() *
                           axes_.sigma_rec.size() * axes_.ordinal.size() * axes_.activation.size());
  const int64_t first = (job / span) * span;
  return {first, first + span};
}

}  // namespace wmsweep
