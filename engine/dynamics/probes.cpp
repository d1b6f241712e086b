#include "dynamics/probes.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "net/euler.h"
#include "util/rng.h"

namespace wmsweep {
namespace {

constexpr int kMaxBatch = 480;  // wide enough for a compute-bound product, ~12 MB at n = 1000

// How run `id` of a probe maps to a start state, a trial type and its input draws.
struct RunLayout {
  int repeats;  // runs per (start, type)
  int start(int id) const { return (id % (16 * repeats)) / (4 * repeats); }
  int type(int id) const { return (id / repeats) % 4; }
};

// U (2, cols): the input at trial step j of every column. Run id draws (base·T + j) with
// base = id mod draw_cycle, so runs that repeat a base run (forgetting: one per extra delay)
// see its very samples. sigma_of, if given, adds U[0,1)·σ + 0.5 to both channels in stimulus 1 (robustness).
void fill_inputs(const SeqMatchTask& task, const Batch& b, const std::vector<int>& type_of, int j,
                 uint64_t key, uint64_t noise_key, const std::vector<double>* sigma_of,
                 int draw_cycle, double* U) {
  const Period p = task.timing().period(j);
  const uint64_t T = static_cast<uint64_t>(task.timing().trial());
  for (int c = 0; c < b.cols; ++c) {
    const int id = b.id[c];
    const uint64_t draw = static_cast<uint64_t>(id % draw_cycle) * T + static_cast<uint64_t>(j);
    task.input(type_of[id], p, key, draw, &U[2 * c]);
    if (sigma_of && p == Period::stim1) {
      const double sigma = (*sigma_of)[id];
      U[2 * c] += uniform_at(noise_key, 2 * draw) * sigma + 0.5;
      U[2 * c + 1] += uniform_at(noise_key, 2 * draw + 1) * sigma + 0.5;
    }
  }
}

// Steps every column `steps` times with the input off. record(id, t, batch, column) sees the
// state at t = 0 .. steps with MR = M·R(t). With shortcuts, a column whose state kept every
// bit is on an exact fixed point: it is recorded for the remaining t from its frozen state
// (identical to stepping it) and leaves the batch.
template <class Record>
void autonomous(const ClosedLoop& net, Batch& b, int steps, bool shortcuts, Record&& record) {
  std::unique_ptr<bool[]> unchanged(new bool[static_cast<size_t>(std::max(b.cols, 1))]);
  for (int t = 0; t <= steps && b.cols > 0; ++t) {
    net.product(b);
    for (int c = 0; c < b.cols; ++c) record(b.id[c], t, b, c);
    if (t == steps) break;
    net.advance(b, nullptr, shortcuts ? unchanged.get() : nullptr);
    if (!shortcuts) continue;
    for (int c = b.cols - 1; c >= 0; --c) {
      if (!unchanged[c]) continue;
      for (int later = t + 1; later <= steps; ++later) record(b.id[c], later, b, c);
      b.remove(c);
    }
  }
}

struct Welford {
  double count = 0, mean = 0, m2 = 0;
  void add(double v) {
    count += 1;
    const double d = v - mean;
    mean += d / count;
    m2 += d * (v - mean);
  }
  double var() const { return count > 0 ? m2 / count : 0.0; }
};

const double* start_state(const std::vector<double>& end_states, int n, int s) {
  return end_states.data() + static_cast<size_t>(s) * n;
}

// The rest of a trial from step `from` on, then one more trial length with the input off:
// z_end (output at the trial's last step) and z_settle, per run id.
void finish_and_settle(const ClosedLoop& net, const SeqMatchTask& task, Batch& b, int from,
                       const std::vector<int>& type_of, uint64_t key, uint64_t noise_key,
                       const std::vector<double>* sigma_of, int draw_cycle, bool shortcuts,
                       std::vector<double>& z_end, std::vector<double>& z_settle) {
  const int T = task.timing().trial();
  std::vector<double> U(2 * static_cast<size_t>(b.cols));
  for (int j = from; j < T; ++j) {
    fill_inputs(task, b, type_of, j, key, noise_key, sigma_of, draw_cycle, U.data());
    net.step(b, U.data());
  }
  for (int c = 0; c < b.cols; ++c) z_end[b.id[c]] = b.z[c];
  autonomous(net, b, T, shortcuts, [&](int id, int t, const Batch& bb, int c) {
    if (t == T) z_settle[id] = bb.z[c];
  });
}

}  // namespace

TestPhase run_test_trials(const ClosedLoop& net, const SeqMatchTask& task, const TestConfig& test,
                          const std::vector<double>& start, uint64_t key, int sample_count) {
  const int n = net.n(), T = task.timing().trial();
  const size_t un = static_cast<size_t>(n);
  const std::vector<int> types =
      SeqMatchTask::balanced_types(mix(key, tag("test.types")), test.n_trials);
  const uint64_t samples = mix(key, tag("test.samples"));
  Batch b(n, 1);
  b.push(start.data(), 0, net.w_o(), net.w_d());
  TestPhase out;
  out.end_states.assign(4 * un, 0.0);
  // sample k is the state after step ⌊(k + ½)·steps / samples⌋ of the whole test
  const int64_t steps = static_cast<int64_t>(test.n_trials) * T;
  out.samples.reserve(static_cast<size_t>(sample_count) * un);
  auto sample_step = [&](int64_t k) { return (2 * k + 1) * steps / (2 * int64_t{sample_count}); };
  int64_t next = 0;
  for (int trial = 0; trial < test.n_trials; ++trial) {
    for (int j = 0; j < T; ++j) {
      double u[2];
      task.input(types[trial], task.timing().period(j), samples,
                 static_cast<uint64_t>(trial) * T + j, u);
      net.step(b, u);
      for (; next < sample_count && sample_step(next) == int64_t{trial} * T + j; ++next)
        out.samples.insert(out.samples.end(), b.x(0), b.x(0) + un);
    }
    std::copy_n(b.x(0), un, out.end_states.begin() + types[trial] * un);
  }
  return out;
}

double phasic_mean(const ErrorRates& error, int part) {
  if (error.phasic.size() != 32) return std::nan("");
  double sum = 0;
  for (int run = 0; run < 16; ++run) sum += error.phasic[static_cast<size_t>(part) * 16 + run];
  return sum / 16;
}

double rate_above(const std::vector<double>& values, double eps) {
  if (values.empty()) return std::nan("");
  int above = 0;
  for (double e : values) above += !(e <= eps);  // a NaN rmse is an error too
  return static_cast<double>(above) / static_cast<double>(values.size());
}

bool is_trained(const ErrorRates& error, const TestConfig& test) {
  const std::vector<double>& rmse = test.trained_rmse == "study" ? error.study_rmse : error.rmse;
  return rate_above(rmse, test.trained_epsilon) <= test.trained_max_rate;
}

ErrorRates run_error_rates(const ClosedLoop& net, const SeqMatchTask& task,
                           const TestConfig& test, const std::vector<double>& end_states,
                           uint64_t key, double phasic_threshold) {
  const int n = net.n(), T = task.timing().trial();
  const size_t un = static_cast<size_t>(n);
  const RunLayout layout{test.stim_seeds};
  const int runs = 16 * test.stim_seeds;
  const uint64_t samples = mix(key, tag("eval.samples"));
  const Timing& timing = task.timing();
  const bool phasic = !std::isnan(phasic_threshold);
  std::vector<int> type_of(runs);
  for (int r = 0; r < runs; ++r) type_of[r] = layout.type(r);
  ErrorRates out;
  out.rmse.assign(runs, 0.0);
  out.study_rmse.assign(runs, 0.0);
  // Σ r over delay 1 and over the response, per unit, for the 16 runs of stimulus seed 0
  std::vector<double> sum_delay1(phasic ? 16 * un : 0, 0.0), sum_response(sum_delay1);
  for (int first = 0; first < runs; first += kMaxBatch) {
    const int count = std::min(kMaxBatch, runs - first);
    Batch b(n, count);
    for (int r = first; r < first + count; ++r)
      b.push(start_state(end_states, n, layout.start(r)), r, net.w_o(), net.w_d());
    std::vector<double> U(2 * static_cast<size_t>(count)), sq(count, 0.0);
    for (int j = 0; j < T; ++j) {
      // the state entering step j (the study records z and r before each update)
      if (j >= T - test.rmse_steps)
        for (int c = 0; c < b.cols; ++c) {
          const double e = b.z[c] - task.output_target(type_of[b.id[c]]);
          sq[c] += e * e;
        }
      const Period p = timing.period(j);
      if (phasic && (p == Period::delay1 || p == Period::response))
        for (int c = 0; c < b.cols; ++c) {
          if (b.id[c] % test.stim_seeds != 0) continue;
          double* sum = (p == Period::delay1 ? sum_delay1 : sum_response).data() +
                        static_cast<size_t>(b.id[c] / test.stim_seeds) * un;
          const double* r = b.R.data() + static_cast<size_t>(c) * un;
          for (size_t i = 0; i < un; ++i) sum[i] += r[i];
        }
      fill_inputs(task, b, type_of, j, samples, 0, nullptr, runs, U.data());
      net.step(b, U.data());
    }
    for (int c = 0; c < b.cols; ++c) {
      out.rmse[b.id[c]] = std::sqrt(sq[c] / test.rmse_steps);
      out.study_rmse[b.id[c]] = std::sqrt(sq[c] / runs);
    }
  }
  for (double eps : test.thresholds) {
    out.rate.push_back(rate_above(out.rmse, eps));
    out.study_rate.push_back(rate_above(out.study_rmse, eps));
  }
  if (phasic) {
    out.phasic.assign(2 * 16, 0.0);
    const double steps[2] = {static_cast<double>(timing.delay1), static_cast<double>(timing.response)};
    for (int part = 0; part < 2; ++part)
      for (int run = 0; run < 16; ++run) {
        const double* sum = (part == 0 ? sum_delay1 : sum_response).data() + static_cast<size_t>(run) * un;
        int beyond = 0;
        for (size_t i = 0; i < un; ++i) beyond += std::fabs(sum[i] / steps[part]) > phasic_threshold;
        out.phasic[static_cast<size_t>(part) * 16 + run] = static_cast<double>(beyond) / n;
      }
  }
  return out;
}

LongRun run_long_autonomous(const ClosedLoop& net, const SeqMatchTask& task,
                            const AnalysisConfig& config, const std::vector<double>& end_states,
                            uint64_t key, const ProbeOptions& options) {
  const int n = net.n(), T = task.timing().trial();
  const size_t un = static_cast<size_t>(n);
  const int copies = config.noise_copies;
  const int n_a = 5 * copies, n_b = 4;
  const uint64_t noise = mix(key, tag("classify.noise"));
  Batch b(n, n_a + n_b);
  std::vector<double> x(un);
  for (int id = 0; id < n_a; ++id) {
    const int base = id / copies;  // 0: zero state, 1..4: trial ends
    for (size_t i = 0; i < un; ++i)
      x[i] = (base == 0 ? 0.0 : end_states[(base - 1) * un + i]) +
             config.noise_std * normal_at(noise, static_cast<uint64_t>(id) * un + i);
    b.push(x.data(), id, net.w_o(), net.w_d());
  }
  for (int s = 0; s < n_b; ++s) b.push(start_state(end_states, n, s), n_a + s, net.w_o(), net.w_d());

  const int S = config.classify_trials * T, W = config.window_trials * T;
  const int steps = std::max(S, config.speed_at.back() * T);
  const size_t n_speed = config.speed_at.size();
  std::vector<Welford> window(n_a + n_b);
  std::vector<double> last(n_a + n_b, 0.0);
  LongRun out;
  out.end_states.assign(static_cast<size_t>(n_a + n_b) * un, 0.0);
  out.speed.assign(n_b * n_speed, 0.0);
  autonomous(net, b, steps, options.shortcuts, [&](int id, int t, const Batch& bb, int c) {
    // the study's window: the states after S − W … S − 1 steps (it records each state before
    // updating it), and its "last step" is the state after S − 1 steps
    if (t >= S - W && t < S) window[id].add(bb.z[c]);
    if (t == S - 1) last[id] = bb.z[c];
    if (t == steps) std::copy_n(bb.X.data() + c * un, un, out.end_states.begin() + id * un);
    if (id < n_a || t % T != 0) return;
    for (size_t k = 0; k < n_speed; ++k)
      if (config.speed_at[k] * T == t)
        speed_forward(n, 1, bb.X.data() + c * un, bb.MR.data() + c * un,
                      &out.speed[(id - n_a) * n_speed + k]);
  });
  auto stats = [&](int from, int count) {
    WindowStats s;
    for (int id = from; id < from + count; ++id) {
      s.mean.push_back(window[id].mean);
      s.var.push_back(window[id].var());
      s.last.push_back(last[id]);
    }
    return s;
  };
  out.a = stats(0, n_a);
  out.b = stats(n_a, n_b);
  out.label_a = classify(out.a, rule_variant_a(task.max_encoding()));
  out.label_b = classify(out.b, rule_variant_b(task.max_encoding()));
  return out;
}

namespace {

FailureCurve summarize(const SeqMatchTask& task, const AnalysisConfig& config,
                       const std::vector<double>& xs, int per_x, const std::vector<int>& type_of,
                       const std::vector<double>& z_end, const std::vector<double>& z_settle) {
  FailureCurve out;
  out.x = xs;
  for (size_t k = 0; k < xs.size(); ++k) {
    int end = 0, settle = 0;
    for (int r = static_cast<int>(k) * per_x; r < static_cast<int>(k + 1) * per_x; ++r) {
      const double target = task.output_target(type_of[r]);
      end += !(std::fabs(target - z_end[r]) <= config.fail_threshold);
      settle += !(std::fabs(target - z_settle[r]) <= config.settle_threshold);
    }
    out.fail_end.push_back(static_cast<double>(end) / per_x);
    out.fail_settle.push_back(static_cast<double>(settle) / per_x);
  }
  return out;
}

}  // namespace

FailureCurve run_robustness(const ClosedLoop& net, const SeqMatchTask& task,
                            const AnalysisConfig& config, const std::vector<double>& end_states,
                            uint64_t key, const ProbeOptions& options) {
  const int n = net.n();
  const RunLayout layout{config.robustness_repeats};
  const int per_sigma = 16 * config.robustness_repeats;
  const int runs = per_sigma * static_cast<int>(config.robustness_sigmas.size());
  const uint64_t samples = mix(key, tag("robust.samples")), noise = mix(key, tag("robust.noise"));
  std::vector<int> type_of(runs);
  std::vector<double> sigma_of(runs), z_end(runs), z_settle(runs);
  for (int r = 0; r < runs; ++r) {
    type_of[r] = layout.type(r);
    sigma_of[r] = config.robustness_sigmas[r / per_sigma];
  }
  for (int first = 0; first < runs; first += kMaxBatch) {
    const int count = std::min(kMaxBatch, runs - first);
    Batch b(n, count);
    for (int r = first; r < first + count; ++r)
      b.push(start_state(end_states, n, layout.start(r)), r, net.w_o(), net.w_d());
    finish_and_settle(net, task, b, 0, type_of, samples, noise, &sigma_of, runs,
                      options.shortcuts, z_end, z_settle);
  }
  return summarize(task, config, config.robustness_sigmas, per_sigma, type_of, z_end, z_settle);
}

FailureCurve run_forgetting(const ClosedLoop& net, const SeqMatchTask& task,
                            const AnalysisConfig& config, const std::vector<double>& end_states,
                            uint64_t key, const ProbeOptions& options) {
  const int n = net.n();
  const RunLayout layout{config.forgetting_repeats};
  const int per_d = 16 * config.forgetting_repeats;
  const int branch_at = task.timing().start(Period::stim2);
  const uint64_t samples = mix(key, tag("forget.samples"));
  std::vector<double> ds;
  std::vector<int> extra;  // extra delay of each d, in steps
  const int count_d =
      static_cast<int>(std::lround((config.forget_to - config.forget_from) / config.forget_step)) + 1;
  for (int k = 0; k < count_d; ++k) {
    ds.push_back(config.forget_from + k * config.forget_step);
    extra.push_back(static_cast<int>(std::lround(ds.back() / task.dt())));
  }
  const int runs = per_d * count_d;
  std::vector<int> type_of(runs);
  std::vector<double> z_end(runs), z_settle(runs);
  for (int r = 0; r < runs; ++r) type_of[r] = layout.type(r % per_d);

  // Stimulus 1 and delay 1 of the per_d base runs (ids 0 .. per_d − 1), then `steps` more
  // steps with the input off.
  auto prefix = [&](Batch& b, int steps, auto&& at_step) {
    std::vector<int> base_type(type_of.begin(), type_of.begin() + per_d);
    std::vector<double> U(2 * static_cast<size_t>(per_d));
    for (int r = 0; r < per_d; ++r)
      b.push(start_state(end_states, n, layout.start(r)), r, net.w_o(), net.w_d());
    for (int j = 0; j < branch_at; ++j) {
      fill_inputs(task, b, base_type, j, samples, 0, nullptr, per_d, U.data());
      net.step(b, U.data());
    }
    for (int k = 1; k <= steps; ++k) {
      net.step(b, nullptr);
      at_step(k, b);
    }
  };
  // Branch runs (id = d index · per_d + base run) take the base run's stimulus-2 samples,
  // so every d sees the same inputs and only the extra delay differs.
  auto finish = [&](Batch& b) {
    finish_and_settle(net, task, b, branch_at, type_of, samples, 0, nullptr, per_d,
                      options.shortcuts, z_end, z_settle);
  };

  if (options.shortcuts) {
    // One prefix for every d: at each d's extra length, its runs branch off into a batch.
    Batch branches(n, kMaxBatch);
    size_t next = 0;
    Batch base(n, per_d);
    prefix(base, extra.back(), [&](int k, Batch& b) {
      for (; next < extra.size() && extra[next] == k; ++next) {
        if (branches.cols + per_d > kMaxBatch) {
          finish(branches);
          branches.cols = 0;
        }
        for (int c = 0; c < b.cols; ++c)
          branches.push(b.x(c), static_cast<int>(next) * per_d + b.id[c], net.w_o(), net.w_d());
      }
    });
    if (branches.cols > 0) finish(branches);
  } else {
    for (int k = 0; k < count_d; ++k) {
      Batch b(n, per_d);
      prefix(b, extra[k], [](int, Batch&) {});
      for (int c = 0; c < b.cols; ++c) b.id[c] += k * per_d;
      finish(b);
    }
  }
  return summarize(task, config, ds, per_d, type_of, z_end, z_settle);
}

}  // namespace wmsweep

namespace wmsweep {
bool AnalysisConfig::wants(const std::string& name) const {
  return std::find(run.begin(), run.end(), name) != run.end();
}
}  // namespace wmsweep
