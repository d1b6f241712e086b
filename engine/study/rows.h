#pragma once
// Helpers every study's to_row uses: the store's per-row layouts (docs/store.md: row-major,
// NaN-padded to the largest n) and the cost columns.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "study/phases.h"

namespace wmsweep {

inline const double kNaN = std::nan("");

// (n, c) col-major → (n_max, c) row-major, NaN below row n
std::vector<double> rows_of(const std::vector<double>& colmajor, int n, int c, int n_max);
// (n) → (n_max), NaN past n
std::vector<double> padded(const std::vector<double>& v, int n_max);
// cost/seconds and cost/peak_bytes in `phases` order (NaN: the phase did not run)
void put_costs(const std::vector<std::string>& phases, const std::vector<PhaseCost>& costs,
               std::map<std::string, std::vector<double>>& values);

}  // namespace wmsweep
