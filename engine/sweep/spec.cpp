#include "sweep/spec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iomanip>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "sweep/grid.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// One TOML table with the keys it may hold. Every read marks the key as known; finish()
// rejects the rest, so a typo never passes silently as "use the default".
class Section {
 public:
  // Every value read (given or default) is appended to `settings` as "path.key = value".
  Section(const toml::table* table, std::string path, std::vector<std::string>& settings)
      : table_(table), path_(std::move(path)), settings_(&settings) {}

  double real(const std::string& key, double fallback, double lo, double hi) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    double v;
    if (auto d = node->value_exact<double>()) v = *d;
    else if (auto i = node->value_exact<int64_t>()) v = static_cast<double>(*i);
    else fail(key, "must be a number");
    check_range(key, v, lo, hi);
    return noted(key, v);
  }

  int64_t integer(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    auto i = node->value_exact<int64_t>();
    if (!i) fail(key, "must be a whole number");
    check_range(key, static_cast<double>(*i), static_cast<double>(lo), static_cast<double>(hi));
    return noted(key, *i);
  }

  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    auto s = node->value_exact<std::string>();
    if (!s) fail(key, "must be a string, one of: " + join(allowed));
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), *s) == allowed.end())
      fail(key, "is \"" + *s + "\"; allowed: " + join(allowed));
    return noted(key, *s);
  }

  std::vector<double> reals(const std::string& key, std::vector<double> fallback, double lo,
                            double hi, bool allow_empty = false) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    const toml::array* arr = node->as_array();
    if (!arr) fail(key, "must be an array of numbers, e.g. [1.0, 2.0]");
    std::vector<double> out;
    for (const auto& el : *arr) {
      if (auto d = el.value_exact<double>()) out.push_back(*d);
      else if (auto i = el.value_exact<int64_t>()) out.push_back(static_cast<double>(*i));
      else fail(key, "must hold only numbers");
      check_range(key, out.back(), lo, hi);
    }
    if (out.empty() && !allow_empty) fail(key, "must not be empty");
    return noted(key, out);
  }

  std::vector<int64_t> integers(const std::string& key, std::vector<int64_t> fallback,
                                int64_t lo, int64_t hi) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    const toml::array* arr = node->as_array();
    if (!arr) fail(key, "must be an array of whole numbers, e.g. [0, 1, 2]");
    std::vector<int64_t> out;
    for (const auto& el : *arr) {
      auto i = el.value_exact<int64_t>();
      if (!i) fail(key, "must hold only whole numbers");
      check_range(key, static_cast<double>(*i), static_cast<double>(lo), static_cast<double>(hi));
      out.push_back(*i);
    }
    if (out.empty()) fail(key, "must not be empty");
    return noted(key, out);
  }

  std::vector<std::string> strings(const std::string& key, std::vector<std::string> fallback,
                                   const std::vector<std::string>& allowed) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    const toml::array* arr = node->as_array();
    if (!arr) fail(key, "must be an array of strings from: " + join(allowed));
    std::vector<std::string> out;
    for (const auto& el : *arr) {
      auto s = el.value_exact<std::string>();
      if (!s) fail(key, "must hold only strings");
      if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end())
        fail(key, "has \"" + *s + "\"; allowed: " + join(allowed));
      out.push_back(*s);
    }
    return noted(key, out);
  }

  bool boolean(const std::string& key, bool fallback) {
    const toml::node* node = lookup(key);
    if (!node) return noted(key, fallback);
    auto b = node->value_exact<bool>();
    if (!b) fail(key, "must be true or false");
    return noted(key, *b);
  }

  bool has(const std::string& key) const { return table_ && table_->contains(key); }

  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw SpecError(qualified(key) + " " + why);
  }

  // Unknown keys are errors; the message lists what the section accepts.
  void finish() const {
    if (!table_) return;
    for (auto&& [k, v] : *table_) {
      const std::string key(k.str());
      if (!known_.count(key)) {
        std::vector<std::string> allowed(known_.begin(), known_.end());
        throw SpecError(qualified(key) + " is not a known key" +
                        (allowed.empty() ? std::string()
                                         : " (this section accepts: " + join(allowed) + ")") +
                        ": remove it or fix its spelling");
      }
    }
  }

  // Declares keys that are read elsewhere (so finish() accepts them).
  void accept(const std::string& key) { known_.insert(key); }

 private:
  const toml::node* lookup(const std::string& key) {
    known_.insert(key);
    return table_ ? table_->get(key) : nullptr;
  }
  std::string qualified(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
  }
  void check_range(const std::string& key, double v, double lo, double hi) const {
    if (!(v >= lo && v <= hi)) {
      std::ostringstream msg;
      msg << "= " << v << " is out of range: it must lie in [" << lo << ", " << hi << "]";
      fail(key, msg.str());
    }
  }

  static std::string show(double v) {  // shortest text that reads back as the same double
    char buf[32];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  }
  static std::string show(int64_t v) { return std::to_string(v); }
  static std::string show(bool v) { return v ? "true" : "false"; }
  static std::string show(const std::string& v) { return "\"" + v + "\""; }
  template <class T>
  static std::string show(const std::vector<T>& v) {
    std::string out = "[";
    for (size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + show(v[k]);
    return out + "]";
  }
  template <class T>
  T noted(const std::string& key, T value) {
    settings_->push_back(qualified(key) + " = " + show(value));
    return value;
  }

  const toml::table* table_;
  std::string path_;
  std::vector<std::string>* settings_;
  std::set<std::string> known_;
};

