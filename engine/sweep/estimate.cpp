#include "sweep/estimate.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "store/schema.h"
#include "util/errors.h"

namespace wmsweep {

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0.0;
}

std::string human_bytes(double bytes) {
  char buf[32];
  if (bytes >= 1e9) std::snprintf(buf, sizeof buf, "%.3g GB", bytes / 1e9);
  else std::snprintf(buf, sizeof buf, "%.3g MB", bytes / 1e6);
  return buf;
}

MemoryEstimate estimate_unit_memory(const Spec& spec) {
  const double d = sizeof(double);
  const double N = *std::max_element(spec.grid.n.begin(), spec.grid.n.end());
  MemoryEstimate out;
  auto consider = [&](double bytes, const std::string& what) {
    if (bytes > out.bytes) {
      out.bytes = bytes;
      out.largest = what;
    }
  };
  if (spec.study == "orientations") {
    const OrientationsConfig& o = spec.orientations;
    const double steps = o.task.steps(), B = o.train.batch, inputs = o.task.inputs();
    // BPTT keeps x and r of every step of the batch, and the inputs and gradients
    const double train = d * (4 * B * steps * N + B * steps * inputs + 8 * N * N);
    consider(train, "training (" + std::to_string(o.train.batch) + " trials × " +
                        std::to_string(o.task.steps()) + " steps × n kept for BPTT)");
    const double G2 = static_cast<double>(o.grid) * o.grid;
    consider(d * (4 * G2 * N + 4 * N * N), "geometry (a " + std::to_string(o.grid) + "² grid of trials)");
    consider(d * (3 * o.behaviour_trials * N + 2 * o.behaviour_trials * steps), "behaviour");
    consider(d * (8 * N * N + spec.fixed_points.samples * N), "fixed points");
    return out;
  }
  const double G = std::max(1, spec.train.group_max);
  const AnalysisConfig& a = spec.analysis;
  // training: J, and per network two packed inverse correlations and the state
  consider(d * (N * N + G * (N * (N + 1) + 8 * N)),
           "training (J and train.group_max = " + std::to_string(spec.train.group_max) +
               " networks' P matrices, n = " + std::to_string(static_cast<int>(N)) + ")");
  const double batch = d * (N * N + 3 * N * 480);  // M and a batch of 480 runs (probes.cpp)
  const double error_runs = 16.0 * spec.test.stim_seeds;
  consider(batch + d * 4 * error_runs + d * 2 * 16 * N, "test runs (test.stim_seeds)");
  if (a.wants("classify") || a.wants("speed"))
    consider(batch + d * (5.0 * a.noise_copies + 4) * (N + 8), "long runs (analysis.noise_copies)");
  if (a.wants("robustness")) {
    const double runs = 16.0 * a.robustness_repeats * static_cast<double>(a.robustness_sigmas.size());
    char what[160];
    std::snprintf(what, sizeof what, "robustness (%.3g runs: analysis.robustness_sigmas × repeats)", runs);
    consider(batch + d * 5 * runs, what);
  }
  if (a.wants("forgetting")) {
    const double delays = std::floor((a.forget_to - a.forget_from) / a.forget_step + 0.5) + 1;
    const double runs = 16.0 * a.forgetting_repeats * delays;
    char what[200];
    std::snprintf(what, sizeof what,
                  "forgetting (%.3g runs: %.3g extra delays from analysis.forget_from/to/step × 16 × repeats)",
                  runs, delays);
    consider(batch + d * 5 * runs + d * 2 * delays, what);
  }
  if (a.wants("fixed_points"))
    consider(batch + d * (6 * N * N + fixed_point_start_count(spec) * N),
             "fixed points (n² matrices: J, JᵀJ, MᵀM, spectra)");
  return out;
}

double estimate_store_bytes(const Spec& spec, int64_t rows, bool save_weights) {
  double per_row = 0;
  for (const Column& c : store_columns(store_shape(spec, save_weights)))
    per_row += static_cast<double>(c.count()) * (c.type == ColumnType::text ? kReasonBytes : 8);
  return per_row * static_cast<double>(rows);
}

double parse_bytes(const std::string& text, const std::string& option) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  double scale = 1;
  const std::string unit = end ? std::string(end) : "";
  if (unit == "K" || unit == "k" || unit == "KB") scale = 1e3;
  else if (unit == "M" || unit == "MB") scale = 1e6;
  else if (unit == "G" || unit == "GB") scale = 1e9;
  else if (unit == "T" || unit == "TB") scale = 1e12;
  else if (!unit.empty() && unit != "B") scale = -1;
  if (text.empty() || end == text.c_str() || scale < 0 || !std::isfinite(v) || v <= 0)
    throw InputError(option + " " + text + ": give a size such as 24G, 500M or 2T");
  return v * scale;
}

void check_store_space(const Spec& spec, int64_t rows, bool save_weights, const std::string& store_path) {
  const size_t slash = store_path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : store_path.substr(0, slash + 1);
  struct statvfs fs;
  if (statvfs(folder.c_str(), &fs) != 0) return;  // the store's creation reports the folder
  const double free = static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize);
  const double need = estimate_store_bytes(spec, rows, save_weights);
  if (need > free)
    throw InputError(store_path + ": the store of " + std::to_string(rows) + " networks would take " +
                     human_bytes(need) + ", and the disk holding it has " + human_bytes(free) +
                     " free: store it elsewhere (--store), or lower the sizes of its per-row "
                     "curves (e.g. analysis.forget_step, n)");
}

void check_unit_memory(const Spec& spec, double max_bytes) {
  const MemoryEstimate e = estimate_unit_memory(spec);
  if (max_bytes > 0 && e.bytes > max_bytes)
    throw InputError("a unit of work of this spec needs about " + human_bytes(e.bytes) +
                     " of memory, mostly for " + e.largest + ", more than --max-memory " +
                     human_bytes(max_bytes) + ": lower those sizes, or raise --max-memory if the "
                     "machine has the memory");
}

}  // namespace wmsweep
