#pragma once
// `wmsweep plan SPEC`: what a sweep will cost before it runs. The cost model is measured, not
// guessed: the spec's largest unit of work runs here once, scaled down (a few training trials,
// a short long run, two σ, a few delays and fixed-point starts), each phase timed, and every
// phase's time scaled back up by the counts it is linear in (trials, steps, runs, starts). So
// the figures are this machine's, at the spec's N and group size.
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/spec.h"

namespace wmsweep {

struct PhaseEstimate {
  std::string phase;
  double seconds = 0;  // per network (training: per unit, shared by its networks)
};

struct SweepPlan {
  int64_t networks = 0, units = 0;
  int largest_unit = 0;
  std::vector<PhaseEstimate> per_network;  // the largest unit's networks, scaled up
  double unit_training = 0;                // seconds to train the largest unit
  bool training_shared = false;            // a unit's networks train together
  std::string training_note;               // how to read unit_training
  double core_seconds = 0;                 // the whole sweep on one core
  double longest_unit = 0;                 // seconds of the longest unit (a floor on wall time)
  double calibration_seconds = 0;          // what measuring took
  double cpu_share = 1;                    // of a core the calibration had (busy machine: < 1)
  double memory_bytes = 0;                 // of one rank running one unit (estimate.h)
  std::string memory_phase;
  double store_bytes = 0;
  // wall seconds with `workers` ranks computing (dynamic dispatch of the units)
  double wall_seconds(int workers) const;
};

SweepPlan plan_sweep(const Spec& spec);

// What the plan suggests for `wmsweep submit`: tasks of 2 ranks (1 worker each), at most one
// task per unit and 1000 tasks; a time limit of 1.5× a task's share of the work (at least its
// longest unit), in whole hours.
struct SubmitSuggestion {
  int64_t tasks = 1;
  std::string time;  // "HH:00:00"
};
SubmitSuggestion suggest_submit(const SweepPlan& plan);

// The report: grid, units, memory, store size, phase costs, core-hours, wall time at a few
// rank counts, and a `wmsweep submit` line (tasks, ranks per task, time limit).
std::string format_plan(const Spec& spec, const SweepPlan& plan);

}  // namespace wmsweep