const toml::table* subtable(const toml::table& root, const std::string& name) {
  const toml::node* node = root.get(name);
  if (!node) return nullptr;
  if (!node->as_table()) throw SpecError(name + " must be a table: write it as [" + name + "]");
  return node->as_table();
}

// Period lengths must be whole numbers of Euler steps.
void check_steps(const Section& s, const std::string& key, double length, double dt) {
  const double steps = length / dt;
  if (std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps))
    s.fail(key, "is not a whole number of Euler steps (dt = " + std::to_string(dt) +
                    "): choose a multiple of task.dt");
}

constexpr double kBig = 1e12;

std::string compact(double v) {  // "1", "0.1", "2.5e-07"
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

namespace {
bool lists(const std::vector<std::string>& run, const std::string& name) {
  return std::find(run.begin(), run.end(), name) != run.end();
}
}  // namespace

bool AnalysisConfig::wants(const std::string& name) const { return lists(run, name); }
bool OrientationsConfig::wants(const std::string& name) const { return lists(run, name); }

namespace {

// A repeated value would run the same network twice under two job numbers.
template <class T>
void unique_values(const Section& grid, const char* key, std::vector<T> v) {
  std::sort(v.begin(), v.end());  // integers compare as integers: 2^53 and 2^53 + 1 differ
  if (std::adjacent_find(v.begin(), v.end()) != v.end())
    grid.fail(key, "lists a value twice: each grid value must be distinct");
}

// The jobs of a grid are numbered by int64 and stored one row each: refuse a grid whose size
// does not fit (or overflows), with its true size.
void check_grid_size(const GridAxes& a) {
  const std::pair<const char*, size_t> axes[] = {
      {"seed", a.seed.size()}, {"n", a.n.size()}, {"pg", a.pg.size()}, {"in", a.in.size()},
      {"g", a.g.size()}, {"fb", a.fb.size()}, {"sigma_rec", a.sigma_rec.size()},
      {"ordinal", a.ordinal.size()}, {"activation", a.activation.size()}};
  long double jobs = 1;
  std::string product;
  for (const auto& [name, count] : axes) {
    jobs *= static_cast<long double>(count);
    if (count > 1) product += (product.empty() ? "" : " × ") + std::to_string(count) + " " + name;
  }
  constexpr long double kMaxJobs = 9007199254740992.0L;  // 2^53: exact as a double too
  if (jobs > kMaxJobs) {
    std::ostringstream msg;
    msg << "describes " << std::setprecision(4) << static_cast<double>(jobs) << " jobs (" << product
        << "); a sweep holds at most 2^53 = 9007199254740992: split it into several specs";
    throw SpecError("grid " + msg.str());
  }
}

// An axis may be listed in [grid] or set once in [network]; a key in both is ambiguous.
void in_one_place(const Section& grid, const Section& net, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (grid.has(key) && net.has(key))
      grid.fail(key, std::string("is also set as network.") + key + ": keep only one of them");
}

// Study 2: the same sections as study 1, with the keys of seed2-two-orientations.md.
void parse_orientations(const toml::table& root, Spec& spec) {
  OrientationsConfig& o = spec.orientations;
  if (subtable(root, "test"))
    throw SpecError("test is a study-1 section: study \"orientations\" scores its networks in "
                    "[analysis] (remove [test])");
  OrientationTask& t = o.task;
  OrientationTiming& tm = t.timing;
  Section task(subtable(root, "task"), "task", spec.settings);
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
  Section net(subtable(root, "network"), "network", spec.settings);
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

  Section train(subtable(root, "train"), "train", spec.settings);
  b.batch = static_cast<int>(train.integer("batch", b.batch, 1, 100000));
  b.max_iterations = static_cast<int>(train.integer("max_iterations", b.max_iterations, 1, 10'000'000));
  b.lr = train.real("lr", b.lr, 1e-12, 10);
  b.clip = train.real("clip", b.clip, 1e-12, kBig);
  b.rate_l2 = train.real("rate_l2", b.rate_l2, 0, kBig);
  b.weight_l2 = train.real("weight_l2", b.weight_l2, 0, kBig);
  b.threshold_deg = train.real("threshold_deg", b.threshold_deg, 0, 90);
  b.float64 = train.choice("precision", "float32", {"float32", "float64"}) == "float64";
  train.finish();

  Section an(subtable(root, "analysis"), "analysis", spec.settings);
  o.run = an.strings("run", o.run, {"geometry", "behaviour", "fixed_points"});
  o.grid = static_cast<int>(an.integer("grid", o.grid, 3, 1000));
  o.connectivity_bins = static_cast<int>(an.integer("connectivity_bins", o.connectivity_bins, 1, 1000));
  o.behaviour_trials = static_cast<int>(an.integer("behaviour_trials", o.behaviour_trials, 2, 10'000'000));
  o.repulsion_bins = static_cast<int>(an.integer("repulsion_bins", o.repulsion_bins, 1, 1000));
  o.small_deg = an.real("small_deg", o.small_deg, 1e-9, 90);
  an.finish();

  FixedPointsConfig& fp = spec.fixed_points;
  Section fps(subtable(root, "fixed_points"), "fixed_points", spec.settings);
  fp.samples = static_cast<int>(fps.integer("samples", 64, 1, 100000));
  fp.sample_noise = fps.real("sample_noise", fp.sample_noise, 0, kBig);
  fp.tol = fps.real("tol", fp.tol, 1e-15, 1e-3);
  fp.max_iterations = static_cast<int>(fps.integer("max_iterations", fp.max_iterations, 1, 100000));
  fp.keep = static_cast<int>(fps.integer("keep", fp.keep, 1, 20000));
  fp.max_points = static_cast<int>(fps.integer("max_points", fp.max_points, 1, 10000));
  fps.finish();

  GridAxes& ax = spec.grid;
  Section grid(subtable(root, "grid"), "grid", spec.settings);
  in_one_place(grid, net, {"n", "g", "sigma_rec", "ordinal", "activation"});
  auto seeds = grid.integers("seed", {0}, 0, INT64_MAX);
  ax.seed.assign(seeds.begin(), seeds.end());
  auto ns = grid.integers("n", {n}, 2, 20000);
  ax.n.assign(ns.begin(), ns.end());
  ax.g = grid.reals("g", {g}, 0, 1e3);
  ax.sigma_rec = grid.reals("sigma_rec", {sigma}, 0, kBig);
  auto ords = grid.integers("ordinal", {ordinal}, 0, 1);
  ax.ordinal.assign(ords.begin(), ords.end());
  ax.activation.clear();
  for (const std::string& a : grid.strings("activation", {act}, activation_names()))
    ax.activation.push_back(static_cast<int>(
        std::find(activation_names().begin(), activation_names().end(), a) - activation_names().begin()));
  if (ax.activation.empty()) grid.fail("activation", "must not be empty");
  spec.train.group_max = 1;  // a unit of work is one network: nothing is shared in training
  // study 1's axes hold one (unused) value so the grid's order and keys stay the same
  ax.pg = {1.0};
  ax.in = {1.0};
  ax.fb = {1.0};
  unique_values(grid, "seed", ax.seed);
  unique_values(grid, "n", ax.n);
  unique_values(grid, "g", ax.g);
  unique_values(grid, "sigma_rec", ax.sigma_rec);
  unique_values(grid, "ordinal", ax.ordinal);
  unique_values(grid, "activation", ax.activation);
  grid.finish();
  check_grid_size(ax);
}

}  // namespace

Spec parse_spec(const std::string& toml_text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << origin << ":" << e.source().begin.line << ":" << e.source().begin.column
        << ": not valid TOML: " << e.description();
    throw SpecError(msg.str());
  }

  Spec spec;
  spec.text = toml_text;
  Section top(&root, "", spec.settings);
  spec.name = top.choice("name", "sweep", {});
  spec.study = top.choice("study", "seqmatch", {"seqmatch", "orientations"});
  for (const char* s : {"task", "network", "train", "test", "analysis", "fixed_points", "grid"})
    top.accept(s);
  top.finish();
  if (spec.study == "orientations") {
    parse_orientations(root, spec);
    return spec;
  }

  TaskConfig& t = spec.task;
  Section task(subtable(root, "task"), "task", spec.settings);
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
  Section net(subtable(root, "network"), "network", spec.settings);
  n.n = static_cast<int>(net.integer("n", n.n, 2, 20000));
  n.g = net.real("g", n.g, 1e-9, 1e3);
  n.pg = net.real("pg", n.pg, 1e-9, 1.0);
  n.fb = net.real("fb", n.fb, 1e-9, kBig);
  n.in = net.real("in", n.in, 1e-9, kBig);
  n.init = net.choice("init", n.init, {"gauss", "uniform"});
  n.x0_std = net.real("x0_std", n.x0_std, 0, 1e3);
  net.finish();

  TrainConfig& tr = spec.train;
  Section train(subtable(root, "train"), "train", spec.settings);
  tr.method = train.choice("method", tr.method, {"modified_force", "force"});
  tr.n_train = static_cast<int>(train.integer("n_train", tr.n_train, 1, 10'000'000));
  tr.alpha = train.real("alpha", tr.alpha, 1e-12, kBig);
  tr.update_every = static_cast<int>(train.integer("update_every", tr.update_every, 1, 1000));
  tr.group_max = static_cast<int>(train.integer("group_max", tr.group_max, 1, 10000));
  train.finish();

  TestConfig& te = spec.test;
  Section test(subtable(root, "test"), "test", spec.settings);
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
  Section an(subtable(root, "analysis"), "analysis", spec.settings);
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
  Section fps(subtable(root, "fixed_points"), "fixed_points", spec.settings);
  // by default 16, or all of A's runs when there are fewer
  fp.noisy_ends = static_cast<int>(
      fps.integer("noisy_ends", std::min(fp.noisy_ends, 5 * a.noise_copies), 0, 100000));
  if (fp.noisy_ends > 5 * a.noise_copies)
    fps.fail("noisy_ends", "= " + std::to_string(fp.noisy_ends) + " exceeds variant A's " +
                               std::to_string(5 * a.noise_copies) + " long runs (5 · analysis.noise_copies)");
  fp.samples = static_cast<int>(fps.integer("samples", fp.samples, 0, 100000));
  fp.sample_noise = fps.real("sample_noise", fp.sample_noise, 0, kBig);
  fp.tol = fps.real("tol", fp.tol, 1e-15, 1e-3);
  fp.max_iterations = static_cast<int>(fps.integer("max_iterations", fp.max_iterations, 1, 100000));
  fp.keep = static_cast<int>(fps.integer("keep", fp.keep, 1, 20000));
  fp.max_points = static_cast<int>(fps.integer("max_points", fp.max_points, 1, 10000));
  fp.slow_modes = static_cast<int>(fps.integer("slow_modes", fp.slow_modes, 1, 20000));
  fp.near = fps.real("near", fp.near, 0, kBig);
  fps.finish();

  // The grid: any of these axes may list values; an axis not listed takes its single value
  // from [network] (seed defaults to 0). A key in both places is ambiguous and refused.
  GridAxes& g = spec.grid;
  Section grid(subtable(root, "grid"), "grid", spec.settings);
  in_one_place(grid, net, {"n", "pg", "in", "g", "fb"});
  auto seeds = grid.integers("seed", {0}, 0, INT64_MAX);
  g.seed.assign(seeds.begin(), seeds.end());
  auto ns = grid.integers("n", {n.n}, 2, 20000);
  g.n.assign(ns.begin(), ns.end());
  g.pg = grid.reals("pg", {n.pg}, 1e-9, 1.0);
  g.in = grid.reals("in", {n.in}, 1e-9, kBig);
  g.g = grid.reals("g", {n.g}, 1e-9, 1e3);
  g.fb = grid.reals("fb", {n.fb}, 1e-9, kBig);
  unique_values(grid, "seed", g.seed);
  unique_values(grid, "n", g.n);
  unique_values(grid, "pg", g.pg);
  unique_values(grid, "in", g.in);
  unique_values(grid, "g", g.g);
  unique_values(grid, "fb", g.fb);
  grid.finish();
  check_grid_size(g);
  return spec;
}

