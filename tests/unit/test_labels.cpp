#include <doctest/doctest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "dynamics/memory_sites.h"
#include "dynamics/probes.h"
#include "sweep/spec.h"

using namespace wmsweep;

TEST_CASE("label rules on recorded measurements") {
  const LabelRule a = rule_variant_a(1.5), b = rule_variant_b(1.5);
  WindowStats settled_six{std::vector<double>(100, 0.0), std::vector<double>(100, 1e-12), {}};
  for (int i = 0; i < 100; ++i) settled_six.last.push_back((i % 6) * 0.1);
  CHECK(classify(settled_six, a).mechanism == Mechanism::fixed_points);
  CHECK(classify(settled_six, a).distinct == 6);
  WindowStats settled_five = settled_six;
  for (int i = 0; i < 100; ++i) settled_five.last[i] = (i % 5) * 0.1;
  CHECK(classify(settled_five, a).mechanism == Mechanism::slow_manifold);
  // values closer than the rounding count as one
  WindowStats near = settled_six;
  for (int i = 0; i < 100; ++i) near.last[i] = 0.3 + (i % 6) * 1e-6;
  CHECK(classify(near, a).distinct == 1);

  WindowStats moving{{}, std::vector<double>(4, 0.1), {0, 0, 0, 0}};
  moving.mean = {0.11, 0.12, 0.13, 0.14};
  CHECK(classify(moving, b).mechanism == Mechanism::limit_cycle);
  moving.mean = {0.11, 0.11, 0.13, 4.5};
  CHECK(classify(moving, b).mechanism == Mechanism::far);
  moving.mean = {0.11, 0.11, 0.13, -4.01};
  CHECK(classify(moving, b).mechanism == Mechanism::far);
  moving.mean = {0.11, 0.11, 0.13, 0.2};
  CHECK(classify(moving, b).mechanism == Mechanism::mixed);
  // np.max of float32 means with a NaN is NaN: neither "far" comparison holds
  moving.mean = {NAN, NAN, 0.1, 9.0};
  moving.var = {NAN, NAN, 0.1, 0.1};
  CHECK(classify(moving, b).mechanism == Mechanism::mixed);
  CHECK(round_decimals(0.00005, 4) == 0.0);  // numpy rounds half to even
  CHECK(round_decimals(2.5, 0) == 2.0);
  CHECK(round_decimals(3.5, 0) == 4.0);
  CHECK(round_decimals(0.123456, 4) == doctest::Approx(0.1235));
}

