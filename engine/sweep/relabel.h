#pragma once
// `wmsweep relabel STORE`: the mechanism labels and the "trained" mark of every committed
// network, derived again from the raw measurements the store keeps (window statistics of z,
// per-run rmse), under this engine's rules. No network is recomputed. A wmsweep-store/1 store
// (labels by the earlier rule) is brought to the current schema: the columns it lacks are
// added (the study's error rate from the stored rmse; `phasic`, which /1 measured as mean |r|,
// becomes NaN: the study's |mean r| needs the network run again).
#include <cstdint>
#include <string>

namespace wmsweep {

struct RelabelReport {
  std::string from_schema, study;
  int64_t rows = 0, ok = 0;
  int64_t labelled = 0;             // ok rows whose long runs were recorded
  int64_t changed_a = 0, changed_b = 0;  // labels that differ from the stored ones
  int64_t trained = 0;              // ok rows that meet test.trained_*
  bool phasic_cleared = false;      // a /1 store's mean-|r| phasic column was cleared
};

// Refuses a store a run holds. Works on a copy beside the store and renames it into place, so
// an interruption leaves the original untouched.
RelabelReport relabel_store(const std::string& path);

}  // namespace wmsweep
