#pragma once
// Adaptive seeds: spend networks where a cell's answer is still uncertain. A cell is one
// combination of the grid's axes but `seed`; the seed axis is the pool its networks draw from,
// in the order listed. `[adaptive]` names an outcome of the study (study/outcome.h) and a
// target half-width for the 95% Wilson interval of each of its proportions in every cell.
//
// The sweep runs in rounds. Round 0 gives every cell its first `initial` seeds. After a round
// is committed whole, the next is decided from the outcomes so far, and from nothing else
// (not arrival order, not rank count): `batch` more networks, one at a time, each to the open
// cell (target not met, pool not used up) whose half-width, shrunk by sqrt(n / (n + a)) for
// the a seeds this round already gave it, is widest (ties: the lower cell). A cell with no
// counted network yet counts as half-width 1. It stops when every cell meets the target, the
// open cells have used their pools, or the budget (networks in all, round 0 included) is
// spent; a round is cut to what the budget has left. Seeds it never chose are marked skipped
// (status 4). Since the decisions are a function of the committed rows, a store replays them:
// a resume continues the round it stopped in, and `status`/`query --adaptive` show each cell.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "spec/grid.h"
#include "store/sweepstore.h"
#include "study/outcome.h"
#include "study/study.h"

namespace wmsweep {

struct AdaptiveSettings {
  bool on = false;          // the spec has an [adaptive] table
  std::string quantity;     // an outcome of the study (StudySpec::outcomes)
  double half_width = 0.1;  // target: every proportion's 95% interval at most ± this
  int64_t initial = 4;      // seeds every cell starts with
  int64_t batch = 16;       // networks per later round
  int64_t budget = 0;       // networks at most, all rounds (default: the whole grid)
};

// Reads [adaptive] (absent: off), noting every value in `settings`; SpecError names a bad key
// (an unknown quantity lists the study's, a budget below round 0 says what round 0 takes).
AdaptiveSettings parse_adaptive(const toml::table& root, const StudySpec& study,
                                std::vector<std::string>& settings);
// The study's outcome that settings.quantity names.
Outcome adaptive_outcome(const StudySpec& study, const AdaptiveSettings& settings);

// A network's outcome as the controller sees it: a category of the outcome, or one of these.
inline constexpr int kUncounted = -1, kFailedNetwork = -2, kNotRun = -3;

struct AdaptiveCell {
  std::string text;               // "g=1.5 fb=10": the axes with more than one value
  std::vector<std::string> keys;  // its value on each axis but seed, in grid order ("1.5", "retanh")
  std::vector<int64_t> jobs;      // the cell's job on each seed of the pool, in pool order
  int64_t chosen = 0;             // seeds given so far (the first `chosen` of the pool)
  int64_t run = 0, counted = 0;   // networks of the rounds committed whole; those counted
  std::vector<int64_t> count;     // per category
  double half_width = std::numeric_limits<double>::infinity();  // widest; ∞: none counted
  size_t widest = 0;              // the category with that interval
  bool met = false;
};

struct AdaptiveState {
  std::vector<std::string> axes;  // the cells' axes (all but seed)
  std::vector<bool> named;        // per axis: categorical (its keys are names)
  std::vector<AdaptiveCell> cells;
  std::vector<std::vector<int64_t>> rounds;  // each round's jobs, ascending
  int64_t chosen = 0;             // networks all rounds gave out
  int64_t pool = 0;               // seeds per cell at most
  bool finished = false;          // stopped; `reason` says why
  std::string reason;
  std::vector<int64_t> waiting;   // the last round's jobs not committed yet
};

// Replays the decisions from the outcomes of the rounds committed so far. `outcome_of(job)`
// gives a category, kUncounted, kFailedNetwork, or kNotRun for a job not committed.
AdaptiveState replay_adaptive(const Grid& grid, const AdaptiveSettings& settings,
                              const Outcome& outcome, const std::function<int(int64_t)>& outcome_of);

// A committed row's outcome from its values of outcome.columns (status as stored).
int row_outcome(const Outcome& outcome, double status, const std::vector<double>& values);

// The replay of a whole-grid store (row = job), for status and query.
AdaptiveState adaptive_state(const StoreReader& store, const Grid& grid,
                             const AdaptiveSettings& settings, const Outcome& outcome);

// Per cell: its keys, seeds run (of the pool), networks counted, the widest category, its
// half-width, and whether the target is met; format table (with a closing line on the rounds
// and why it stopped), csv or json (one object per cell).
std::string format_adaptive(const AdaptiveState& state, const AdaptiveSettings& settings,
                            const Outcome& outcome, const std::string& format);

}  // namespace wmsweep