// Cases where the study's float32 rule and a float64 reading of it disagree, and where counting
// rounded last-step values differs from counting rounded means (the spec's correction).
TEST_CASE("the study's rule: float32 statistics, last-step values, unrounded means") {
  const LabelRule a = rule_variant_a(1.5), b = rule_variant_b(1.5);
  // A variance just under 1e-9 in float64 rounds to float32(1e-9), which is not below the
  // float32 threshold: not settled (a float64 rule would call it settled).
  WindowStats s{std::vector<double>(100, 0.0), std::vector<double>(100, 1e-12), {}};
  for (int i = 0; i < 100; ++i) s.last.push_back((i % 6) * 0.1);
  s.var[17] = 0.99999999e-9;
  CHECK(s.var[17] < 1e-9);
  CHECK(static_cast<float>(s.var[17]) == static_cast<float>(1e-9));
  CHECK_FALSE(classify(s, a).settled);
  s.var[17] = 0.9999999e-9;  // far enough below: settled in both readings
  CHECK(classify(s, a).settled);
  CHECK(classify(s, a).mechanism == Mechanism::fixed_points);
  // variant B's threshold 1e-6 the same way
  WindowStats t{{0.1, 0.2, 0.3, 0.4}, {1e-9, 1e-9, 1e-9, 0.99999999e-6}, {1.0, 0.5, 1.5, 1.0}};
  CHECK_FALSE(classify(t, b).settled);
  t.var[3] = 0.999999e-6;
  CHECK(classify(t, b).settled);

  // Means that differ in float64 but not in float32 are not "all distinct": no limit cycle.
  WindowStats m{{0.5, 0.5 + 1e-9, 0.7, 0.9}, {0.1, 0.1, 0.1, 0.1}, {0, 0, 0, 0}};
  CHECK(static_cast<float>(m.mean[0]) == static_cast<float>(m.mean[1]));
  CHECK(classify(m, b).mechanism == Mechanism::mixed);
  CHECK(classify(m, b).distinct == 3);
  m.mean[1] = 0.5 + 1e-6;  // distinct in float32 too
  CHECK(classify(m, b).mechanism == Mechanism::limit_cycle);

  // Variant B counts the last-step values to 2 decimals, not the means.
  WindowStats lasts{{0.101, 0.104, 0.5, 0.9}, {1e-9, 1e-9, 1e-9, 1e-9}, {0.1, 0.1, 0.1, 0.9}};
  CHECK(classify(lasts, b).distinct == 2);  // the means would round to 3 distinct values
  CHECK(classify(lasts, b).mechanism == Mechanism::slow_manifold);
  lasts.last = {0.1, 0.5, 0.9, 0.9};
  CHECK(classify(lasts, b).mechanism == Mechanism::fixed_points);
  // ... and, not settled, compares its 4 float32 means unrounded: 0.101 and 0.104 differ
  lasts.var = {1e-3, 1e-3, 1e-3, 1e-3};
  CHECK(classify(lasts, b).mechanism == Mechanism::limit_cycle);

  // "far" is beyond max(encoding) + 2.5, the study's max, not the largest magnitude
  const LabelRule neg = rule_variant_b(1.5);  // encodings {-3, 0.5, 1.5}: max 1.5, far at 4
  WindowStats f{{4.2, 4.2, 0.3, 0.3}, {0.1, 0.1, 0.1, 0.1}, {0, 0, 0, 0}};
  CHECK(classify(f, neg).mechanism == Mechanism::far);
  f.mean = {3.9, 3.9, 0.3, 0.3};
  CHECK(classify(f, neg).mechanism == Mechanism::mixed);
  // float32 values beyond float's range are +inf: far, and one distinct value among them
  CHECK(count_distinct_float32({1e39, 2e39, 0.5}) == 2);
}

namespace {
// A hand-made autonomous system dx/dt = −x + M tanh(x), readout z = w_oᵀ tanh(x).
LongRun long_run(int n, const std::vector<double>& M, const std::vector<double>& w_o,
                 const std::vector<double>& end_states, bool shortcuts = true) {
  Weights w;
  w.n = n;
  w.g = 1.0;
  w.J = std::make_shared<std::vector<double>>(M);
  w.w_f.assign(n, 0.0);
  w.w_fd.assign(2 * n, 0.0);
  w.w_i.assign(2 * n, 0.0);
  Readouts ro{w_o, std::vector<double>(2 * n, 0.0)};
  TaskConfig tc;
  const SeqMatchTask task(tc, LatentSource::synthetic(tc.class_means, tc.class_std));
  const ClosedLoop net(w, ro, task.dt_over_tau());
  AnalysisConfig ac;
  return run_long_autonomous(net, task, ac, end_states, 42, ProbeOptions{shortcuts});
}
}  // namespace

TEST_CASE("three bistable units: eight stable fixed points → fixed_points") {
  // each unit x' = −x + 3 tanh(x) has stable points ±2.985; z = x1 + x2/2 + x3/4 separates all 8
  const int n = 3;
  std::vector<double> M = {3, 0, 0, 0, 3, 0, 0, 0, 3};
  std::vector<double> ends = {3, 3, 3, -3, 3, 3, 3, -3, 3, -3, -3, 3};  // 4 corners
  const LongRun r = long_run(n, M, {1.0, 0.5, 0.25}, ends);
  CHECK(r.label_a.mechanism == Mechanism::fixed_points);
  CHECK(r.label_a.distinct >= 6);
  CHECK(r.label_b.mechanism == Mechanism::fixed_points);
  CHECK(r.label_b.distinct == 4);
  // the trial ends sit at fixed points: the speed decays to zero
  CHECK(r.speed.back() < 1e-12);
}

TEST_CASE("a contraction to one attractor → slow_manifold (memories collapse)") {
  const int n = 3;
  std::vector<double> M = {0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5};
  std::vector<double> ends = {1, 1, 1, -1, 1, 1, 1, -1, 1, -1, -1, 1};
  const LongRun r = long_run(n, M, {1.0, 0.5, 0.25}, ends);
  CHECK(r.label_a.mechanism == Mechanism::slow_manifold);
  CHECK(r.label_a.distinct == 1);
  CHECK(r.label_b.mechanism == Mechanism::slow_manifold);
  CHECK(std::fabs(r.a.last[0]) < 1e-12);
}

