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

MemoryNeed estimate_unit_memory(const Spec& spec) { return spec.study->memory(); }

double estimate_store_bytes(const Spec& spec, int64_t rows, bool save_weights) {
  double per_row = 0;
  for (const Column& c : sweep_columns(spec, save_weights))
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
  const MemoryNeed e = estimate_unit_memory(spec);
  if (max_bytes > 0 && e.bytes > max_bytes)
    throw InputError("a unit of work of this spec needs about " + human_bytes(e.bytes) +
                     " of memory, mostly for " + e.largest + ", more than --max-memory " +
                     human_bytes(max_bytes) + ": lower those sizes, or raise --max-memory if the "
                     "machine has the memory");
}

}  // namespace wmsweep
