#include "studies/orientations/pipeline.h"

#include <algorithm>
#include <cmath>

#include "linalg/vmath.h"
#include "util/rng.h"

namespace wmsweep {
namespace {

constexpr int kChunk = 64;  // trials per forward pass of the analysis runs: a bounded tape

// What the analyses read from a batch of trials run through the trained network.
struct TrialStates {
  std::vector<double> r_delay1, r_delay2, x_delay2;  // (n, trials) at each trial's delay ends
  std::vector<double> y;                             // (O, trials) × T: every output
};

// Runs the batch in chunks, in float64, with recurrent noise of std `noise` per step (σ√(2α),
// drawn from `noise_key` in float32, as in training) or none.
TrialStates run_trials(const RnnParams& p, const RnnLoss& loss, int n, const OrientationBatch& b,
                       int inputs, int outputs, double noise, uint64_t noise_key) {
  const int T = b.steps, B = b.batch;
  TrialStates out;
  out.r_delay1.resize(static_cast<size_t>(n) * B);
  out.r_delay2.resize(out.r_delay1.size());
  out.x_delay2.resize(out.r_delay1.size());
  out.y.resize(static_cast<size_t>(outputs) * B * T);
  RnnTape tape;
  std::vector<double> u, zeros, mask, noise_draw;
  for (int first = 0; first < B; first += kChunk) {
    const int C = std::min(kChunk, B - first);
    const RnnShape s{n, inputs, outputs, C, T};
    u.resize(static_cast<size_t>(inputs) * C * T);
    for (int t = 0; t < T; ++t)
      std::copy_n(&b.u[(static_cast<size_t>(t) * B + first) * inputs], static_cast<size_t>(inputs) * C,
                  &u[static_cast<size_t>(t) * C * inputs]);
    zeros.assign(static_cast<size_t>(outputs) * C * T, 0.0);
    mask.assign(static_cast<size_t>(C) * T, 0.0);
    if (noise > 0) {
      noise_draw.resize(static_cast<size_t>(n) * C * T);
      std::vector<float> draws(static_cast<size_t>(n) * T);
      for (int c = 0; c < C; ++c) {  // draws indexed by (trial, t, unit): the same for any chunking
        linalg::normals_into(noise_key, static_cast<uint64_t>(first + c) * T * n, draws.size(),
                             static_cast<float>(noise), draws.data());
        for (int t = 0; t < T; ++t)
          std::copy_n(&draws[static_cast<size_t>(t) * n], n,
                      &noise_draw[(static_cast<size_t>(t) * C + c) * n]);
      }
    }
    rnn_forward(s, p, loss, u.data(), zeros.data(), mask.data(),
                noise > 0 ? noise_draw.data() : nullptr, tape);
    const size_t nc = static_cast<size_t>(n) * C;
    for (int c = 0; c < C; ++c) {
      const size_t to = static_cast<size_t>(first + c) * n;
      // the state after step t is tape block t + 1
      const size_t d1 = nc * (b.delay1_end[first + c] + 1) + static_cast<size_t>(c) * n;
      const size_t d2 = nc * (b.delay2_end[first + c] + 1) + static_cast<size_t>(c) * n;
      std::copy_n(&tape.r[d1], n, &out.r_delay1[to]);
      std::copy_n(&tape.r[d2], n, &out.r_delay2[to]);
      std::copy_n(&tape.x[d2], n, &out.x_delay2[to]);
    }
    for (int t = 0; t < T; ++t)
      std::copy_n(&tape.y[static_cast<size_t>(t) * outputs * C], static_cast<size_t>(outputs) * C,
                  &out.y[(static_cast<size_t>(t) * B + first) * outputs]);
  }
  return out;
}

bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

}  // namespace

OrientationTask orientation_task(const OrientationsConfig& spec) {
  OrientationTask task = spec.task;
  if (!spec.deltas_file.empty())
    task.deltas = read_deltas_file(spec.deltas_file);
  return task;
}

OrientationResult run_orientation_network(const OrientationsConfig& spec, const OrientationTask& spec_task,
                                          const OrientationPoint& point, const Progress& progress) {
  const OrientationsConfig& o = spec;
  OrientationTask task = spec_task;
  task.ordinal = point.ordinal != 0;
  const uint64_t key = point.key();
  OrientationResult res;
  res.point = point;
  BpttConfig config = o.train;
  config.n = point.n;
  config.g = point.g;
  config.sigma_rec = point.sigma_rec;
  config.act = point.activation == 1 ? Activation::retanh : Activation::tanh;
  auto phase = [&](const std::string& name, auto&& fn) {
    if (progress) progress(name, 0.0, 0);
    res.phases.push_back(measure(name, fn));
  };
  phase("train", [&] { res.training = train_orientations(task, config, key); });
  if (res.training.loss.empty() || !std::isfinite(res.training.loss.back())) {
    res.reason = "training diverged: the loss is not finite at iteration " +
                 std::to_string(res.training.iterations);
    return res;
  }
  const int n = point.n, I = task.inputs(), O = task.outputs();
  RnnLoss loss;
  loss.alpha = task.timing.dt / config.tau;
  loss.act = config.act;
  const RnnParams& p = res.training.params;

  // Noise-free runs over the θ1 × θ2 grid: column i + G·j holds θ1 = iπ/G, θ2 = jπ/G.
  const int G = o.grid;
  TrialStates grid;
  if (o.wants("geometry") || o.wants("fixed_points")) {
    std::vector<double> theta1, theta2;
    for (int j = 0; j < G; ++j)
      for (int i = 0; i < G; ++i) {
        theta1.push_back(M_PI * i / G);
        theta2.push_back(M_PI * j / G);
      }
    grid = run_trials(p, loss, n, orientation_trials(task, theta1, theta2), I, O, 0, 0);
    if (!all_finite(grid.x_delay2)) {
      res.reason = "the trained network diverges on the noise-free grid runs";
      return res;
    }
  }
  if (o.wants("geometry"))
    phase("geometry", [&] {
      res.torus = torus_geometry(n, G, G, grid.r_delay2.data());
      res.connectivity = connectivity_profiles(n, p.w_rec.data(), G, G, grid.r_delay2.data(),
                                               o.connectivity_bins);
      res.code = dynamic_code(n, G, G, grid.r_delay1.data(), grid.r_delay2.data());
      res.has_geometry = true;
    });
  if (o.wants("behaviour"))
    phase("behaviour", [&] {
      const OrientationBatch b =
          orientation_batch(task, o.behaviour_trials, mix(key, tag("behaviour.trials")), 0);
      const TrialStates runs = run_trials(p, loss, n, b, I, O,
                                          config.sigma_rec * std::sqrt(2 * loss.alpha),
                                          mix(key, tag("behaviour.noise")));
      std::vector<double> report1, report2;
      decode_reports(b, runs.y.data(), O, report1, report2);
      res.behaviour_error_deg = mean_angular_error_deg(b, runs.y.data(), O);
      res.behaviour = behaviour(b.theta1, b.theta2, report1, report2, o.repulsion_bins,
                                o.small_deg * M_PI / 180);
      res.has_behaviour = true;
    });
  if (o.wants("fixed_points")) {
    if (config.act != Activation::tanh) {
      res.fixed_points_skipped = "the fixed-point finder is written for tanh";
    } else {
      phase("fixed_points", [&] {
        // starts: `samples` delay-2 end states of the grid, evenly spaced, plus noise
        const FixedPointsConfig& fp = spec.fixed_points;
        const int count = fp.samples, trials = G * G;
        const uint64_t noise_key = mix(key, tag("fixed_points.starts"));
        std::vector<double> starts(static_cast<size_t>(n) * count);
        for (int k = 0; k < count; ++k) {
          const size_t from = static_cast<size_t>(static_cast<int64_t>(k) * trials / count) * n;
          for (int i = 0; i < n; ++i)
            starts[static_cast<size_t>(k) * n + i] =
                grid.x_delay2[from + i] +
                fp.sample_noise * normal_at(noise_key, static_cast<uint64_t>(k) * n + i);
        }
        FixedPointConfig c = fp.finder;
        // slow: no faster than one e-fold per delay 2, in units of 1/τ (ours); a slow point
        // drifts less than a tenth of the state scale over delay 2
        c.slow_rate = config.tau / task.timing.delay2;
        c.slow_speed = 0.1 * c.slow_rate;
        res.fixed_points = find_fixed_points(n, p.w_rec.data(), p.b.data(), starts.data(),
                                             count, c);
        res.has_fixed_points = true;
      });
    }
  }
  res.ok = true;
  return res;
}

}  // namespace wmsweep
