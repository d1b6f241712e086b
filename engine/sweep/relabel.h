#pragma once
// `wmsweep relabel STORE`: a study's labels derived again from the raw measurements the store
// keeps, under this engine's rules (StudySpec::relabel: e.g. mechanism labels and
// a "trained" mark). No network is recomputed. An earlier schema (wmsweep-store/1) is brought to
// the current one.
#include <cstdint>
#include <string>

namespace wmsweep {

struct RelabelReport {
  std::string from_schema;
  int64_t rows = 0, ok = 0;
  std::string lines;  // the study's report
};

// Refuses a store a run holds. Works on a copy beside the store and renames it into place, so
// an interruption leaves the original untouched.
RelabelReport relabel_store(const std::string& path);

}  // namespace wmsweep
