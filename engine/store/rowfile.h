#pragma once
// One network's store row as a file of its own: what `wmsweep one --out` writes for a study
// whose networks have no richer file layout. Every column of the store's schema is a float64
// dataset of the column's per-row shape, so file[c][()] equals store[c][row] value for value
// (integer columns hold whole numbers, −1 where not measured; NaN pads as in the store). The
// spec is /spec; the study, the job, the grid point, status and reason are root attributes.
#include <string>
#include <vector>

#include "store/schema.h"
#include "store/sweepstore.h"

namespace wmsweep {

inline constexpr const char* kRowFileSchema = "wmsweep-row/1";

// `grid`: one value per grid column (the row's job and hyperparameters).
void write_row_file(const std::string& path, const std::string& spec_text, const std::string& study,
                    int64_t job, const std::vector<Prefill>& grid,
                    const std::vector<Column>& columns, const Row& row);

}  // namespace wmsweep
