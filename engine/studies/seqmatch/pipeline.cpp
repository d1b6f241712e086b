#include "studies/seqmatch/pipeline.h"

#include <cmath>
#include <cstdio>

#include "linalg/matmul.h"
#include "util/rng.h"
#include "util/errors.h"
#include "util/resources.h"

namespace wmsweep {
namespace {

// Starts, in this order: the 4 trial-end states; the long runs' ends, B's 4 then noisy_ends of
// A's (evenly spaced: A's runs are grouped by base state); the noisy test-trajectory samples.
// fixed_point_start_count() of them for every network.
std::vector<double> fixed_point_starts(const NetworkResult& res, const FixedPointsConfig& fp,
                                       uint64_t key) {
  const size_t n = static_cast<size_t>(res.weights.n);
  std::vector<double> starts = res.end_states;
  if (res.has_longrun) {
    const std::vector<double>& ends = res.longrun.end_states;  // (n, A + 4)
    const size_t runs_a = ends.size() / n - 4;
    starts.insert(starts.end(), ends.end() - 4 * static_cast<long>(n), ends.end());
    for (size_t k = 0; k < static_cast<size_t>(fp.noisy_ends); ++k) {
      const size_t run = k * runs_a / static_cast<size_t>(fp.noisy_ends);
      starts.insert(starts.end(), ends.begin() + static_cast<long>(run * n),
                    ends.begin() + static_cast<long>((run + 1) * n));
    }
  }
  const uint64_t noise = mix(key, tag("fixed_points.noise"));
  for (size_t k = 0; k < res.test.samples.size() / n; ++k)
    for (size_t i = 0; i < n; ++i)
      starts.push_back(res.test.samples[k * n + i] +
                       fp.sample_noise * normal_at(noise, k * n + i));
  return starts;
}

}  // namespace

SeqMatchTask make_task(const SeqMatchConfig& spec, const LatentSource& latents) {
  return SeqMatchTask(spec.task, latents);
}

std::vector<NetworkResult> run_group(const SeqMatchConfig& spec, const SeqMatchTask& task,
                                     const std::vector<SeqMatchPoint>& points,
                                     const GivenInputs& given, const ProbeOptions& options,
                                     const Progress& progress, const GroupHooks& hooks) {
  if (points.empty()) return {};
  if (!hooks.kept.empty() && hooks.kept.size() != points.size())
    throw std::logic_error("run_group: kept training for " + std::to_string(hooks.kept.size()) +
                           " of " + std::to_string(points.size()) + " points");
  auto kept = [&](size_t k) { return hooks.kept.empty() ? nullptr : hooks.kept[k]; };
  for (const SeqMatchPoint& p : points)
    if (!p.shares_weights(points.front()))
      throw InputError("a group must share (seed, n, pg): " + p.describe() + " vs " +
                       points.front().describe());
  if ((given.weights || given.sequence) && points.size() != 1)
    throw InputError("given weights or inputs apply to a single network, not a group");

  const SeqMatchPoint& first = points.front();
  std::vector<NetworkResult> results(points.size());
  const NetworkConfig& nc = spec.network;
  auto J = given.weights ? given.weights->J : draw_recurrent(first.seed, first.n, first.pg);
  for (size_t k = 0; k < points.size(); ++k) {
    results[k].point = points[k];
    results[k].weights = given.weights ? *given.weights
                                       : draw_weights(J, points[k].seed, points[k].n, points[k].g,
                                                      points[k].fb, points[k].in, nc.init,
                                                      nc.x0_std);
  }
  const int n = results.front().weights.n;

  // Training: the networks without kept training, in lockstep, one J·R product per step (a
  // network's training is the same bits alone or in any group).
  std::vector<size_t> to_train;
  for (size_t k = 0; k < points.size(); ++k)
    if (!kept(k)) to_train.push_back(k);
  std::vector<TrainJob> jobs(to_train.size());
  for (size_t j = 0; j < to_train.size(); ++j) {
    jobs[j].weights = &results[to_train[j]].weights;
    jobs[j].key = points[to_train[j]].key();
    jobs[j].given = given.sequence;
  }
  PhaseCost train_cost;
  if (!jobs.empty())
    train_cost = measure("train", [&] {
      const linalg::PackedMatrix packed(J->data(), n, n, n);
      train_group(task, spec.train, packed, jobs, [&](int trials) {
        if (progress) progress("train", static_cast<double>(trials) / spec.train.n_train, -1);
      });
    });
  std::vector<std::string> train_failure(points.size());
  for (size_t j = 0; j < to_train.size(); ++j) {
    NetworkResult& res = results[to_train[j]];
    res.phases.push_back(train_cost);
    res.readouts = std::move(jobs[j].readouts);
    res.train_end = std::move(jobs[j].x);
    if (jobs[j].failed) train_failure[to_train[j]] = jobs[j].reason.empty() ? "training failed" : jobs[j].reason;
  }
  for (size_t k = 0; k < points.size(); ++k) {
    NetworkResult& res = results[k];
    if (const KeptTraining* t = kept(k)) {
      res.phases.push_back(t->cost);
      res.readouts = t->readouts;
      res.train_end = t->train_end;
    } else if (hooks.trained && train_failure[k].empty()) {
      hooks.trained(k, res);
    }
  }

  const AnalysisConfig& an = spec.analysis;
  for (size_t k = 0; k < points.size(); ++k) {
    NetworkResult& res = results[k];
    if (!train_failure[k].empty()) {
      res.reason = train_failure[k];
      if (hooks.finished) hooks.finished(k, res);
      continue;
    }
    const uint64_t key = points[k].key();
    const ClosedLoop net(res.weights, res.readouts, task.dt_over_tau());
    auto phase = [&](const std::string& name, auto&& fn) {
      if (progress) progress(name, 0.0, static_cast<int>(k));
      res.phases.push_back(measure(name, fn));
    };
    phase("test", [&] {
      res.test = run_test_trials(net, task, spec.test, res.train_end, key,
                                 an.wants("fixed_points") ? spec.fixed_points.samples : 0);
      res.end_states = res.test.end_states;
      res.error = run_error_rates(net, task, spec.test, res.end_states, key,
                                  an.wants("phasic") ? an.phasic_threshold : std::nan(""));
      res.trained = is_trained(res.error, spec.test);
    });
    if (an.skip_untrained && !res.trained) {
      char why[160];
      std::snprintf(why, sizeof why,
                    "not trained (%.3f of runs above %s %g, at most %g allowed): probes skipped",
                    rate_above(spec.test.trained_rmse == "study" ? res.error.study_rmse : res.error.rmse,
                               spec.test.trained_epsilon),
                    spec.test.trained_rmse == "study" ? "the study's rmse" : "rmse",
                    spec.test.trained_epsilon, spec.test.trained_max_rate);
      res.reason = why;
      res.skipped = true;
    }
    const bool probe = !res.skipped;
    if (probe && (an.wants("classify") || an.wants("speed")))
      phase("classify", [&] {
        res.longrun = run_long_autonomous(net, task, an, res.end_states, key, options);
        res.has_longrun = true;
      });
    if (probe && an.wants("robustness"))
      phase("robustness", [&] {
        res.robustness = run_robustness(net, task, an, res.end_states, key, options);
        res.has_robustness = true;
      });
    if (probe && an.wants("forgetting"))
      phase("forgetting", [&] {
        res.forgetting = run_forgetting(net, task, an, res.end_states, key, options);
        res.has_forgetting = true;
      });
    if (probe && an.wants("fixed_points"))
      phase("fixed_points", [&] {
        const FixedPointsConfig& fp = spec.fixed_points;
        const std::vector<double> M = closed_loop_matrix(res.weights, res.readouts);
        const std::vector<double> starts = fixed_point_starts(res, fp, key);
        FixedPointConfig config = fp.finder;
        // slow: no faster than one e-fold per trial length
        config.slow_rate = 1.0 / (task.timing().trial() * task.dt_over_tau());
        // a slow point drifts less than `near` (the memory's own radius) per trial length
        config.slow_speed = fp.near * config.slow_rate;
        res.fixed_points = find_fixed_points(n, M.data(), nullptr, starts.data(),
                                             static_cast<int>(starts.size() / n), config);
        res.memories = memory_sites(n, M.data(), res.fixed_points, res.end_states.data(), 4,
                                    fp.slow_modes, config.slow_rate);
        res.dynamics = dynamics_label(res.memories, DynamicsRule{fp.near});
        res.has_fixed_points = true;
      });
    // A network whose test trials blew up is a failed result, never a crash.
    bool finite = true;
    for (double v : res.end_states) finite &= std::isfinite(v);
    res.ok = finite;
    if (!finite) res.reason = "test trials diverged: trial-end state is not finite";
    if (hooks.finished) hooks.finished(k, res);
  }
  return results;
}

}  // namespace wmsweep