TEST_CASE("a rotation with gain > 1 oscillates → limit_cycle") {
  // M = 2·R(30°): the origin is an unstable focus; trajectories reach a stable limit cycle
  const int n = 2;
  const double c = 2 * std::cos(M_PI / 6), s = 2 * std::sin(M_PI / 6);
  std::vector<double> M = {c, s, -s, c};  // column-major
  std::vector<double> ends = {1, 0, 0, 1, -1, 0, 0, -0.7};
  const LongRun r = long_run(n, M, {1.0, 0.0}, ends);
  CHECK(r.label_a.mechanism == Mechanism::limit_cycle);
  CHECK_FALSE(r.label_a.settled);
  CHECK(r.label_b.mechanism == Mechanism::limit_cycle);
}

TEST_CASE("fixed-point shortcut changes no bit of the long run") {
  const int n = 3;
  std::vector<double> M = {3, 0.1, 0, 0, 3, 0, 0.2, 0, 3};
  std::vector<double> ends = {3, 3, 3, -3, 3, 3, 3, -3, 3, -3, -3, 3};
  const LongRun with = long_run(n, M, {1.0, 0.5, 0.25}, ends, true);
  const LongRun without = long_run(n, M, {1.0, 0.5, 0.25}, ends, false);
  CHECK(with.a.mean == without.a.mean);
  CHECK(with.a.var == without.a.var);
  CHECK(with.a.last == without.a.last);
  CHECK(with.b.mean == without.b.mean);
  CHECK(with.speed == without.speed);
}

TEST_CASE("the dynamics label: each branch of the README's rule, in order") {
  using K = PointKind;
  auto site = [](int point, K kind, double distance, double along, bool focus = false) {
    MemorySite m;
    m.point = point;
    m.kind = kind;
    m.distance = distance;
    m.slow_fraction = along;
    m.focus = focus;
    return m;
  };
  const DynamicsRule rule;  // near 0.1, along 0.5, 3 distinct
  // four memories on three distinct stable points
  CHECK(dynamics_label({site(0, K::stable, 0.01, 0), site(1, K::stable, 0.02, 0),
                        site(2, K::stable, 0.05, 0), site(1, K::stable, 0.1, 0)}, rule) ==
        Mechanism::fixed_points);
  // collapsed onto two stable points: variant B would say slow_manifold
  CHECK(dynamics_label({site(0, K::stable, 0.01, 0), site(1, K::stable, 0.02, 0),
                        site(0, K::stable, 0.05, 0), site(1, K::stable, 0.1, 0)}, rule) ==
        Mechanism::slow_manifold);
  // one memory just beyond `near` but along the slow modes of a saddle
  CHECK(dynamics_label({site(0, K::stable, 0.01, 0), site(1, K::stable, 0.02, 0),
                        site(2, K::stable, 0.05, 0), site(3, K::saddle, 0.11, 0.6)}, rule) ==
        Mechanism::slow_manifold);
  // at a slow point
  CHECK(dynamics_label({site(4, K::slow_point, 0.0, 0), site(4, K::slow_point, 0.05, 0.2),
                        site(5, K::marginal, 0.01, 0), site(5, K::marginal, 0.3, 0.9)}, rule) ==
        Mechanism::slow_manifold);
  // a memory far from its point, across the slow modes, circling an unstable focus
  CHECK(dynamics_label({site(0, K::stable, 0.01, 0), site(1, K::saddle, 0.4, 0.2, true),
                        site(2, K::stable, 0.05, 0), site(3, K::stable, 0.02, 0)}, rule) ==
        Mechanism::limit_cycle);
  // the same memory without the focus: mixed
  CHECK(dynamics_label({site(0, K::stable, 0.01, 0), site(1, K::saddle, 0.4, 0.2, false),
                        site(2, K::stable, 0.05, 0), site(3, K::stable, 0.02, 0)}, rule) ==
        Mechanism::mixed);
  // no point found, or no memories
  CHECK(dynamics_label({site(-1, K::stable, 0, 0)}, rule) == Mechanism::mixed);
  CHECK(dynamics_label({}, rule) == Mechanism::mixed);
}
