#pragma once
// Helpers every study's to_row uses: the store's per-row layouts (docs/store.md: row-major,
// NaN-padded to the largest n) and the cost columns.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "spec/grid.h"
#include "store/sweepstore.h"
#include "study/phases.h"
#include "train/bptt.h"

namespace wmsweep {

inline const double kNaN = std::nan("");

// (n, c) col-major → (n_max, c) row-major, NaN below row n
std::vector<double> rows_of(const std::vector<double>& colmajor, int n, int c, int n_max);
// (n) → (n_max), NaN past n
std::vector<double> padded(const std::vector<double>& v, int n_max);
// cost/seconds and cost/peak_bytes in `phases` order (NaN: the phase did not run)
void put_costs(const std::vector<std::string>& phases, const std::vector<PhaseCost>& costs,
               std::map<std::string, std::vector<double>>& values);

// One grid point's values, for a row file's root attributes (store/rowfile.h).
std::vector<Prefill> point_values(const GridPoint& p);

// trained/{w_rec, w_in, b, w_out, b_out, x0} of a BPTT network of n units (col-major params) in
// the store's row-major layouts: w_rec [pre][post], w_in [input][unit], w_out [unit][output],
// padded with NaN to n_max units, `inputs` and `outputs` slots
void put_rnn_params(const RnnParams& p, int n, int n_max, int inputs, int outputs,
                    std::map<std::string, std::vector<double>>& values);

}  // namespace wmsweep
