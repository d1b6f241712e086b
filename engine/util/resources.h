#pragma once
// Wall time and peak resident memory of this process, for per-phase reports.
#include <chrono>

namespace wmsweep {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// CPU seconds the process has used (all its threads).
double process_cpu_seconds();

// Peak resident set size (VmHWM) in bytes; 0 where /proc is not available.
long peak_rss_bytes();
// Current resident set size (VmRSS) in bytes.
long rss_bytes();
// Start a new peak-measuring window (Linux: /proc/self/clear_refs "5" resets VmHWM to
// the current RSS). Returns false where the kernel does not allow it.
bool reset_peak_rss();

}  // namespace wmsweep
