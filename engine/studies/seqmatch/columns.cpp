// Study 1's store columns (docs/store.md), its curve axes and root attributes.
#include <algorithm>
#include <cmath>

#include "dynamics/labels.h"
#include "studies/seqmatch/study.h"

namespace wmsweep {
std::vector<std::string> SeqMatchSpec::phases() const {
  return {"train", "test", "classify", "robustness", "forgetting", "fixed_points"};
}

std::vector<Column> SeqMatchSpec::grid_columns() const {
  using T = ColumnType;
  return {
      {"seed", T::i64, {}, "grid seed: J, w_f, w_fd, w_i, x0 derive from it"},
      {"n", T::i32, {}, "network size; per-row arrays hold n values, then NaN up to n_max"},
      {"pg", T::f64, {}, "density of J"},
      {"in", T::f64, {}, "input weight scale"},
      {"g", T::f64, {}, "gain of J"},
      {"fb", T::f64, {}, "feedback weight scale"},
  };
}

std::vector<Column> SeqMatchSpec::columns(bool save_weights) const {
  using T = ColumnType;
  const SeqMatchConfig& s = config;
  const uint64_t n = static_cast<uint64_t>(n_max), thresholds = s.test.thresholds.size(),
                 runs = 16 * static_cast<uint64_t>(s.test.stim_seeds),
                 starts_a = 5 * static_cast<uint64_t>(s.analysis.noise_copies),
                 speed_at = s.analysis.speed_at.size(), sigmas = s.analysis.robustness_sigmas.size(),
                 delays = static_cast<uint64_t>(delays_of(s.analysis));
  const std::vector<std::string>& labels = mechanism_names();
  std::vector<std::string> kinds;
  for (int k = 0; k < kPointKinds; ++k) kinds.push_back(point_kind_name(static_cast<PointKind>(k)));
  std::vector<Column> c = {
      {"cost/fixed_points", T::f64, {2}, "of the fixed_points phase: seconds to find the points, and for their spectra"},
      {"error/rate", T::f64, {thresholds}, "fraction of test runs with rmse above each test.thresholds"},
      {"error/rmse", T::f64, {runs}, "rmse of every test run (4 starts · 4 types · stim_seeds): sqrt(Σ e² / rmse_steps)"},
      {"error/study_rate", T::f64, {thresholds}, "the study's error rate: fraction of runs with error/study_rmse above each threshold"},
      {"error/study_rmse", T::f64, {runs}, "the study's per-run \"rmse\": sqrt(Σ e² / rmse_runs), = rmse · sqrt(rmse_steps / rmse_runs)"},
      {"error/trained", T::i8, {}, "1: the network learned the task (test.trained_*: at most trained_max_rate of runs above trained_epsilon), 0: not"},
      {"probes_skipped", T::i8, {}, "1: not trained, so analysis.skip_untrained skipped its long probes (reason says why)"},
      {"phasic", T::f64, {2}, "mean over phasic_runs: fraction of units with |mean r| above the threshold, delay 1 and response"},
      {"phasic_runs", T::f64, {2, 16}, "per run (4 trial-end starts · 4 types, stimulus seed 0): fraction of units with |mean r| over the period above the threshold; delay 1, response"},
      {"end_states", T::f64, {n, 4}, "the 4 trial-end states (x), one per trial type"},
      {"classify/a/label", T::i8, {}, "variant A mechanism: index into `categories`", labels},
      {"classify/a/distinct", T::i32, {}, "variant A: settled, distinct last z (4 decimals); else distinct float32 window means"},
      {"classify/a/settled", T::i8, {}, "variant A: every float32 window variance below the threshold (1e-9)"},
      {"classify/a/mean", T::f64, {starts_a}, "variant A: window mean of z per start"},
      {"classify/a/var", T::f64, {starts_a}, "variant A: window variance of z per start"},
      {"classify/a/last", T::f64, {starts_a}, "variant A: z at the window's last step per start"},
      {"classify/b/label", T::i8, {}, "variant B mechanism: index into `categories`", labels},
      {"classify/b/distinct", T::i32, {}, "variant B: settled, distinct last z (2 decimals); else distinct float32 window means"},
      {"classify/b/settled", T::i8, {}, "variant B: every float32 window variance below the threshold (1e-6)"},
      {"classify/b/mean", T::f64, {4}, "variant B: window mean of z per trial end"},
      {"classify/b/var", T::f64, {4}, "variant B: window variance of z per trial end"},
      {"classify/b/last", T::f64, {4}, "variant B: z at the window's last step per trial end"},
      {"speed", T::f64, {speed_at, 4}, "‖−x + M r‖ at analysis.speed_at trial lengths after each trial end"},
      {"robustness/fail_end", T::f64, {sigmas}, "failure fraction at the trial end, per σ"},
      {"robustness/fail_settle", T::f64, {sigmas}, "failure fraction after settling, per σ"},
      {"forgetting/fail_end", T::f64, {delays}, "failure fraction at the trial end, per extra delay d"},
      {"forgetting/fail_settle", T::f64, {delays}, "failure fraction after settling, per d"},
  };
  const std::vector<Column> fp = fixed_point_columns(
      n_max, s.fixed_points, fixed_point_start_count(s),
      "starts used (trial ends, long-run ends, noisy test samples)",
      "per start (trial ends, long-run ends: B's 4 then noisy_ends of A's, noisy test samples): the point it reached, −1 none");
  c.insert(c.end(), fp.begin(), fp.end());
  const std::vector<Column> rest = {
      {"memory/point", T::i32, {4}, "per trial-end state: its nearest point (index into fixed_points/*)"},
      {"memory/kind", T::i8, {4}, "per trial-end state: that point's kind (index into `categories`)", kinds},
      {"memory/distance", T::f64, {4}, "per trial-end state: rms distance to the point / scale"},
      {"memory/slow_fraction", T::f64, {4}, "per trial-end state: share of (state − point) along the point's fixed_points.slow_modes slowest modes"},
      {"memory/focus", T::i8, {4}, "per trial-end state: the point's leading eigenvalue is complex and unstable"},
      {"dynamics/label", T::i8, {}, "mechanism from the fixed points (docs/fixed-points.md: the dynamics label): index into `categories`", labels},
      {"trained/w_o", T::f64, {n}, "trained output readout"},
      {"trained/w_d", T::f64, {n, 2}, "trained memory readouts"},
      {"trained/x", T::f64, {n}, "the state training ended in (the test trials start there)"},
  };
  c.insert(c.end(), rest.begin(), rest.end());
  if (save_weights) {
    c.push_back({"init/J", T::f64, {n, n}, "recurrent matrix J, g not applied (the network uses g·J)"});
    c.push_back({"init/w_f", T::f64, {n}, "feedback weights of z (divided by fb)"});
    c.push_back({"init/w_fd", T::f64, {n, 2}, "feedback weights of z_d (divided by fb)"});
    c.push_back({"init/w_i", T::f64, {n, 2}, "input weights (divided by in)"});
    c.push_back({"init/x0", T::f64, {n}, "initial state"});
  }
  return c;
}

std::vector<Axis> SeqMatchSpec::curve_axes() const {
  const AnalysisConfig& a = config.analysis;
  std::vector<double> d;
  for (int k = 0; k < delays_of(a); ++k) d.push_back(a.forget_from + k * a.forget_step);  // as probes.cpp
  std::vector<double> speed_at(a.speed_at.begin(), a.speed_at.end());
  return {
      {"thresholds", config.test.thresholds, "rmse thresholds of error/rate"},
      {"sigma", a.robustness_sigmas, "distraction noise σ of robustness/*"},
      {"d", d, "extra delay (τ) of forgetting/*"},
      {"speed_at", speed_at, "trial lengths after the trial end of speed"},
  };
}

void SeqMatchSpec::describe(StoreHeader& h) const {
  h.texts.push_back({"labels", join(mechanism_names(), ",")});
  h.texts.push_back({"label_rule", kLabelRule});
  h.texts.push_back({"point_kinds", point_kind_list()});
  const SeqMatchConfig& s = config;
  for (auto [name, v] : {std::pair{"n_max", n_max},
                         {"thresholds", static_cast<int>(s.test.thresholds.size())},
                         {"rmse_runs", 16 * s.test.stim_seeds},
                         {"starts_a", 5 * s.analysis.noise_copies},
                         {"speed_at", static_cast<int>(s.analysis.speed_at.size())},
                         {"sigmas", static_cast<int>(s.analysis.robustness_sigmas.size())},
                         {"delays", delays_of(s.analysis)},
                         {"points_max", s.fixed_points.max_points},
                         {"eigenvalues_kept", s.fixed_points.finder.keep},
                         {"fixed_point_starts", fixed_point_start_count(s)}})
    h.numbers.push_back({name, v});
}

std::vector<std::pair<std::string, std::string>> SeqMatchSpec::input_files() const {
  if (config.task.latent == "file") return {{"task.latent_file", config.task.latent_file}};
  return {};
}

}  // namespace wmsweep

