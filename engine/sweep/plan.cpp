#include "sweep/plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "pipeline/study1.h"
#include "pipeline/study2.h"
#include "store/netfile.h"
#include "sweep/estimate.h"
#include "sweep/grid.h"
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

double seconds_of(const std::vector<PhaseCost>& phases, const std::string& name) {
  for (const PhaseCost& c : phases)
    if (c.name == name) return c.seconds;
  return 0;
}

int delays_of(const AnalysisConfig& a) {
  return static_cast<int>(std::lround((a.forget_to - a.forget_from) / a.forget_step)) + 1;
}

// Study 1: the largest unit trains a few trials as a group (training scales with trials), then
// one network runs every analysis at a reduced size (each scales with its steps, runs or
// starts).
void calibrate_seqmatch(const Spec& spec, const std::vector<GridPoint>& unit, SweepPlan& plan) {
  const SeqMatchTask task = make_task(spec, load_latent_source(spec));
  const int T = task.timing().trial();
  Spec train = spec;
  train.train.n_train = std::min(spec.train.n_train, 8);
  train.analysis.run.clear();
  train.test.n_trials = 4;
  train.test.stim_seeds = 1;
  const std::vector<NetworkResult> group = run_group(train, task, unit);
  plan.unit_training = seconds_of(group.front().phases, "train") *
                       static_cast<double>(spec.train.n_train) / train.train.n_train;

  Spec small = train;
  small.train.n_train = std::min(spec.train.n_train, 2);
  small.analysis = spec.analysis;
  AnalysisConfig& a = small.analysis;
  a.classify_trials = 1;
  a.window_trials = 1;
  a.speed_at = {0, 1};
  const size_t sigmas = spec.analysis.robustness_sigmas.size();
  a.robustness_sigmas.resize(std::min<size_t>(sigmas, 2));
  const int delays = delays_of(spec.analysis), delays_small = std::min(delays, 4);
  a.forget_to = a.forget_from + (delays_small - 1) * a.forget_step;
  FixedPointsConfig& fp = small.fixed_points;
  fp.samples = std::min(spec.fixed_points.samples, 4);
  fp.noisy_ends = std::min(spec.fixed_points.noisy_ends, 2);
  const NetworkResult one = run_group(small, task, {unit.front()}).front();

  const AnalysisConfig& full = spec.analysis;
  const double steps_full = std::max(full.classify_trials, full.speed_at.back()) * double(T);
  // test: n_trials single-trajectory trials and the batched error-rate runs (a batched run
  // costs about 0.4 of a trial: ours, measured at n = 1000)
  const double test_scale = (spec.test.n_trials + 0.4 * 16 * spec.test.stim_seeds) /
                            (small.test.n_trials + 0.4 * 16 * small.test.stim_seeds);
  const int starts = fixed_point_start_count(spec), starts_small = fixed_point_start_count(small);
  const std::pair<const char*, double> scale[] = {
      {"test", test_scale},
      {"classify", steps_full / T},
      {"robustness", static_cast<double>(sigmas) / std::max<size_t>(1, a.robustness_sigmas.size())},
      {"forgetting", static_cast<double>(delays) / delays_small},
      {"fixed_points", starts_small > 0 ? static_cast<double>(starts) / starts_small : 0.0}};
  for (const auto& [phase, factor] : scale) {
    const double s = seconds_of(one.phases, phase) * factor;
    if (s > 0) plan.per_network.push_back({phase, s});
  }
}

// Study 2: one network, a few BPTT iterations (training scales with iterations: the spec's
// max_iterations is an upper bound, reaching the threshold stops it earlier), a small θ grid,
// few behaviour trials and fixed-point starts.
void calibrate_orientations(const Spec& spec, const GridPoint& point, SweepPlan& plan) {
  Spec small = spec;
  OrientationsConfig& o = small.orientations;
  o.train.max_iterations = std::min(spec.orientations.train.max_iterations, 6);
  o.train.threshold_deg = 0;  // run every calibration iteration
  o.grid = std::min(spec.orientations.grid, 6);
  o.behaviour_trials = std::min(spec.orientations.behaviour_trials, 64);
  small.fixed_points.samples = std::min(spec.fixed_points.samples, 4);
  const OrientationTask task = orientation_task(small);
  const OrientationResult r = run_orientation_network(small, task, point);
  const OrientationsConfig& full = spec.orientations;
  plan.unit_training = seconds_of(r.phases, "train") * full.train.max_iterations / o.train.max_iterations;
  const std::pair<const char*, double> scale[] = {
      {"geometry", std::pow(static_cast<double>(full.grid) / o.grid, 2)},
      {"behaviour", static_cast<double>(full.behaviour_trials) / o.behaviour_trials},
      {"fixed_points", static_cast<double>(spec.fixed_points.samples) / std::max(1, small.fixed_points.samples)}};
  for (const auto& [phase, factor] : scale) {
    const double s = seconds_of(r.phases, phase) * factor;
    if (s > 0) plan.per_network.push_back({phase, s});
  }
}

}  // namespace