int fixed_point_start_count(const Spec& spec) {
  if (spec.study == "orientations")
    return spec.orientations.wants("fixed_points") ? spec.fixed_points.samples : 0;
  const AnalysisConfig& a = spec.analysis;
  if (!a.wants("fixed_points")) return 0;
  const bool longrun = a.wants("classify") || a.wants("speed");
  return 4 + (longrun ? 4 + spec.fixed_points.noisy_ends : 0) + spec.fixed_points.samples;
}

Spec load_spec(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw SpecError(path + ": is a folder; give a spec file (TOML), e.g. jobs/quickstart.toml");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SpecError(path + ": cannot read the spec file (does it exist?)");
  // a spec is a short text: read at most kMaxSpecBytes + 1 bytes (a device or a huge file
  // would otherwise be read until memory runs out)
  std::string text(kMaxSpecBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw SpecError(path + ": cannot read the spec file (a read error)");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxSpecBytes)
    throw SpecError(path + ": is larger than " + std::to_string(kMaxSpecBytes >> 20) +
                    " MiB; a spec is a short TOML file (is this the right file?)");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw SpecError(path + ": is empty; a spec names at least the sweep (name = \"…\"): see "
                    "jobs/quickstart.toml");
  Spec spec = parse_spec(text, path);
  // a file of comments only would silently run the default network (N = 1000, 3500 trials)
  if (toml::parse(text, path).empty())
    throw SpecError(path + ": holds no settings (only comments?); a spec names at least the "
                    "sweep (name = \"…\"): see jobs/quickstart.toml");
  return spec;
}

