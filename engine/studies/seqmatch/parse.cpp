// Study 1's spec sections (docs/spec.md): [task] [network] [train] [test] [analysis]
// [fixed_points] [grid]. Every default is the study's value unless marked (ours) in the structs.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "spec/section.h"
#include "studies/seqmatch/study.h"
#include "util/errors.h"
#include "util/rng.h"

namespace wmsweep {

SeqMatchPoint SeqMatchPoint::from(const GridPoint& p) {
  SeqMatchPoint s;
  s.job = p.job;
  s.seed = static_cast<uint64_t>(p.whole("seed"));
  s.n = static_cast<int>(p.whole("n"));
  s.pg = p.real("pg");
  s.in = p.real("in");
  s.g = p.real("g");
  s.fb = p.real("fb");
  return s;
}

uint64_t SeqMatchPoint::key() const {
  uint64_t h = mix(tag("grid-point"), seed);
  h = mix(h, static_cast<uint64_t>(n));
  for (double v : {pg, in, g, fb}) h = mix(h, bits_of(v));
  return h;
}

std::string SeqMatchPoint::describe() const {
  return "seed=" + std::to_string(seed) + " n=" + std::to_string(n) + " pg=" + compact(pg) +
         " in=" + compact(in) + " g=" + compact(g) + " fb=" + compact(fb);
}

int delays_of(const AnalysisConfig& a) {
  return static_cast<int>(std::lround((a.forget_to - a.forget_from) / a.forget_step)) + 1;
}

int fixed_point_start_count(const SeqMatchConfig& spec) {
  const AnalysisConfig& a = spec.analysis;
  if (!a.wants("fixed_points")) return 0;
  const bool longrun = a.wants("classify") || a.wants("speed");
  return 4 + (longrun ? 4 + spec.fixed_points.noisy_ends : 0) + spec.fixed_points.samples;
}

std::shared_ptr<const StudySpec> SeqMatchStudy::parse(const toml::table& root,
                                                      std::vector<std::string>& settings) const {
  auto out = std::make_shared<SeqMatchSpec>();
  SeqMatchConfig& spec = out->config;
  TaskConfig& t = spec.task;
  Section task(subtable(root, "task"), "task", settings);
  t.dt = task.real("dt", t.dt, 1e-6, 10);
  t.tau = task.real("tau", t.tau, 1e-6, 1e6);
  if (!(t.dt < t.tau))
    task.fail("dt", "= " + compact(t.dt) + " is not below task.tau = " + compact(t.tau) +
                        ": the Euler step must be shorter than the time constant (the step "
                        "x += dt/tau·(−x + …) overshoots otherwise); lower task.dt or raise task.tau");
  t.stim1 = task.real("stim1", t.stim1, t.dt, 1e6);
  t.delay1 = task.real("delay1", t.delay1, t.dt, 1e6);
  t.stim2 = task.real("stim2", t.stim2, t.dt, 1e6);
  t.delay2 = task.real("delay2", t.delay2, t.dt, 1e6);
  t.response = task.real("response", t.response, t.dt, 1e6);
  for (auto [key, len] : {std::pair{"stim1", t.stim1}, {"delay1", t.delay1}, {"stim2", t.stim2},
                          {"delay2", t.delay2}, {"response", t.response}})
    check_steps(task, key, len, t.dt);
  auto enc = task.reals("encoding", {t.encoding.begin(), t.encoding.end()}, -kBig, kBig);
  if (enc.size() != 3) task.fail("encoding", "must have 3 values: the z targets for sums 0, 1, 2");
  std::copy(enc.begin(), enc.end(), t.encoding.begin());
  t.latent = task.choice("latent", t.latent, {"synthetic", "file"});
  t.latent_file = task.choice("latent_file", "", {});
  if (t.latent == "file" && t.latent_file.empty())
    task.fail("latent_file", "is required when task.latent = \"file\": give the HDF5 path");
  auto m0 = task.reals("class0_mean", {t.class_means[0][0], t.class_means[0][1]}, -kBig, kBig);
  auto m1 = task.reals("class1_mean", {t.class_means[1][0], t.class_means[1][1]}, -kBig, kBig);
  if (m0.size() != 2) task.fail("class0_mean", "must have 2 values (a 2-D latent)");
  if (m1.size() != 2) task.fail("class1_mean", "must have 2 values (a 2-D latent)");
  t.class_means = {{{m0[0], m0[1]}, {m1[0], m1[1]}}};
  t.class_std = task.real("class_std", t.class_std, 0, kBig);
  task.finish();

  NetworkConfig& n = spec.network;
  Section net(subtable(root, "network"), "network", settings);
  n.n = static_cast<int>(net.integer("n", n.n, 2, 20000));
  n.g = net.real("g", n.g, 1e-9, 1e3);
  n.pg = net.real("pg", n.pg, 1e-9, 1.0);
  n.fb = net.real("fb", n.fb, 1e-9, kBig);
  n.in = net.real("in", n.in, 1e-9, kBig);
  n.init = net.choice("init", n.init, {"gauss", "uniform"});
  n.x0_std = net.real("x0_std", n.x0_std, 0, 1e3);
  net.finish();

  TrainConfig& tr = spec.train;
  Section train(subtable(root, "train"), "train", settings);
  tr.method = train.choice("method", tr.method, {"modified_force", "force"});
  tr.n_train = static_cast<int>(train.integer("n_train", tr.n_train, 1, 10'000'000));
  tr.alpha = train.real("alpha", tr.alpha, 1e-12, kBig);
  tr.update_every = static_cast<int>(train.integer("update_every", tr.update_every, 1, 1000));
  tr.group_max = static_cast<int>(train.integer("group_max", tr.group_max, 1, 10000));
  train.finish();

  TestConfig& te = spec.test;
  Section test(subtable(root, "test"), "test", settings);
  te.n_trials = static_cast<int>(test.integer("n_trials", te.n_trials, 4, 100000));
  te.stim_seeds = static_cast<int>(test.integer("stim_seeds", te.stim_seeds, 1, 100000));
  te.rmse_steps = static_cast<int>(test.integer("rmse_steps", te.rmse_steps, 1, 1'000'000));
  const int response_steps = static_cast<int>(std::lround(t.response / t.dt));
  if (te.rmse_steps > response_steps)
    test.fail("rmse_steps", "= " + std::to_string(te.rmse_steps) + " exceeds the response (" +
                                std::to_string(response_steps) + " steps)");
  te.thresholds = test.reals("thresholds", te.thresholds, 0, kBig);
  te.trained_epsilon = test.real("trained_epsilon", te.trained_epsilon, 0, kBig);
  te.trained_max_rate = test.real("trained_max_rate", te.trained_max_rate, 0, 1);
  te.trained_rmse = test.choice("trained_rmse", te.trained_rmse, {"rmse", "study"});
  test.finish();

  AnalysisConfig& a = spec.analysis;
  Section an(subtable(root, "analysis"), "analysis", settings);
  a.run = an.strings("run", a.run,
                     {"classify", "speed", "phasic", "robustness", "forgetting", "fixed_points"});
  a.classify_trials = static_cast<int>(an.integer("classify_trials", a.classify_trials, 1, 100000));
  a.window_trials = static_cast<int>(an.integer("window_trials", a.window_trials, 1, 100000));
  if (a.window_trials > a.classify_trials)
    an.fail("window_trials", "must not exceed analysis.classify_trials");
  a.noise_copies = static_cast<int>(an.integer("noise_copies", a.noise_copies, 1, 100000));
  a.noise_std = an.real("noise_std", a.noise_std, 0, kBig);
  auto speed = an.integers("speed_at", {a.speed_at.begin(), a.speed_at.end()}, 0, 1'000'000);
  a.speed_at.assign(speed.begin(), speed.end());
  if (!std::is_sorted(a.speed_at.begin(), a.speed_at.end()))
    an.fail("speed_at", "must be in increasing order");
  a.phasic_threshold = an.real("phasic_threshold", a.phasic_threshold, 0, 1);
  a.robustness_sigmas = an.reals("robustness_sigmas", a.robustness_sigmas, 0, kBig);
  a.robustness_repeats = static_cast<int>(an.integer("robustness_repeats", a.robustness_repeats, 1, 100000));
  a.fail_threshold = an.real("fail_threshold", a.fail_threshold, 0, kBig);
  a.settle_threshold = an.real("settle_threshold", a.settle_threshold, 0, kBig);
  a.forget_from = an.real("forget_from", a.forget_from, t.dt, 1e6);
  a.forget_to = an.real("forget_to", a.forget_to, t.dt, 1e6);
  a.forget_step = an.real("forget_step", a.forget_step, t.dt, 1e6);
  check_steps(an, "forget_from", a.forget_from, t.dt);
  check_steps(an, "forget_to", a.forget_to, t.dt);
  check_steps(an, "forget_step", a.forget_step, t.dt);
  if (a.forget_to < a.forget_from) an.fail("forget_to", "must not be below analysis.forget_from");
  a.forgetting_repeats = static_cast<int>(an.integer("forgetting_repeats", a.forgetting_repeats, 1, 100000));
  a.skip_untrained = an.boolean("skip_untrained", a.skip_untrained);
  an.finish();

  FixedPointsConfig& fp = spec.fixed_points;
  Section fps(subtable(root, "fixed_points"), "fixed_points", settings);
  // by default 16, or all of A's runs when there are fewer
  fp.noisy_ends = static_cast<int>(
      fps.integer("noisy_ends", std::min(fp.noisy_ends, 5 * a.noise_copies), 0, 100000));
  if (fp.noisy_ends > 5 * a.noise_copies)
    fps.fail("noisy_ends", "= " + std::to_string(fp.noisy_ends) + " exceeds variant A's " +
                               std::to_string(5 * a.noise_copies) + " long runs (5 · analysis.noise_copies)");
  parse_fixed_points(fps, fp);
  fp.slow_modes = static_cast<int>(fps.integer("slow_modes", fp.slow_modes, 1, 20000));
  fp.near = fps.real("near", fp.near, 0, kBig);
  fps.finish();

  // The grid: any of these axes may list values; an axis not listed takes its single value
  // from [network] (seed defaults to 0). A key in both places is ambiguous and refused.
  Section grid(subtable(root, "grid"), "grid", settings);
  check_one_place(grid, net, {"n", "pg", "in", "g", "fb"});
  GridAxis seed{"seed", true, grid.integers("seed", {0}, 0, INT64_MAX), {}, {}};
  auto ns = grid.integers("n", {n.n}, 2, 20000);
  GridAxis size{"n", true, ns, {}, {}};
  GridAxis pg{"pg", false, {}, grid.reals("pg", {n.pg}, 1e-9, 1.0), {}};
  GridAxis in{"in", false, {}, grid.reals("in", {n.in}, 1e-9, kBig), {}};
  GridAxis g{"g", false, {}, grid.reals("g", {n.g}, 1e-9, 1e3), {}};
  GridAxis fb{"fb", false, {}, grid.reals("fb", {n.fb}, 1e-9, kBig), {}};
  out->grid_axes = {seed, size, pg, in, g, fb};
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
