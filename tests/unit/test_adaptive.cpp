#include <doctest/doctest.h>

#include <cmath>

#include "spec/grid.h"
#include "sweep/adaptive.h"
#include "sweep/spec.h"
#include "util/errors.h"

using namespace wmsweep;

namespace {

// seed (a pool of 6) × g (2 values): job = 2·seed + g. Cell 0 (g=0.5) is unanimous, cell 1
// (g=1.5) alternates between the two categories seed by seed.
Grid two_cells() {
  GridAxis seed{"seed", true, {0, 1, 2, 3, 4, 5}, {}, {}};
  GridAxis g{"g", false, {}, {0.5, 1.5}, {}};
  return Grid({seed, g}, 1);
}
Outcome two_categories() { return {"x", "a test outcome", {"x"}, {"zero", "one"}, {}}; }
int outcome_of(int64_t job) { return job % 2 == 0 ? 0 : static_cast<int>(job / 2 % 2); }
AdaptiveSettings settings() {  // ±0.3, 2 seeds each in round 0, 2 a round, 12 in all
  AdaptiveSettings s;
  s.on = true;
  s.half_width = 0.3;
  s.initial = 2;
  s.batch = 2;
  s.budget = 12;
  return s;
}

}  // namespace

// The decisions below are worked by hand from the Wilson half-widths (z = 1.96):
// n=2 unanimous 0.329, n=2 split 0.406, n=3 unanimous 0.281, n=4 split 0.350, n=5 3:2 0.326,
// n=6 split 0.312; round 1 gives both to cell 1 (0.406, then 0.406·sqrt(2/3) = 0.331 > 0.329);
// round 2 one to cell 1 (0.350) and one to cell 0 (0.350·sqrt(4/5) = 0.313 < 0.329).
TEST_CASE("adaptive rounds: each seed to the widest projected interval; the pool, the budget") {
  const Grid grid = two_cells();
  const Outcome outcome = two_categories();
  AdaptiveSettings s = settings();
  const AdaptiveState st = replay_adaptive(grid, s, outcome, outcome_of);
  REQUIRE(st.rounds.size() == 4);
  CHECK(st.rounds[0] == std::vector<int64_t>{0, 1, 2, 3});
  CHECK(st.rounds[1] == std::vector<int64_t>{5, 7});
  CHECK(st.rounds[2] == std::vector<int64_t>{4, 9});
  CHECK(st.rounds[3] == std::vector<int64_t>{11});  // cell 1's last seed: the pool is used up
  CHECK(st.finished);
  CHECK(st.reason == "1 cell used every seed of the pool without meeting the target after 4 rounds");
  CHECK(st.chosen == 9);
  REQUIRE(st.cells.size() == 2);
  CHECK(st.cells[0].text == "g=0.5");
  CHECK(st.cells[0].run == 3);
  CHECK(st.cells[0].met);
  CHECK(st.cells[0].half_width == doctest::Approx(0.2807).epsilon(1e-3));
  CHECK(st.cells[1].run == 6);
  CHECK(st.cells[1].counted == 6);
  CHECK(st.cells[1].count == std::vector<int64_t>{3, 3});
  CHECK_FALSE(st.cells[1].met);
  CHECK(st.cells[1].half_width == doctest::Approx(0.3124).epsilon(1e-3));

  s.budget = 7;  // round 2 is cut to the one network left, for the widest cell
  const AdaptiveState b = replay_adaptive(grid, s, outcome, outcome_of);
  REQUIRE(b.rounds.size() == 3);
  CHECK(b.rounds[2] == std::vector<int64_t>{9});
  CHECK(b.chosen == 7);
  CHECK(b.reason == "the budget of 7 networks is spent after 3 rounds (2 cells not at the target)");

  s.budget = 12;
  s.half_width = 0.33;  // round 0 meets it in cell 0; cell 1 meets it at n = 6, after round 2
  const AdaptiveState t = replay_adaptive(grid, s, outcome, outcome_of);
  CHECK(t.reason == "every cell met the target after 3 rounds");
  CHECK(t.chosen == 8);
}

TEST_CASE("adaptive replay stops at a round not committed whole; failed networks count as run") {
  const Grid grid = two_cells();
  AdaptiveSettings s = settings();
  const AdaptiveState w = replay_adaptive(grid, s, two_categories(), [](int64_t job) {
    return job == 7 ? kNotRun : outcome_of(job);
  });
  CHECK_FALSE(w.finished);
  REQUIRE(w.rounds.size() == 2);
  CHECK(w.waiting == std::vector<int64_t>{7});
  CHECK(w.cells[1].run == 2);  // the cells count the rounds committed whole

  // every network of cell 1 fails: nothing counted, so it draws seeds first (as width 1)
  const AdaptiveState f = replay_adaptive(grid, s, two_categories(), [](int64_t job) {
    return job % 2 == 1 ? kFailedNetwork : 0;
  });
  CHECK(f.rounds[1] == std::vector<int64_t>{5, 7});
  CHECK(f.cells[1].run == 6);
  CHECK(f.cells[1].counted == 0);
  CHECK(std::isinf(f.cells[1].half_width));
}

TEST_CASE("[adaptive] in a spec: checked keys, in the settings log") {
  const std::string grid = "[grid]\nseed = [0, 1, 2, 3]\ng = [0.8, 1.5]\n";
  const Spec spec = parse_spec(grid + "[adaptive]\nquantity = \"trained\"\ninitial = 2\n");
  CHECK(spec.adaptive.on);
  CHECK(spec.adaptive.budget == 8);  // the whole grid
  CHECK(std::find(spec.settings.begin(), spec.settings.end(), "adaptive.quantity = \"trained\"") != spec.settings.end());
  CHECK_FALSE(parse_spec(grid).adaptive.on);
  CHECK_THROWS_WITH_AS(parse_spec(grid + "[adaptive]\nquantity = \"x\"\n"),
                       doctest::Contains("mechanism_a"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec(grid + "[adaptive]\nhalf_width = 0.1\n"),
                       doctest::Contains("adaptive.quantity is missing"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec(grid + "[adaptive]\nquantity = \"trained\"\ntarget = 0.1\n"),
                       doctest::Contains("target"), SpecError);
  CHECK_THROWS_WITH_AS(parse_spec(grid + "[adaptive]\nquantity = \"trained\"\ninitial = 4\nbudget = 7\n"),
                       doctest::Contains("4 seeds x 2 cells = 8"), SpecError);
}
