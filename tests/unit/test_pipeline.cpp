#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "studies/seqmatch/pipeline.h"
#include "studies/seqmatch/study.h"
#include "spec/grid.h"
#include "sweep/spec.h"

using namespace wmsweep;

namespace {
const char* kSpec = R"(
[network]
n = 40
[train]
n_train = 12
[test]
stim_seeds = 2
[analysis]
classify_trials = 3
noise_copies = 2
speed_at = [0, 1, 3]
robustness_sigmas = [0.5, 5.0]
robustness_repeats = 1
forget_from = 1.0
forget_to = 4.0
forget_step = 0.5
[grid]
seed = [3]
g = [0.9, 1.4]
fb = [20.0, 5.0]
)";

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), 8 * a.size()) == 0;
}

void check_identical(const NetworkResult& a, const NetworkResult& b) {
  CHECK(a.ok == b.ok);
  CHECK(same(a.readouts.w_o, b.readouts.w_o));
  CHECK(same(a.readouts.w_d, b.readouts.w_d));
  CHECK(same(a.end_states, b.end_states));
  CHECK(same(a.error.rmse, b.error.rmse));
  CHECK(same(a.longrun.a.mean, b.longrun.a.mean));
  CHECK(same(a.longrun.a.var, b.longrun.a.var));
  CHECK(same(a.longrun.b.last, b.longrun.b.last));
  CHECK(same(a.longrun.speed, b.longrun.speed));
  CHECK(same(a.robustness.fail_end, b.robustness.fail_end));
  CHECK(same(a.forgetting.fail_end, b.forgetting.fail_end));
  CHECK(same(a.forgetting.fail_settle, b.forgetting.fail_settle));
  REQUIRE(a.fixed_points.points.size() == b.fixed_points.points.size());
  for (size_t p = 0; p < a.fixed_points.points.size(); ++p)
    CHECK(same(a.fixed_points.points[p].x, b.fixed_points.points[p].x));
  REQUIRE(a.memories.size() == b.memories.size());
  for (size_t m = 0; m < a.memories.size(); ++m) {
    CHECK(a.memories[m].point == b.memories[m].point);
    CHECK(a.memories[m].distance == b.memories[m].distance);
    CHECK(a.memories[m].slow_fraction == b.memories[m].slow_fraction);
  }
  CHECK(a.dynamics == b.dynamics);
}

// A study-1 spec's sections and its grid's points, as the pipeline takes them.
struct SeqGrid {
  Grid grid;
  int64_t size() const { return grid.size(); }
  SeqMatchPoint point(int64_t job) const { return SeqMatchPoint::from(grid.point(job)); }
};
SeqMatchConfig config_of(const Spec& spec) { return dynamic_cast<const SeqMatchSpec&>(*spec.study).config; }
}  // namespace

TEST_CASE("a network's results are the same bits alone, in a shared-J group, and run again") {
  const Spec parsed = parse_spec(kSpec);
  const SeqMatchConfig spec = config_of(parsed);
  const SeqGrid grid{parsed.grid()};
  const SeqMatchTask task = make_task(spec, LatentSource::synthetic(spec.task.class_means, spec.task.class_std));
  std::vector<SeqMatchPoint> group;
  for (int64_t j = 0; j < grid.size(); ++j) group.push_back(grid.point(j));
  const auto together = run_group(spec, task, group);
  REQUIRE(together.size() == 4);
  for (size_t k = 0; k < group.size(); ++k) {
    const auto alone = run_group(spec, task, {group[k]});
    CAPTURE(k);
    REQUIRE(alone.front().ok);
    check_identical(alone.front(), together[k]);
  }
  // different hyperparameters do give different networks
  CHECK_FALSE(same(together[0].readouts.w_o, together[1].readouts.w_o));
  // trained readouts are not zero: training happened
  double norm = 0;
  for (double v : together[0].readouts.w_o) norm += v * v;
  CHECK(norm > 0);
}

TEST_CASE("exact shortcuts (fixed-point stop, shared forgetting prefix) change no result") {
  const Spec parsed = parse_spec(kSpec);
  const SeqMatchConfig spec = config_of(parsed);
  const SeqGrid grid{parsed.grid()};
  const SeqMatchTask task = make_task(spec, LatentSource::synthetic(spec.task.class_means, spec.task.class_std));
  for (int64_t j : {0, 3}) {
    const auto fast = run_group(spec, task, {grid.point(j)}, {}, ProbeOptions{true});
    const auto slow = run_group(spec, task, {grid.point(j)}, {}, ProbeOptions{false});
    CAPTURE(j);
    check_identical(fast.front(), slow.front());
    CHECK(fast.front().forgetting.x.size() == 7);
  }
}

