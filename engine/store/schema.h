#pragma once
// The sweep store's schema, "wmsweep-store/2": one row per network, one dataset per column,
// each (rows, per-row shape…) allocated in full when the store is created. The store owns the
// core columns every study has (job, status, reason, session, cost/*); a study declares its grid
// columns and its own (study/study.h), and a reader learns them from the file. Knows no study.
//
// Orientation: per-row arrays read in h5py exactly as the same dataset of `wmsweep one`'s
// file, padded with NaN to the largest n. Integer columns use −1 for "not measured". `status`
// is the commit mark, written last: 0 pending (nothing of the row may be trusted), 1 ok, 2
// failed (reason says why), 3 trained (only the study's kept columns hold values: its
// training, which a resume reuses; the row is still pending).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace wmsweep {

inline constexpr const char* kStoreSchema = "wmsweep-store/2";
// /1 (labels by an earlier rule, no "trained" column): `wmsweep relabel` upgrades it.
inline constexpr const char* kStoreSchemaV1 = "wmsweep-store/1";
inline constexpr int kReasonBytes = 256;  // `reason` is a fixed-length, NUL-padded string

// The values of `status`. Only ok and failed are committed; pending and trained rows run again.
// Skipped: an adaptive sweep (sweep/adaptive.h) stopped without needing that seed.
enum RowStatus : int { kPending = 0, kOk = 1, kFailed = 2, kTrained = 3, kSkipped = 4 };
inline bool is_committed(double status) { return status == kOk || status == kFailed; }
inline bool is_pending(double status) { return status == kPending || status == kTrained; }

enum class ColumnType { f64, i64, i32, i8, text };

// What a row holds where a value was not measured: NaN, or −1 in an integer column.
inline double missing_value(ColumnType t) { return t == ColumnType::f64 ? std::nan("") : -1.0; }

struct Column {
  std::string name;                 // dataset path below the root, e.g. "error/rate"
  ColumnType type;
  std::vector<uint64_t> shape;      // per row; the dataset is (rows, shape…)
  std::string meaning;
  // A categorical column: value k means categories[k] (stored as the dataset's attribute
  // `categories`, comma-separated, which query and the Python loader decode).
  std::vector<std::string> categories = {};
  size_t count() const {            // values per row
    size_t c = 1;
    for (uint64_t d : shape) c *= d;
    return c;
  }
};

// The columns of a store, in dataset order: job, the study's grid columns, the core columns
// (status, reason, session, cost/seconds and cost/peak_bytes per phase, cost/write_seconds),
// then the study's own.
std::vector<Column> store_columns(const std::vector<Column>& grid, const std::vector<std::string>& phases,
                                  const std::vector<Column>& study);

// The x axes of a study's per-row curves, stored once as /axes/<name> so readers need not
// parse the spec (e.g. test thresholds, σ of robustness).
struct Axis {
  std::string name;
  std::vector<double> values;
  std::string meaning;
};

}  // namespace wmsweep
