// Study 1 as a plug-in: its worker, `wmsweep one`, the plan's calibration and memory model.
#include "studies/seqmatch/study.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "studies/seqmatch/netfile.h"
#include "studies/seqmatch/pipeline.h"
#include "studies/seqmatch/rows.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

class SeqMatchWorker : public StudyWorker {
 public:
  SeqMatchWorker(const SeqMatchSpec& spec, bool save_weights)
      : spec_(spec), task_(make_task(spec.config, load_latent_source(spec.config))),
        save_weights_(save_weights) {}
  std::vector<NetworkRow> run_unit(const std::vector<GridPoint>& grid_points, const UnitIO& io) override {
    std::vector<SeqMatchPoint> points;
    for (const GridPoint& p : grid_points) points.push_back(SeqMatchPoint::from(p));
    std::vector<KeptTraining> kept(points.size());
    GroupHooks hooks;
    size_t trains = points.size();  // networks training in this run: they share its cost
    for (size_t k = 0; k < io.kept.size(); ++k)
      if (!io.kept[k].values.empty()) {
        try {
          kept[k] = kept_training(spec_, points[k].n, io.kept[k]);
        } catch (const std::exception&) {
          continue;  // damaged: trained again
        }
        hooks.kept.resize(points.size(), nullptr);
        hooks.kept[k] = &kept[k];
        --trains;
      }
    std::vector<NetworkRow> rows(points.size());
    auto finish = [&](size_t k, const NetworkResult& r) {
      NetworkRow out{to_row(spec_, r, save_weights_), row_summary(r), 0};
      // this network's share of this run's compute: a training run here is shared by the
      // networks that trained; a kept one cost nothing now
      const bool was_kept = !hooks.kept.empty() && hooks.kept[k];
      for (const PhaseCost& c : r.phases)
        if (c.name != "train") out.compute_seconds += c.seconds;
        else if (!was_kept) out.train_seconds = c.seconds / static_cast<double>(std::max<size_t>(1, trains));
      out.compute_seconds += out.train_seconds;
      if (io.finished) io.finished(k, out);
      rows[k] = std::move(out);
    };
    hooks.finished = finish;
    if (io.trained)
      hooks.trained = [&](size_t k, const NetworkResult& r) { io.trained(k, kept_row(spec_, r)); };
    run_group(spec_.config, task_, points, {}, {}, io.progress, hooks);
    return rows;
  }

 private:
  SeqMatchSpec spec_;  // a copy: an abandoned unit's thread may outlive the sweep's frame
  SeqMatchTask task_;
  bool save_weights_;
};

void print_summary(const SeqMatchConfig& spec, const NetworkResult& r) {
  std::printf("job %lld  %s\n", static_cast<long long>(r.point.job), r.point.describe().c_str());
  std::printf("status      %s%s%s\n", r.ok ? "ok" : "FAILED", r.ok ? "" : ": ", r.reason.c_str());
  if (r.ok) {
    std::printf("error rate ");
    for (size_t k = 0; k < r.error.rate.size(); ++k)
      std::printf("  eps=%g: %.3f", spec.test.thresholds[k], r.error.rate[k]);
    std::printf("\n  study's   ");
    for (size_t k = 0; k < r.error.study_rate.size(); ++k)
      std::printf("  eps=%g: %.3f", spec.test.thresholds[k], r.error.study_rate[k]);
    std::printf("  (rmse over %d runs)\n", static_cast<int>(r.error.rmse.size()));
    std::printf("trained     %s (at most %g of runs with %s above %g)%s\n", r.trained ? "yes" : "no",
                spec.test.trained_max_rate, spec.test.trained_rmse == "study" ? "the study's rmse" : "rmse",
                spec.test.trained_epsilon, r.skipped ? ": probes skipped" : "");
    if (!r.error.phasic.empty())
      std::printf("phasic      delay1 %.3f  response %.3f  (|mean r| > %g, mean of 16 runs)\n",
                  phasic_mean(r.error, 0), phasic_mean(r.error, 1), spec.analysis.phasic_threshold);
    if (r.has_longrun) {
      std::printf("label A     %-14s (%d distinct, %s)\n",
                  mechanism_name(r.longrun.label_a.mechanism), r.longrun.label_a.distinct,
                  r.longrun.label_a.settled ? "settled" : "not settled");
      std::printf("label B     %-14s (%d distinct, %s)\n",
                  mechanism_name(r.longrun.label_b.mechanism), r.longrun.label_b.distinct,
                  r.longrun.label_b.settled ? "settled" : "not settled");
      std::printf("speed       ");
      for (size_t k = 0; k < spec.analysis.speed_at.size(); ++k)
        std::printf(" t=%d:%.2g", spec.analysis.speed_at[k], r.longrun.speed[k]);
      std::printf("  (trial end 1)\n");
    }
    auto curve = [](const char* name, const char* x, const FailureCurve& c) {
      std::printf("%-11s", name);
      for (size_t k = 0; k < c.x.size(); k += std::max<size_t>(1, c.x.size() / 6))
        std::printf(" %s=%g:%.2f/%.2f", x, c.x[k], c.fail_end[k], c.fail_settle[k]);
      std::printf("  (fail end/settle)\n");
    };
    if (r.has_fixed_points) {
      const FixedPointSet& set = r.fixed_points;
      const auto kinds = kind_counts(set);
      std::printf("points      %zu from %zu starts: %d stable, %d saddle, %d marginal, %d slow; "
                  "%d unconverged (%ld iterations, %.2fs + %.2fs spectra)\n",
                  set.points.size(), set.starts.size(), kinds[0], kinds[1], kinds[2], kinds[3],
                  unconverged_starts(set), set.iterations, set.seconds_find, set.seconds_eigen);
      for (size_t p = 0; p < std::min<size_t>(set.points.size(), 6); ++p) {
        const FixedPoint& fp = set.points[p];
        std::printf("  point %-3zu %-10s hits %-4d unstable %-3d slow %-3d q %.1e  lambda_1 %.4f%+.4fi\n",
                    p, point_kind_name(fp.kind), fp.starts, fp.unstable, fp.slow, fp.q,
                    fp.eigenvalues.empty() ? 0.0 : fp.eigenvalues[0].real(),
                    fp.eigenvalues.empty() ? 0.0 : fp.eigenvalues[0].imag());
      }
      std::printf("memories   ");
      for (const MemorySite& m : r.memories)
        std::printf(" [point %d %s, distance %.3f, slow %.2f]", m.point, point_kind_name(m.kind),
                    m.distance, m.slow_fraction);
      std::printf("\nlabel dyn.  %s\n", mechanism_name(r.dynamics));
    }
    if (r.has_robustness) curve("robustness", "sigma", r.robustness);
    if (r.has_forgetting) curve("forgetting", "d", r.forgetting);
  }
  std::printf("cost       ");
  for (const PhaseCost& c : r.phases)
    std::printf(" %s %.2fs/%.0fMB", c.name.c_str(), c.seconds, c.peak_bytes / 1048576.0);
  std::printf("\n");
}

}  // namespace

