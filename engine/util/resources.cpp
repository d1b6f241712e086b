#include "util/resources.h"

#include <time.h>

#include <cstdio>
#include <cstring>

namespace wmsweep {
namespace {

long status_field_kb(const char* name) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return 0;
  char line[256];
  long kb = 0;
  const size_t len = std::strlen(name);
  while (std::fgets(line, sizeof line, f)) {
    if (std::strncmp(line, name, len) == 0 && line[len] == ':') {
      std::sscanf(line + len + 1, "%ld", &kb);
      break;
    }
  }
  std::fclose(f);
  return kb;
}

}  // namespace

long peak_rss_bytes() { return status_field_kb("VmHWM") * 1024; }

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}
long rss_bytes() { return status_field_kb("VmRSS") * 1024; }

bool reset_peak_rss() {
  FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (!f) return false;
  const bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

}  // namespace wmsweep
