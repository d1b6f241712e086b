#include "study/phases.h"

#include <spdlog/spdlog.h>

namespace wmsweep {

double seconds_of(const std::vector<PhaseCost>& phases, const std::string& name) {
  for (const PhaseCost& c : phases)
    if (c.name == name) return c.seconds;
  return 0;
}

Progress one_progress() {
  return [last_percent = -1](const std::string& phase, double fraction, int) mutable {
    const int percent = static_cast<int>(fraction * 100);
    if (phase == "train" && percent / 10 == last_percent / 10) return;
    last_percent = percent;
    spdlog::info("{} {:.0f}%", phase, fraction * 100);
  };
}

}  // namespace wmsweep
