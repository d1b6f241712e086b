// Study 2's spec sections: the same sections as study 1, with the keys of
// seed2-two-orientations.md (docs/spec.md).
#include <algorithm>
#include <cstring>

#include "spec/section.h"
#include "studies/orientations/study.h"
#include "util/errors.h"
#include "util/rng.h"

namespace wmsweep {

bool OrientationsConfig::wants(const std::string& name) const {
  return std::find(run.begin(), run.end(), name) != run.end();
}

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = {"tanh", "retanh"};
  return names;
}

OrientationPoint OrientationPoint::from(const GridPoint& p) {
  OrientationPoint o;
  o.job = p.job;
  o.seed = static_cast<uint64_t>(p.whole("seed"));
  o.n = static_cast<int>(p.whole("n"));
  o.g = p.real("g");
  o.sigma_rec = p.real("sigma_rec");
  o.ordinal = static_cast<int>(p.whole("ordinal"));
  o.activation = static_cast<int>(p.whole("activation"));
  return o;
}

uint64_t OrientationPoint::key() const {
  uint64_t h = mix(tag("grid-point"), seed);
  h = mix(h, static_cast<uint64_t>(n));
  for (double v : {1.0, 1.0, g, 1.0}) h = mix(h, bits_of(v));  // pg, in, g, fb as study 1 keys them
  return h;
}

std::string OrientationPoint::describe() const {
  return "seed=" + std::to_string(seed) + " n=" + std::to_string(n) + " g=" + compact(g) +
         " sigma_rec=" + compact(sigma_rec) + " ordinal=" + std::to_string(ordinal) +
         " activation=" + activation_names().at(static_cast<size_t>(activation));
}

std::shared_ptr<const StudySpec> OrientationsStudy::parse(const toml::table& root,
                                                          std::vector<std::string>& settings) const {
  auto out = std::make_shared<OrientationsSpec>();
  OrientationsConfig& o = out->config;
  if (subtable(root, "test"))
    throw SpecError("test is a study-1 section: study \"orientations\" scores its networks in "
                    "[analysis] (remove [test])");
  OrientationTask& t = o.task;
  OrientationTiming& tm = t.timing;
  Section task(subtable(root, "task"), "task", settings);
  tm.dt = task.real("dt", tm.dt, 1e-3, 1e4);
  for (auto [key, field] : {std::pair{"fixation", &tm.fixation}, {"stim1", &tm.stim1},
                            {"delay1", &tm.delay1}, {"stim2", &tm.stim2}, {"delay2", &tm.delay2},
                            {"response", &tm.response}}) {
    *field = task.real(key, *field, std::string(key) == "fixation" ? 0 : tm.dt, 1e7);
    check_steps(task, key, *field, tm.dt);
  }
  t.tuned = static_cast<int>(task.integer("tuned", t.tuned, 3, 100000));
  t.kappa = task.real("kappa", t.kappa, 0, 1e3);
  t.jitter = task.real("jitter", t.jitter, 0, 0.99);
  t.ordinal_weight = task.real("ordinal_weight", t.ordinal_weight, 0, kBig);
  o.deltas_file = task.choice("deltas_file", "", {});
  task.finish();

  BpttConfig& b = o.train;
  Section net(subtable(root, "network"), "network", settings);
  const int n = static_cast<int>(net.integer("n", b.n, 2, 20000));
  const double g = net.real("g", b.g, 0, 1e3);
  const double sigma = net.real("sigma_rec", b.sigma_rec, 0, kBig);
  const int64_t ordinal = net.integer("ordinal", 0, 0, 1);
  const std::string act = net.choice("activation", "tanh", activation_names());
  b.tau = net.real("tau", b.tau, tm.dt, 1e7);
  if (!(tm.dt < b.tau))
    net.fail("tau", "= " + compact(b.tau) + " is not above task.dt = " + compact(tm.dt) +
                        ": the Euler step must be shorter than the time constant; raise network.tau "
                        "or lower task.dt");
  net.finish();

  Section train(subtable(root, "train"), "train", settings);
  b.batch = static_cast<int>(train.integer("batch", b.batch, 1, 100000));
  b.max_iterations = static_cast<int>(train.integer("max_iterations", b.max_iterations, 1, 10'000'000));
  b.lr = train.real("lr", b.lr, 1e-12, 10);
  b.clip = train.real("clip", b.clip, 1e-12, kBig);
  b.rate_l2 = train.real("rate_l2", b.rate_l2, 0, kBig);
  b.weight_l2 = train.real("weight_l2", b.weight_l2, 0, kBig);
  b.threshold_deg = train.real("threshold_deg", b.threshold_deg, 0, 90);
  b.float64 = train.choice("precision", "float32", {"float32", "float64"}) == "float64";
  train.finish();

  Section an(subtable(root, "analysis"), "analysis", settings);
  o.run = an.strings("run", o.run, {"geometry", "behaviour", "fixed_points"});
  o.grid = static_cast<int>(an.integer("grid", o.grid, 3, 1000));
  o.connectivity_bins = static_cast<int>(an.integer("connectivity_bins", o.connectivity_bins, 1, 1000));
  o.behaviour_trials = static_cast<int>(an.integer("behaviour_trials", o.behaviour_trials, 2, 10'000'000));
  o.repulsion_bins = static_cast<int>(an.integer("repulsion_bins", o.repulsion_bins, 1, 1000));
  o.small_deg = an.real("small_deg", o.small_deg, 1e-9, 90);
  an.finish();

  FixedPointsConfig& fp = o.fixed_points;
  Section fps(subtable(root, "fixed_points"), "fixed_points", settings);
  parse_fixed_points(fps, fp);
  if (fp.samples < 1) fps.fail("samples", "must be at least 1");
  fps.finish();

  Section grid(subtable(root, "grid"), "grid", settings);
  check_one_place(grid, net, {"n", "g", "sigma_rec", "ordinal", "activation"});
  GridAxis seed{"seed", true, grid.integers("seed", {0}, 0, INT64_MAX), {}, {}};
  const std::vector<int64_t> ns = grid.integers("n", {n}, 2, 20000);
  GridAxis size{"n", true, ns, {}, {}};
  GridAxis gain{"g", false, {}, grid.reals("g", {g}, 0, 1e3), {}};
  GridAxis noise{"sigma_rec", false, {}, grid.reals("sigma_rec", {sigma}, 0, kBig), {}};
  const std::vector<int64_t> ords = grid.integers("ordinal", {ordinal}, 0, 1);
  GridAxis ord{"ordinal", true, ords, {}, {}};
  GridAxis activation{"activation", true, {}, {}, activation_names()};
  for (const std::string& a : grid.strings("activation", {act}, activation_names()))
    activation.wholes.push_back(
        std::find(activation_names().begin(), activation_names().end(), a) - activation_names().begin());
  if (activation.wholes.empty()) grid.fail("activation", "must not be empty");
  out->grid_axes = {seed, size, gain, noise, ord, activation};
  for (const GridAxis& ax : out->grid_axes) {
    if (ax.whole) check_unique(grid, ax.name, ax.wholes);
    else check_unique(grid, ax.name, ax.reals);
  }
  grid.finish();
  check_grid_size(out->grid_axes);
  out->n_max = static_cast<int>(*std::max_element(ns.begin(), ns.end()));
  out->outputs = 4 + (*std::max_element(ords.begin(), ords.end()) ? 1 : 0);
  return out;
}

}  // namespace wmsweep
