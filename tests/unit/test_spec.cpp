#include <doctest/doctest.h>

#include <algorithm>

#include "spec/grid.h"
#include "studies/seqmatch/study.h"
#include "sweep/spec.h"
#include "util/errors.h"

using namespace wmsweep;

TEST_CASE("defaults are the study's values") {
  const Spec spec = parse_spec("");
  const SeqMatchConfig& s = dynamic_cast<const SeqMatchSpec&>(*spec.study).config;
  CHECK(s.network.n == 1000);
  CHECK(s.network.in == 50.0);
  CHECK(s.train.n_train == 3500);
  CHECK(s.train.update_every == 2);
  CHECK(s.task.encoding[1] == 0.5);
  CHECK(s.analysis.robustness_sigmas.size() == 21);
  CHECK(s.test.thresholds.size() == 4);
}

TEST_CASE("bad specs name the key and the fix") {
  CHECK_THROWS_WITH_AS(parse_spec("[network]\ngain = 1.5\n"),
                       doctest::Contains("network.gain is not a known key"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[network]\nn = \"big\"\n"),
                       doctest::Contains("network.n must be a whole number"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[network]\npg = 1.5\n"),
                       doctest::Contains("network.pg = 1.5 is out of range"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[task]\ndelay1 = 5.05\n"),
                       doctest::Contains("task.delay1 is not a whole number of Euler steps"),
                       SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[network]\ng = 1.0\n[grid]\ng = [1.0, 2.0]\n"),
                       doctest::Contains("grid.g is also set as network.g"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[train\nn_train = 3\n"), doctest::Contains("not valid TOML"),
                       SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[analysis]\nrun = [\"classify\", \"dance\"]\n"),
                       doctest::Contains("allowed: classify"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[task]\nlatent = \"file\"\n"),
                       doctest::Contains("task.latent_file is required"), SpecError);
  CHECK_THROWS_AS(load_spec("/nonexistent/spec.toml"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec("[grid]\ng = [1.0, 1.5, 1.0]\n"),
                       doctest::Contains("grid.g lists a value twice"), SpecError);
}

TEST_CASE("grid order: seed, n, pg, in, g, fb with fb fastest; J groups are contiguous") {
  const Spec s = parse_spec(
      "[grid]\nseed = [0, 1]\npg = [0.4, 0.9]\ng = [0.8, 1.5, 1.2]\nfb = [40.0, 1.0]\n");
  const Grid grid = s.grid();
  CHECK(grid.size() == 24);
  auto at = [&grid](int64_t job) { return SeqMatchPoint::from(grid.point(job)); };
  const SeqMatchPoint p0 = at(0), p1 = at(1), p2 = at(2), p23 = at(23);
  CHECK(p0.seed == 0);
  CHECK(p0.fb == 40.0);
  CHECK(p1.fb == 1.0);
  CHECK(p1.g == 0.8);
  CHECK(p2.g == 1.5);
  CHECK(p23.seed == 1);
  CHECK(p23.pg == 0.9);
  CHECK(p23.g == 1.2);
  CHECK(p23.fb == 1.0);
  CHECK(grid.weight_group(7) == std::pair<int64_t, int64_t>{6, 12});
  CHECK(at(6).shares_weights(at(11)));
  CHECK_FALSE(at(5).shares_weights(at(6)));
  CHECK(p0.key() != p1.key());
  CHECK_THROWS_AS(grid.point(24), InputError);
}

TEST_CASE("spec differences name every changed setting, defaults included") {
  const Spec a = parse_spec("[train]\nn_train = 100\n[grid]\ng = [1.2, 1.5]\n");
  CHECK(spec_differences(a, a).empty());
  // Writing a default out changes nothing; a comment or key order changes nothing.
  const Spec same = parse_spec("# same\n[grid]\ng = [1.2, 1.5]\n[train]\nalpha = 1.0\nn_train = 100\n");
  CHECK(spec_differences(a, same).empty());
  const Spec b = parse_spec("[train]\nn_train = 200\n[grid]\ng = [1.2, 1.6]\n");
  const std::vector<std::string> d = spec_differences(a, b);
  REQUIRE(d.size() == 2);
  CHECK(d[0] == "train.n_train: 100 -> 200");
  CHECK(d[1] == "grid.g: [1.2, 1.5] -> [1.2, 1.6]");
  // the settings cover every section, defaults included
  CHECK(a.settings.size() > 50);
  CHECK(std::count(a.settings.begin(), a.settings.end(), "task.dt = 0.1") == 1);
}

TEST_CASE("a spec extends another only by added grid values") {
  const Spec base = parse_spec("[grid]\nseed = [0, 1]\ng = [0.8, 1.5]\n");
  // added values, in any order, on one axis or several
  CHECK(grid_extension(base, parse_spec("[grid]\nseed = [0, 1, 2]\ng = [0.8, 1.5]\n")) ==
        std::vector<std::string>{"grid.seed: [0, 1] -> [0, 1, 2]"});
  CHECK(grid_extension(base, parse_spec("[grid]\nseed = [2, 1, 0]\ng = [1.5, 1.1, 0.8]\n")).size() == 2);
  // the same spec is no extension; neither is a removed or changed value
  CHECK(grid_extension(base, base).empty());
  CHECK(grid_extension(base, parse_spec("[grid]\nseed = [0]\ng = [0.8, 1.5]\n")).empty());
  CHECK(grid_extension(base, parse_spec("[grid]\nseed = [0, 1]\ng = [0.8, 1.50001]\n")).empty());
  // nor an added value with any other change
  CHECK(grid_extension(base, parse_spec("[train]\nn_train = 10\n[grid]\nseed = [0, 1, 2]\ng = [0.8, 1.5]\n")).empty());
  CHECK(grid_extension(base, parse_spec("name = \"other\"\n[grid]\nseed = [0, 1, 2]\ng = [0.8, 1.5]\n")).empty());
  // nor another study
  CHECK(grid_extension(base, parse_spec("study = \"flipflop\"\n[grid]\nseed = [0, 1, 2]\n")).empty());
}
