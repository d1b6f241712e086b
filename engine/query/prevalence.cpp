#include "query/prevalence.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "util/errors.h"

namespace wmsweep {

std::pair<double, double> wilson_interval(int64_t k, int64_t n, double z) {
  if (n <= 0) return {std::nan(""), std::nan("")};  // no network labelled: no estimate
  const double p = static_cast<double>(k) / n, z2 = z * z, nn = static_cast<double>(n);
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::vector<std::string> label_names() {
  return {"fixed_points", "slow_manifold", "limit_cycle", "far", "mixed"};
}

std::vector<PrevalenceRow> prevalence(const StoreReader& store, const std::vector<std::string>& by,
                                      const std::string& variant) {
  static const std::vector<std::string> grid_columns = {"seed", "n", "pg", "in", "g", "fb"};
  for (const std::string& key : by)
    if (std::find(grid_columns.begin(), grid_columns.end(), key) == grid_columns.end())
      throw InputError("--by " + key + ": not a grid column; use any of seed, n, pg, in, g, fb");
  if (variant != "a" && variant != "b")
    throw InputError("--variant " + variant + ": use a or b (README: mechanism labels)");

  const int64_t rows = store.rows();
  std::vector<std::vector<double>> key_columns;
  for (const std::string& key : by) key_columns.push_back(store.column(key));
  const std::vector<double> status = store.column("status");
  const std::vector<double> label = store.column("classify/" + variant + "/label");
  const std::vector<std::string> names = label_names();

  struct Tally {
    std::vector<int64_t> count;
    int64_t labelled = 0, failed = 0, pending = 0;
  };
  std::map<std::vector<double>, Tally> tallies;
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<double> key;
    for (const auto& c : key_columns) key.push_back(c[static_cast<size_t>(r)]);
    Tally& t = tallies[key];
    t.count.resize(names.size(), 0);
    if (status[r] == 0) ++t.pending;
    else if (status[r] == 2) ++t.failed;
    else if (label[r] >= 0 && label[r] < static_cast<double>(names.size())) {
      ++t.labelled;
      ++t.count[static_cast<size_t>(label[r])];
    }
  }
  std::vector<PrevalenceRow> out;
  for (const auto& [key, t] : tallies)
    for (size_t l = 0; l < names.size(); ++l) {
      PrevalenceRow row;
      row.keys = key;
      row.label = names[l];
      row.count = t.count[l];
      row.labelled = t.labelled;
      row.failed = t.failed;
      row.pending = t.pending;
      row.fraction = t.labelled ? static_cast<double>(row.count) / t.labelled : std::nan("");
      std::tie(row.lo, row.hi) = wilson_interval(row.count, t.labelled);
      out.push_back(row);
    }
  return out;
}

}  // namespace wmsweep
