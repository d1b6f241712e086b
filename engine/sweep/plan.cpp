#include "sweep/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "spec/section.h"
#include "sweep/estimate.h"
#include "sweep/units.h"
#include "util/resources.h"

namespace wmsweep {
namespace {

std::string span(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  const long s = std::lround(std::max(0.0, seconds));
  char buf[32];
  if (seconds < 9.95) std::snprintf(buf, sizeof buf, "%.1fs", std::max(0.0, seconds));
  else if (s >= 86400) std::snprintf(buf, sizeof buf, "%ldd%02ldh", s / 86400, s / 3600 % 24);
  else if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

// A network's size: its grid's n (the products scale with n²), 1 for a study without one.
double size_of(const GridPoint& p) { return p.has("n") ? p.real("n") : 1.0; }

}  // namespace

double SweepPlan::wall_seconds(int workers) const {
  // units dispatched to whichever worker is free: about the work over the workers, and never
  // less than the longest unit
  return std::max(core_seconds / std::max(1, workers), longest_unit);
}

SweepPlan plan_sweep(const Spec& spec) {
  const Grid grid = spec.grid();
  const std::vector<std::vector<int64_t>> units = make_units(grid, spec.study->group_max());
  SweepPlan plan;
  plan.networks = grid.size();
  plan.units = static_cast<int64_t>(units.size());
  const MemoryNeed memory = estimate_unit_memory(spec);
  plan.memory_bytes = memory.bytes;
  plan.memory_phase = memory.largest;
  plan.store_bytes = estimate_store_bytes(spec, grid.size(), false);
  // calibrate on the unit of the largest networks, and among those the largest unit
  size_t pick = 0;
  for (size_t u = 0; u < units.size(); ++u) {
    const double a = size_of(grid.point(units[u].front())), b = size_of(grid.point(units[pick].front()));
    if (a > b || (a == b && units[u].size() > units[pick].size())) pick = u;
  }
  std::vector<GridPoint> unit;
  for (int64_t job : units[pick]) unit.push_back(grid.point(job));
  plan.largest_unit = static_cast<int>(unit.size());
  const Stopwatch clock;
  const double cpu_before = process_cpu_seconds();
  const StudyCalibration measured = spec.study->calibrate(unit);
  plan.unit_training = measured.unit_training;
  plan.training_shared = measured.training_shared;
  plan.training_note = measured.training_note;
  for (const auto& [phase, seconds] : measured.per_network) plan.per_network.push_back({phase, seconds});
  plan.calibration_seconds = clock.seconds();
  // The phases are timed by the wall clock: on a machine busy with other work that reads
  // slow. The calibration runs on one thread, so CPU time / wall time is the share of a core it
  // had; scaling by it gives the times of an idle core (what a rank of a sweep gets).
  const double share = std::clamp((process_cpu_seconds() - cpu_before) / plan.calibration_seconds, 0.05, 1.0);
  plan.cpu_share = share;
  plan.unit_training *= share;
  for (PhaseEstimate& p : plan.per_network) p.seconds *= share;

  // every unit scaled from the calibrated one by its networks' n² (the products dominate)
  double analyses = 0;
  for (const PhaseEstimate& p : plan.per_network) analyses += p.seconds;
  const double n_ref = size_of(unit.front());
  for (const std::vector<int64_t>& u : units) {
    const double n = size_of(grid.point(u.front()));
    const double scale = (n / n_ref) * (n / n_ref);
    const double group = static_cast<double>(u.size()) / plan.largest_unit;
    // a group's training costs a bit more than one network's and less than G of them: scale
    // the calibrated group's time by the group size (an upper bound for smaller groups)
    const double seconds = scale * (plan.unit_training * (plan.training_shared ? group : 1.0) +
                                    analyses * static_cast<double>(u.size()));
    plan.core_seconds += seconds;
    plan.longest_unit = std::max(plan.longest_unit, seconds);
  }
  return plan;
}

SubmitSuggestion suggest_submit(const SweepPlan& plan) {
  SubmitSuggestion s;
  s.tasks = std::min<int64_t>(std::max<int64_t>(1, plan.units), 1000);
  const double per_task = 1.5 * std::max(plan.core_seconds / static_cast<double>(s.tasks), plan.longest_unit);
  const long hours = std::max(1L, static_cast<long>(std::ceil(per_task / 3600)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:00:00", hours);
  s.time = buf;
  return s;
}

std::string format_plan(const Spec& spec, const SweepPlan& plan) {
  std::ostringstream out;
  char line[256];
  out << "plan for " << spec.name << " (study " << spec.study->study() << "): " << plan.networks
      << " networks in " << plan.units << " units of work (at most " << plan.largest_unit
      << " networks share a unit's training)\n";
  if (spec.adaptive.on)
    out << "adaptive runs at most " << std::min(spec.adaptive.budget, plan.networks) << " of them (adaptive.budget; "
        << "it stops sooner once every cell meets ±" << compact(spec.adaptive.half_width)
        << "): the figures below are the whole grid's, an upper bound; submit it as one task (--tasks 1)\n";
  out << "memory   " << human_bytes(plan.memory_bytes) << " per rank (largest: " << plan.memory_phase
      << ")\nstore    " << human_bytes(plan.store_bytes) << "\n";
  out << "measured on this machine in " << span(plan.calibration_seconds)
      << " (the largest unit, scaled down; phases scaled back up by their counts";
  if (plan.cpu_share < 0.95) {
    std::snprintf(line, sizeof line, "; the machine is busy: it had %.0f%% of a core, times scaled to an idle one",
                  100 * plan.cpu_share);
    out << line;
  }
  out << "):\n";
  std::snprintf(line, sizeof line, "  %-14s %10s  %s\n", "train",
                span(plan.unit_training).c_str(),
                plan.training_note.c_str());
  out << line;
  for (const PhaseEstimate& p : plan.per_network) {
    std::snprintf(line, sizeof line, "  %-14s %10s  per network\n", p.phase.c_str(), span(p.seconds).c_str());
    out << line;
  }
  std::snprintf(line, sizeof line, "compute  %.2f core-hours (%s on one core)\n", plan.core_seconds / 3600,
                span(plan.core_seconds).c_str());
  out << line << "wall     ";
  for (int ranks : {1, 3, 9, 33, 129}) {
    const int workers = ranks == 1 ? 1 : ranks - 1;
    out << (ranks == 1 ? "" : " | ") << ranks << (ranks == 1 ? " process " : " ranks ")
        << span(plan.wall_seconds(workers));
  }
  out << "   (floor: the longest unit, " << span(plan.longest_unit) << ")\n";
  const SubmitSuggestion s = suggest_submit(plan);
  if (spec.adaptive.on) {  // one task: its ranks share the rounds (wall times above, at most)
    out << "submit   wmsweep submit SPEC --run-dir DIR --tasks 1 --ranks-per-task R --time T   (R "
           "and T from the wall times above; an adaptive sweep runs as one task)\n";
    return out.str();
  }
  std::snprintf(line, sizeof line,
                "submit   wmsweep submit SPEC --run-dir DIR --tasks %lld --ranks-per-task 2 --time %s"
                "   (or: wmsweep submit SPEC --run-dir DIR --plan)\n",
                static_cast<long long>(s.tasks), s.time.c_str());
  out << line;
  return out.str();
}

}  // namespace wmsweep