std::string input_files_digest(const Spec& spec) {
  std::vector<std::pair<std::string, std::string>> files;
  if (spec.study == "seqmatch" && spec.task.latent == "file")
    files.emplace_back("task.latent_file", spec.task.latent_file);
  if (spec.study == "orientations" && !spec.orientations.deltas_file.empty())
    files.emplace_back("task.deltas_file", spec.orientations.deltas_file);
  std::string out;
  for (const auto& [key, path] : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(key + " = " + path + ": cannot read the file");
    uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64: enough to tell an edited file apart
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      for (std::streamsize k = 0; k < in.gcount(); ++k) {
        h ^= static_cast<unsigned char>(buf[k]);
        h *= 0x100000001b3ull;
      }
      if (!in) break;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    out += key + " = " + path + ", fnv1a64 " + hex + "\n";
  }
  return out;
}

std::vector<std::string> spec_differences(const Spec& before, const Spec& after) {
  auto split = [](const std::vector<std::string>& settings) {
    std::vector<std::pair<std::string, std::string>> kv;
    for (const std::string& line : settings) {
      const size_t eq = line.find(" = ");
      kv.emplace_back(line.substr(0, eq), line.substr(eq + 3));
    }
    return kv;
  };
  const auto a = split(before.settings), b = split(after.settings);
  std::vector<std::string> out;
  for (const auto& [key, value] : a) {
    auto it = std::find_if(b.begin(), b.end(), [&](const auto& p) { return p.first == key; });
    if (it == b.end()) out.push_back(key + ": " + value + " -> (gone)");
    else if (it->second != value) out.push_back(key + ": " + value + " -> " + it->second);
  }
  for (const auto& [key, value] : b)
    if (std::none_of(a.begin(), a.end(), [&](const auto& p) { return p.first == key; }))
      out.push_back(key + ": (new) -> " + value);
  return out;
}

}  // namespace wmsweep