namespace wmsweep {

// What an adaptive sweep may aim at: the prevalence tables' proportions (prevalence.cpp counts
// a mechanism among the trained networks whose label is known, and `trained` among the ok ones).
std::vector<Outcome> SeqMatchSpec::outcomes() const {
  const std::vector<std::string>& labels = mechanism_names();
  const auto among_trained = [n = static_cast<double>(labels.size())](const std::vector<double>& v) {
    return v[0] == 1 && v[1] >= 0 && v[1] < n ? static_cast<int>(v[1]) : -1;  // v: trained, label
  };
  return {
      {"mechanism_a", "the variant-A mechanism among trained networks (query's default table)",
       {"error/trained", "classify/a/label"}, labels, among_trained},
      {"mechanism_a_all", "the variant-A mechanism among all ok networks, trained or not (query --all)",
       {"classify/a/label"}, labels,
       [n = static_cast<double>(labels.size())](const std::vector<double>& v) {
         return v[0] >= 0 && v[0] < n ? static_cast<int>(v[0]) : -1;
       }},
      {"mechanism_b", "the variant-B mechanism among trained networks (query --variant b)",
       {"error/trained", "classify/b/label"}, labels, among_trained},
      {"dynamics", "the dynamics label (from the fixed points) among trained networks",
       {"error/trained", "dynamics/label"}, labels, among_trained},
      {"trained", "whether a network learned the task, among the ok ones",
       {"error/trained"}, {"untrained", "trained"},
       [](const std::vector<double>& v) { return v[0] == 1 ? 1 : 0; }},
  };
}

}  // namespace wmsweep