std::unique_ptr<StudyWorker> SeqMatchSpec::worker(bool save_weights) const {
  return std::make_unique<SeqMatchWorker>(*this, save_weights);
}

int SeqMatchSpec::one(const GridPoint& grid_point, const std::string& spec_text,
                      const OneOptions& o) const {
  const SeqMatchConfig& spec = config;
  const SeqMatchPoint point = SeqMatchPoint::from(grid_point);
  const SeqMatchTask task = make_task(spec, load_latent_source(spec));
  Weights given_weights;
  TrainingSequence sequence;
  GivenInputs given;
  if (!o.weights_from.empty()) {
    given_weights = read_initial_weights(o.weights_from);
    if (given_weights.n != point.n)
      throw InputError(o.weights_from + ": /init/J is " + std::to_string(given_weights.n) +
                       " units but job " + std::to_string(point.job) + " has n = " +
                       std::to_string(point.n));
    given.weights = &given_weights;
  }
  const size_t steps = static_cast<size_t>(spec.train.n_train) * task.timing().trial();
  if (!o.inputs_from.empty()) {
    sequence = read_training_sequence(o.inputs_from);
    if (sequence.types.size() != static_cast<size_t>(spec.train.n_train) ||
        sequence.u.size() != 2 * steps)
      throw InputError(o.inputs_from + ": /train holds " + std::to_string(sequence.types.size()) +
                       " trials, the spec asks train.n_train = " +
                       std::to_string(spec.train.n_train));
    given.sequence = &sequence;
  } else if (o.save_inputs) {
    sequence = draw_training_sequence(task, point.key(), spec.train.n_train);
  }
  const std::vector<NetworkResult> results = run_group(spec, task, {point}, given, {}, one_progress());
  const NetworkResult& r = results.front();
  print_summary(spec, r);
  if (!o.out.empty()) {
    write_network_file(o.out, spec_text, spec, r, (o.save_inputs || given.sequence) ? &sequence : nullptr);
    std::printf("wrote %s\n", o.out.c_str());
  }
  return r.ok ? 0 : 1;
}

// The largest unit trains a few trials as a group (training scales with trials), then one
// network runs every analysis at a reduced size (each scales with its steps, runs or starts).
StudyCalibration SeqMatchSpec::calibrate(const std::vector<GridPoint>& grid_unit) const {
  std::vector<SeqMatchPoint> unit;
  for (const GridPoint& p : grid_unit) unit.push_back(SeqMatchPoint::from(p));
  const SeqMatchConfig& spec = config;
  StudyCalibration plan;
  plan.training_shared = true;
  plan.training_note = "per unit (its networks train together)";
  const SeqMatchTask task = make_task(spec, load_latent_source(spec));
  const int T = task.timing().trial();
  SeqMatchConfig train = spec;
  train.train.n_train = std::min(spec.train.n_train, 8);
  train.analysis.run.clear();
  train.test.n_trials = 4;
  train.test.stim_seeds = 1;
  const std::vector<NetworkResult> group = run_group(train, task, unit);
  plan.unit_training = seconds_of(group.front().phases, "train") *
                       static_cast<double>(spec.train.n_train) / train.train.n_train;

  SeqMatchConfig small = train;
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
  return plan;
}

MemoryNeed SeqMatchSpec::memory() const {
  const SeqMatchConfig& spec = config;
  const double d = sizeof(double);
  const double N = n_max;
  MemoryNeed out;
  auto consider = [&](double bytes, const std::string& what) {
    if (bytes > out.bytes) {
      out.bytes = bytes;
      out.largest = what;
    }
  };
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

}  // namespace wmsweep
