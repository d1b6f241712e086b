// The flip-flop's spec sections (docs/spec.md): [task] the trial, [network] and [train] the
// BPTT training, [analysis] the test trials, [fixed_points] the shared keys, [grid] seed, n, g,
// sigma_rec.
#include <algorithm>
#include <cstring>

#include "spec/section.h"
#include "studies/flipflop/study.h"
#include "util/rng.h"

namespace wmsweep {

FlipFlopAnalysisConfig FlipFlopConfig::analysis() const {
  FlipFlopAnalysisConfig a;
  a.test_trials = test_trials;
  a.samples = fixed_points.samples;
  a.sample_noise = fixed_points.sample_noise;
  a.finder = fixed_points.finder;
  a.max_points = fixed_points.max_points;
  return a;
}

FlipFlopPoint FlipFlopPoint::from(const GridPoint& p) {
  FlipFlopPoint f;
  f.job = p.job;
  f.seed = static_cast<uint64_t>(p.whole("seed"));
  f.n = static_cast<int>(p.whole("n"));
  f.g = p.real("g");
  f.sigma_rec = p.real("sigma_rec");
  return f;
}

uint64_t FlipFlopPoint::key() const {
  uint64_t h = mix(tag("flipflop"), seed);
  h = mix(h, static_cast<uint64_t>(n));
  return mix(mix(h, bits_of(g)), bits_of(sigma_rec));
}

std::shared_ptr<const StudySpec> FlipFlopStudy::parse(const toml::table& root,
                                                      std::vector<std::string>& settings) const {
  auto out = std::make_shared<FlipFlopSpec>();
  FlipFlopConfig& c = out->config;
  FlipFlopTask& t = c.task;
  Section task(subtable(root, "task"), "task", settings);
  // at most 7: a memory (0 … 2^bits − 1) is stored in an i8 column
  t.bits = static_cast<int>(task.integer("bits", t.bits, 1, 7));
  t.steps = static_cast<int>(task.integer("steps", t.steps, 2, 1'000'000));
  t.dt = task.real("dt", t.dt, 1e-6, 1e6);
  t.tau = task.real("tau", t.tau, 1e-6, 1e6);
  if (!(t.dt < t.tau))
    task.fail("dt", "= " + compact(t.dt) + " is not below task.tau = " + compact(t.tau) +
                        ": the Euler step must be shorter than the time constant");
  t.pulse_rate = task.real("pulse_rate", t.pulse_rate, 0, 1);
  t.pulse_steps = static_cast<int>(task.integer("pulse_steps", t.pulse_steps, 1, t.steps));
  t.settle_steps = static_cast<int>(task.integer("settle_steps", t.settle_steps, 0, t.steps));
  task.finish();

  FlipFlopTrainConfig& b = c.train;
  Section net(subtable(root, "network"), "network", settings);
  const int n = static_cast<int>(net.integer("n", b.n, 2, 20000));
  const double g = net.real("g", b.g, 0, 1e3);
  const double sigma = net.real("sigma_rec", b.sigma_rec, 0, kBig);
  net.finish();

  Section train(subtable(root, "train"), "train", settings);
  b.batch = static_cast<int>(train.integer("batch", b.batch, 1, 100000));
  b.max_iterations = static_cast<int>(train.integer("max_iterations", b.max_iterations, 1, 10'000'000));
  b.lr = train.real("lr", b.lr, 1e-12, 10);
  b.clip = train.real("clip", b.clip, 1e-12, kBig);
  b.rate_l2 = train.real("rate_l2", b.rate_l2, 0, kBig);
  b.weight_l2 = train.real("weight_l2", b.weight_l2, 0, kBig);
  b.threshold = train.real("threshold", b.threshold, 0, kBig);
  b.float64 = train.choice("precision", "float32", {"float32", "float64"}) == "float64";
  train.finish();

  Section an(subtable(root, "analysis"), "analysis", settings);
  c.test_trials = static_cast<int>(an.integer("test_trials", c.test_trials, 1, 100000));
  an.finish();

  Section fps(subtable(root, "fixed_points"), "fixed_points", settings);
  parse_fixed_points(fps, c.fixed_points);
  if (c.fixed_points.samples < 1) fps.fail("samples", "must be at least 1");
  fps.finish();

  Section grid(subtable(root, "grid"), "grid", settings);
  check_one_place(grid, net, {"n", "g", "sigma_rec"});
  GridAxis seed{"seed", true, grid.integers("seed", {0}, 0, INT64_MAX), {}, {}};
  const std::vector<int64_t> ns = grid.integers("n", {n}, 2, 20000);
  GridAxis size{"n", true, ns, {}, {}};
  GridAxis gain{"g", false, {}, grid.reals("g", {g}, 0, 1e3), {}};
  GridAxis noise{"sigma_rec", false, {}, grid.reals("sigma_rec", {sigma}, 0, kBig), {}};
  out->grid_axes = {seed, size, gain, noise};
  for (const GridAxis& ax : out->grid_axes) {
    if (ax.whole) check_unique(grid, ax.name, ax.wholes);
    else check_unique(grid, ax.name, ax.reals);
  }
  grid.finish();
  check_grid_size(out->grid_axes);
  out->n_max = static_cast<int>(*std::max_element(ns.begin(), ns.end()));
  return out;
}

}  // namespace wmsweep