double SweepPlan::wall_seconds(int workers) const {
  // units dispatched to whichever worker is free: about the work over the workers, and never
  // less than the longest unit
  return std::max(core_seconds / std::max(1, workers), longest_unit);
}

SweepPlan plan_sweep(const Spec& spec) {
  const Grid grid(spec.grid);
  const std::vector<std::vector<int64_t>> units = make_units(grid, spec.train.group_max);
  SweepPlan plan;
  plan.networks = grid.size();
  plan.units = static_cast<int64_t>(units.size());
  const MemoryEstimate memory = estimate_unit_memory(spec);
  plan.memory_bytes = memory.bytes;
  plan.memory_phase = memory.largest;
  plan.store_bytes = estimate_store_bytes(spec, grid.size(), false);
  // calibrate on the unit of the largest networks, and among those the largest unit
  size_t pick = 0;
  for (size_t u = 0; u < units.size(); ++u) {
    const GridPoint a = grid.point(units[u].front()), b = grid.point(units[pick].front());
    if (a.n > b.n || (a.n == b.n && units[u].size() > units[pick].size())) pick = u;
  }
  std::vector<GridPoint> unit;
  for (int64_t job : units[pick]) unit.push_back(grid.point(job));
  plan.largest_unit = static_cast<int>(unit.size());
  const Stopwatch clock;
  const double cpu_before = process_cpu_seconds();
  if (spec.study == "orientations") calibrate_orientations(spec, unit.front(), plan);
  else calibrate_seqmatch(spec, unit, plan);
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
  const double n_ref = unit.front().n;
  for (const std::vector<int64_t>& u : units) {
    const double n = grid.point(u.front()).n;
    const double scale = (n / n_ref) * (n / n_ref);
    const double group = static_cast<double>(u.size()) / plan.largest_unit;
    // a group's training costs a bit more than one network's and less than G of them: scale
    // the calibrated group's time by the group size (an upper bound for smaller groups)
    const double seconds = scale * (plan.unit_training * (spec.study == "orientations" ? 1.0 : group) +
                                    analyses * static_cast<double>(u.size()));
    plan.core_seconds += seconds;
    plan.longest_unit = std::max(plan.longest_unit, seconds);
  }
  return plan;
}

std::string format_plan(const Spec& spec, const SweepPlan& plan) {
  std::ostringstream out;
  char line[256];
  out << "plan for " << spec.name << " (study " << spec.study << "): " << plan.networks
      << " networks in " << plan.units << " units of work (at most " << plan.largest_unit
      << " networks share a unit's training)\n";
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
                spec.study == "orientations" ? "per network, at most (to max_iterations; the threshold stops it earlier)"
                                             : "per unit (its networks train together)");
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
  // SLURM: tasks of 2 ranks (1 worker each), at most one task per unit and 1000 tasks; a time
  // limit of 1.5× the task's share of the work (at least its longest unit), in whole hours
  const int64_t tasks = std::min<int64_t>({plan.units, 1000, std::max<int64_t>(1, plan.units)});
  const double per_task = 1.5 * std::max(plan.core_seconds / static_cast<double>(tasks), plan.longest_unit);
  const long hours = std::max(1L, static_cast<long>(std::ceil(per_task / 3600)));
  std::snprintf(line, sizeof line,
                "submit   wmsweep submit SPEC --run-dir DIR --tasks %lld --ranks-per-task 2 --time %02ld:00:00\n",
                static_cast<long long>(tasks), hours);
  out << line;
  return out.str();
}

}  // namespace wmsweep