TEST_CASE("a diverging network is a failed result with a reason, and its group goes on") {
  // fb = 1e-9 makes the feedback weights ~1e9: the first readout update throws x far out
  const Spec parsed = parse_spec(std::string(kSpec).replace(std::string(kSpec).find("fb = [20.0, 5.0]"), 16, "fb = [20.0, 1e-9]"));
  const SeqMatchConfig spec = config_of(parsed);
  const SeqGrid grid{parsed.grid()};
  const SeqMatchTask task = make_task(spec, LatentSource::synthetic(spec.task.class_means, spec.task.class_std));
  const auto res = run_group(spec, task, {grid.point(0), grid.point(1)});
  CHECK(res[0].ok);
  CHECK_FALSE(res[1].ok);
  CHECK(res[1].reason.find("diverged during training") != std::string::npos);
  const auto alone = run_group(spec, task, {grid.point(0)});
  CHECK(same(alone.front().readouts.w_o, res[0].readouts.w_o));
}

TEST_CASE("plain FORCE trains every step with one P and gives other readouts than modified FORCE") {
  const Spec parsed = parse_spec(kSpec);
  SeqMatchConfig modified = config_of(parsed);
  modified.analysis.run.clear();
  SeqMatchConfig plain = modified;
  plain.train.method = "force";
  const SeqGrid grid{parsed.grid()};
  const SeqMatchTask task = make_task(modified, LatentSource::synthetic(modified.task.class_means, modified.task.class_std));
  const auto a = run_group(modified, task, {grid.point(0)}).front();
  const auto b = run_group(plain, task, {grid.point(0)}).front();
  REQUIRE(b.ok);
  double norm_o = 0, norm_d = 0;
  for (double v : b.readouts.w_o) norm_o += v * v;
  for (double v : b.readouts.w_d) norm_d += v * v;
  CHECK(norm_o > 0);
  CHECK(norm_d > 0);
  CHECK_FALSE(same(a.readouts.w_o, b.readouts.w_o));
  // plain FORCE pulls the memory outputs towards 0 outside the delays, so it differs there too
  CHECK_FALSE(same(a.readouts.w_d, b.readouts.w_d));
}

TEST_CASE("the fixed-point phase: every start accounted for, every zero a zero, memories placed") {
  const Spec parsed = parse_spec(kSpec);
  const SeqMatchConfig spec = config_of(parsed);
  const SeqGrid grid{parsed.grid()};
  const SeqMatchTask task = make_task(spec, LatentSource::synthetic(spec.task.class_means, spec.task.class_std));
  for (int64_t j = 0; j < grid.size(); ++j) {
    const NetworkResult r = run_group(spec, task, {grid.point(j)}).front();
    CAPTURE(j);
    REQUIRE(r.has_fixed_points);
    const FixedPointSet& set = r.fixed_points;
    const int n = r.weights.n;
    // 4 trial ends + long-run ends (4 + 10 noisy: all of A's 5 · 2) + 32 samples, as the store
    CHECK(set.starts.size() == 4 + 14 + 32);
    CHECK(static_cast<int>(set.starts.size()) == fixed_point_start_count(spec));
    REQUIRE_FALSE(set.points.empty());
    const std::vector<double> M = closed_loop_matrix(r.weights, r.readouts);
    std::vector<int> hits(set.points.size(), 0);
    for (const StartOutcome& o : set.starts)
      if (o.point >= 0) ++hits[static_cast<size_t>(o.point)];
    std::vector<double> f(static_cast<size_t>(n));
    for (size_t p = 0; p < set.points.size(); ++p) {
      const FixedPoint& fp = set.points[p];
      CHECK(fp.starts == hits[p]);
      if (fp.zero) CHECK(residual(n, M.data(), nullptr, fp.x.data(), f.data()) <= 1e-10 * set.scale);
      else CHECK(fp.kind == PointKind::slow_point);
    }
    // each memory's site: its nearest point, at the distance reported (relative to s)
    REQUIRE(r.memories.size() == 4);
    for (int m = 0; m < 4; ++m) {
      const double* x = r.end_states.data() + static_cast<size_t>(m) * n;
      double best = HUGE_VAL;
      for (const FixedPoint& fp : set.points) {
        double d = 0;
        for (int i = 0; i < n; ++i) d += (fp.x[i] - x[i]) * (fp.x[i] - x[i]);
        best = std::min(best, std::sqrt(d / n));
      }
      CHECK(r.memories[m].distance == doctest::Approx(best / set.scale).epsilon(1e-12));
      CHECK(r.memories[m].slow_fraction >= 0.0);
      CHECK(r.memories[m].slow_fraction <= 1.0 + 1e-12);
    }
    CHECK(r.dynamics == dynamics_label(r.memories, DynamicsRule{spec.fixed_points.near}));
  }
}
