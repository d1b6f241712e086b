#pragma once
// The sweep store's schema, "wmsweep-store/1": one row per network, one dataset per column,
// each (rows, per-row shape…) allocated in full when the store is created. This list is the
// one definition the writer, the readers, docs/store.md's table and the Python loader agree on.
//
// Orientation: per-row arrays read in h5py exactly as the same dataset of `wmsweep one`'s
// file (e.g. end_states[row] is (n, 4) like /results/end_states), padded with NaN to n_max.
// Integer columns use −1 for "not measured". `status` is the commit mark, written last:
// 0 pending (nothing of the row may be trusted), 1 ok, 2 failed (reason says why).
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/spec.h"

namespace wmsweep {

inline constexpr const char* kStoreSchema = "wmsweep-store/2";
// /1 (before the study's exact label rule and "trained"): `wmsweep relabel` upgrades it.
inline constexpr const char* kStoreSchemaV1 = "wmsweep-store/1";
inline constexpr int kReasonBytes = 256;  // `reason` is a fixed-length, NUL-padded string

enum class ColumnType { f64, i64, i32, i8, text };

// What a row holds where a value was not measured: NaN, or −1 in an integer column.
inline double missing_value(ColumnType t) { return t == ColumnType::f64 ? std::nan("") : -1.0; }

struct Column {
  std::string name;                 // dataset path below the root, e.g. "error/rate"
  ColumnType type;
  std::vector<uint64_t> shape;      // per row; the dataset is (rows, shape…)
  std::string meaning;
  size_t count() const {            // values per row
    size_t c = 1;
    for (uint64_t d : shape) c *= d;
    return c;
  }
};

// Study 2's torus labels (dynamics/torus.h), in stored order: the root attribute `torus_labels`.
const std::vector<std::string>& torus_label_names();

// The per-row sizes a spec implies.
struct StoreShape {
  std::string study = "seqmatch";  // or "orientations": study 2's columns
  int n_max = 0;          // largest n on the grid
  int thresholds = 0;     // test.thresholds
  int rmse_runs = 0;      // 16 · test.stim_seeds
  int starts_a = 0;       // 5 · analysis.noise_copies
  int speed_at = 0;       // analysis.speed_at
  int sigmas = 0;         // analysis.robustness_sigmas
  int delays = 0;         // forgetting extra delays
  int points = 0;         // fixed_points.max_points: point slots per row
  int keep = 0;           // fixed_points.keep: eigenvalues per point
  int fp_starts = 0;      // fixed_point_start_count(spec)
  bool weights = false;   // --save-weights
  // study 2
  int curve = 0;              // train.max_iterations: learning-curve slots
  int connectivity_bins = 0;  // analysis.connectivity_bins
  int repulsion_bins = 0;     // analysis.repulsion_bins
  int inputs = 0, outputs = 0;
};
StoreShape store_shape(const Spec& spec, bool save_weights);

// Cost phases, in column order of cost/seconds and cost/peak_bytes.
const std::vector<std::string>& cost_phases(const std::string& study = "seqmatch");

std::vector<Column> store_columns(const StoreShape& shape);

// The x axes of the per-row curves, stored once as /axes/<name> so readers need not parse the
// spec: test thresholds, σ of robustness, extra delays d of forgetting, speed_at trial lengths.
struct Axis {
  std::string name;
  std::vector<double> values;
  std::string meaning;
};
std::vector<Axis> store_axes(const Spec& spec);

}  // namespace wmsweep
