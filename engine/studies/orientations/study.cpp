// Study 2 as a plug-in: its worker, `wmsweep one`, the plan's calibration and memory model.
#include "studies/orientations/study.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "store/rowfile.h"
#include "study/rows.h"
#include "studies/orientations/pipeline.h"
#include "studies/orientations/rows.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

class OrientationsWorker : public StudyWorker {
 public:
  explicit OrientationsWorker(const OrientationsSpec& spec)
      : spec_(spec), task_(orientation_task(spec.config)) {}
  std::vector<NetworkRow> run_unit(const std::vector<GridPoint>& points, const UnitIO& io) override {
    std::vector<NetworkRow> rows;
    for (const GridPoint& p : points) {
      const OrientationResult r =
          run_orientation_network(spec_.config, task_, OrientationPoint::from(p), io.progress);
      NetworkRow out{to_row(spec_, r), row_summary(r), 0};
      for (const PhaseCost& c : r.phases) out.compute_seconds += c.seconds;
      if (io.finished) io.finished(rows.size(), out);
      rows.push_back(std::move(out));
    }
    return rows;
  }

 private:
  OrientationsSpec spec_;  // a copy: an abandoned unit's thread may outlive the sweep's frame
  OrientationTask task_;
};

}  // namespace

std::unique_ptr<StudyWorker> OrientationsSpec::worker(bool) const {
  return std::make_unique<OrientationsWorker>(*this);
}

// One network trained and analysed exactly as `run` does it; --out holds its store row.
int OrientationsSpec::one(const GridPoint& grid_point, const std::string& spec_text,
                          const OneOptions& o) const {
  if (o.save_inputs || !o.weights_from.empty() || !o.inputs_from.empty())
    throw InputError("--save-inputs, --weights-from and --inputs-from feed study 1's FORCE "
                     "trainer; this spec is of study orientations: drop them");
  const OrientationPoint point = OrientationPoint::from(grid_point);
  const OrientationTask task = orientation_task(config);
  const OrientationResult r = run_orientation_network(config, task, point, one_progress());
  std::printf("job %lld %s: %s\n", static_cast<long long>(point.job), grid_point.describe().c_str(),
              row_summary(r).c_str());
  if (!o.out.empty()) {
    write_row_file(o.out, spec_text, study(), point.job, point_values(grid_point),
                   store_columns(grid_columns(), phases(), columns(false)), to_row(*this, r));
    std::printf("wrote %s\n", o.out.c_str());
  }
  return r.ok ? 0 : 1;
}

// One network, a few BPTT iterations (training scales with iterations: the spec's
// max_iterations is an upper bound, reaching the threshold stops it earlier), a small θ grid,
// few behaviour trials and fixed-point starts.
StudyCalibration OrientationsSpec::calibrate(const std::vector<GridPoint>& unit) const {
  StudyCalibration plan;
  plan.training_note = "per network, at most (to max_iterations; the threshold stops it earlier)";
  OrientationsConfig small = config;
  small.train.max_iterations = std::min(config.train.max_iterations, 6);
  small.train.threshold_deg = 0;  // run every calibration iteration
  small.grid = std::min(config.grid, 6);
  small.behaviour_trials = std::min(config.behaviour_trials, 64);
  small.fixed_points.samples = std::min(config.fixed_points.samples, 4);
  const OrientationTask task = orientation_task(small);
  const OrientationResult r = run_orientation_network(small, task, OrientationPoint::from(unit.front()));
  plan.unit_training = seconds_of(r.phases, "train") * config.train.max_iterations / small.train.max_iterations;
  const std::pair<const char*, double> scale[] = {
      {"geometry", std::pow(static_cast<double>(config.grid) / small.grid, 2)},
      {"behaviour", static_cast<double>(config.behaviour_trials) / small.behaviour_trials},
      {"fixed_points", static_cast<double>(config.fixed_points.samples) / std::max(1, small.fixed_points.samples)}};
  for (const auto& [phase, factor] : scale) {
    const double s = seconds_of(r.phases, phase) * factor;
    if (s > 0) plan.per_network.push_back({phase, s});
  }
  return plan;
}

MemoryNeed OrientationsSpec::memory() const {
  const OrientationsConfig& o = config;
  const double d = sizeof(double), N = n_max;
  MemoryNeed out;
  auto consider = [&](double bytes, const std::string& what) {
    if (bytes > out.bytes) {
      out.bytes = bytes;
      out.largest = what;
    }
  };
  const double steps = o.task.steps(), B = o.train.batch, inputs = o.task.inputs();
  // BPTT keeps x and r of every step of the batch, and the inputs and gradients
  const double train = d * (4 * B * steps * N + B * steps * inputs + 8 * N * N);
  consider(train, "training (" + std::to_string(o.train.batch) + " trials × " +
                      std::to_string(o.task.steps()) + " steps × n kept for BPTT)");
  const double G2 = static_cast<double>(o.grid) * o.grid;
  consider(d * (4 * G2 * N + 4 * N * N), "geometry (a " + std::to_string(o.grid) + "² grid of trials)");
  consider(d * (3 * o.behaviour_trials * N + 2 * o.behaviour_trials * steps), "behaviour");
  consider(d * (8 * N * N + o.fixed_points.samples * N), "fixed points");
  return out;
}

}  // namespace wmsweep
