#include "sweep/adaptive.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "query/table.h"
#include "spec/section.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

size_t seed_axis(const std::vector<GridAxis>& axes) {
  for (size_t a = 0; a < axes.size(); ++a)
    if (axes[a].name == "seed") return a;
  return axes.size();
}

// The widest 95% Wilson interval of a cell's categories (∞ when none is counted).
void measure(AdaptiveCell& cell, double target) {
  cell.half_width = std::numeric_limits<double>::infinity();
  cell.widest = 0;
  if (cell.counted > 0) {
    cell.half_width = 0;
    for (size_t c = 0; c < cell.count.size(); ++c) {
      const auto [lo, hi] = wilson_interval(cell.count[c], cell.counted);
      if ((hi - lo) / 2 > cell.half_width) {
        cell.half_width = (hi - lo) / 2;
        cell.widest = c;
      }
    }
  }
  cell.met = cell.half_width <= target;
}

std::string jobs_text(int64_t n) { return std::to_string(n) + (n == 1 ? " network" : " networks"); }

}  // namespace

AdaptiveSettings parse_adaptive(const toml::table& root, const StudySpec& study,
                                std::vector<std::string>& settings) {
  AdaptiveSettings s;
  const toml::table* table = subtable(root, "adaptive");
  if (!table) return s;
  s.on = true;
  Section sec(table, "adaptive", settings);
  std::vector<std::string> names;
  for (const Outcome& o : study.outcomes()) names.push_back(o.name);
  if (names.empty()) sec.fail("quantity", "cannot be set: study " + study.study() + " declares no outcome to aim at");
  if (!sec.has("quantity"))
    sec.fail("quantity", "is missing: name the outcome whose per-cell proportions to estimate, one of " + join(names));
  s.quantity = sec.choice("quantity", names.front(), names);
  s.half_width = sec.real("half_width", s.half_width, 1e-3, 0.5);
  const std::vector<GridAxis>& axes = study.axes();
  const size_t p = seed_axis(axes);
  if (p == axes.size()) sec.fail("quantity", "cannot be set: the grid has no seed axis to draw networks from");
  const int64_t pool = static_cast<int64_t>(axes[p].size());
  int64_t cells = 1, grid = 1;
  for (size_t a = 0; a < axes.size(); ++a) {
    grid *= static_cast<int64_t>(axes[a].size());
    if (a != p) cells *= static_cast<int64_t>(axes[a].size());
  }
  s.initial = sec.integer("initial", std::min(s.initial, pool), 1, 1000000);
  if (s.initial > pool)
    sec.fail("initial", "= " + std::to_string(s.initial) + " seeds, but grid.seed lists " + std::to_string(pool) +
             ": list at least as many seeds (the pool every cell draws from)");
  s.batch = sec.integer("batch", s.batch, 1, 1000000);
  s.budget = sec.integer("budget", grid, 1, INT64_MAX);
  if (s.budget < s.initial * cells)
    sec.fail("budget", "= " + std::to_string(s.budget) + " networks is less than round 0: " +
             std::to_string(s.initial) + " seeds x " + std::to_string(cells) + " cells = " +
             std::to_string(s.initial * cells));
  sec.finish();
  return s;
}

Outcome adaptive_outcome(const StudySpec& study, const AdaptiveSettings& settings) {
  for (const Outcome& o : study.outcomes())
    if (o.name == settings.quantity) return o;
  throw SpecError("adaptive.quantity: study " + study.study() + " has no outcome " + settings.quantity);
}

int row_outcome(const Outcome& outcome, double status, const std::vector<double>& values) {
  if (status == kFailed) return kFailedNetwork;
  if (status != kOk) return kNotRun;
  const int c = outcome.category(values);
  return c >= 0 && c < static_cast<int>(outcome.categories.size()) ? c : kUncounted;
}

AdaptiveState replay_adaptive(const Grid& grid, const AdaptiveSettings& settings,
                              const Outcome& outcome, const std::function<int(int64_t)>& outcome_of) {
  const std::vector<GridAxis>& axes = grid.axes();
  const size_t p = seed_axis(axes);
  AdaptiveState st;
  st.pool = static_cast<int64_t>(axes[p].size());
  for (size_t a = 0; a < axes.size(); ++a)
    if (a != p) {
      st.axes.push_back(axes[a].name);
      st.named.push_back(!axes[a].names.empty());
    }
  // Cells in grid order (seed left out); a cell's jobs: its point on each seed of the pool.
  std::vector<int64_t> stride(axes.size(), 1);
  for (size_t a = axes.size(); a-- > 1;) stride[a - 1] = stride[a] * static_cast<int64_t>(axes[a].size());
  std::vector<size_t> at(axes.size(), 0);
  for (bool more = true; more;) {
    AdaptiveCell cell;
    int64_t base = 0;
    for (size_t a = 0; a < axes.size(); ++a) {
      if (a == p) continue;
      base += static_cast<int64_t>(at[a]) * stride[a];
      cell.keys.push_back(axes[a].text(at[a]));
      if (axes[a].size() > 1) cell.text += (cell.text.empty() ? "" : " ") + axes[a].name + "=" + cell.keys.back();
    }
    for (int64_t k = 0; k < st.pool; ++k) cell.jobs.push_back(base + k * stride[p]);
    if (cell.text.empty()) cell.text = "(the one cell)";
    cell.count.assign(outcome.categories.size(), 0);
    st.cells.push_back(std::move(cell));
    more = false;  // the next combination, last axis fastest
    for (size_t a = axes.size(); a-- > 0;) {
      if (a == p) continue;
      if (++at[a] < axes[a].size()) { more = true; break; }
      at[a] = 0;
    }
  }

  std::vector<int64_t> give(st.cells.size(), std::min(settings.initial, st.pool));  // round 0
  for (;;) {
    std::vector<int64_t> round;
    for (size_t c = 0; c < st.cells.size(); ++c) {
      AdaptiveCell& cell = st.cells[c];
      for (int64_t k = 0; k < give[c]; ++k) round.push_back(cell.jobs[static_cast<size_t>(cell.chosen + k)]);
      cell.chosen += give[c];
    }
    std::sort(round.begin(), round.end());
    st.chosen += static_cast<int64_t>(round.size());
    st.rounds.push_back(round);
    std::vector<int> seen;
    for (int64_t job : round) {
      seen.push_back(outcome_of(job));
      if (seen.back() == kNotRun) st.waiting.push_back(job);
    }
    if (!st.waiting.empty()) {  // the round is not committed whole: the cells count the rounds before
      for (AdaptiveCell& cell : st.cells) measure(cell, settings.half_width);
      return st;
    }
    // tally the round (each cell's jobs of it), then decide the next
    for (AdaptiveCell& cell : st.cells) {
      for (int64_t k = cell.chosen - (give[&cell - st.cells.data()]); k < cell.chosen; ++k) {
        const int64_t job = cell.jobs[static_cast<size_t>(k)];
        const int o = seen[static_cast<size_t>(std::lower_bound(round.begin(), round.end(), job) - round.begin())];
        ++cell.run;
        if (o >= 0) {
          ++cell.counted;
          ++cell.count[static_cast<size_t>(o)];
        }
      }
      measure(cell, settings.half_width);
    }
    int64_t room = 0, open = 0, unmet = 0;
    for (const AdaptiveCell& cell : st.cells) {
      unmet += !cell.met;
      if (!cell.met && cell.chosen < st.pool) {
        ++open;
        room += st.pool - cell.chosen;
      }
    }
    const int64_t left = settings.budget - st.chosen;
    if (open == 0 || left <= 0) {
      st.finished = true;
      const std::string round_text = " after " + std::to_string(st.rounds.size()) +
                                     (st.rounds.size() == 1 ? " round" : " rounds");
      if (unmet == 0)
        st.reason = "every cell met the target" + round_text;
      else if (open == 0)
        st.reason = std::to_string(unmet) + " cell" + (unmet == 1 ? "" : "s") +
                    " used every seed of the pool without meeting the target" + round_text;
      else
        st.reason = "the budget of " + jobs_text(settings.budget) + " is spent" + round_text + " (" +
                    std::to_string(unmet) + " cell" + (unmet == 1 ? "" : "s") + " not at the target)";
      return st;
    }
    // the next round: one network at a time to the widest projected interval
    give.assign(st.cells.size(), 0);
    const int64_t size = std::min({settings.batch, room, left});
    for (int64_t k = 0; k < size; ++k) {
      size_t best = st.cells.size();
      double best_key = -1;
      for (size_t c = 0; c < st.cells.size(); ++c) {
        const AdaptiveCell& cell = st.cells[c];
        if (cell.met || cell.chosen + give[c] >= st.pool) continue;
        const double width = cell.counted > 0 ? cell.half_width : 1.0;
        const double n = static_cast<double>(std::max<int64_t>(cell.run, 1));
        const double key = width * std::sqrt(n / (n + static_cast<double>(give[c])));
        if (key > best_key) {
          best_key = key;
          best = c;
        }
      }
      ++give[best];
    }
  }
}

AdaptiveState adaptive_state(const StoreReader& store, const Grid& grid,
                             const AdaptiveSettings& settings, const Outcome& outcome) {
  if (store.rows() != grid.size())
    throw InputError("an adaptive sweep's store holds the whole grid (" + std::to_string(grid.size()) +
                     " rows); this one has " + std::to_string(store.rows()) + " (damaged store?)");
  const std::vector<double> status = store.column("status");
  std::vector<std::vector<double>> columns;
  for (const std::string& name : outcome.columns) {
    if (!store.has(name)) throw InputError("the store has no column " + name + ", which adaptive." +
                                           settings.quantity + " reads (damaged store?)");
    columns.push_back(store.column(name));
  }
  return replay_adaptive(grid, settings, outcome, [&](int64_t job) {
    std::vector<double> values;
    for (const auto& c : columns) values.push_back(c[static_cast<size_t>(job)]);
    return row_outcome(outcome, status[static_cast<size_t>(job)], values);
  });
}

std::string format_adaptive(const AdaptiveState& st, const AdaptiveSettings& settings,
                            const Outcome& outcome, const std::string& format) {
  const char* fields[] = {"seeds", "pool", "counted", "widest", "half_width", "met"};
  std::ostringstream out;
  auto width = [](const AdaptiveCell& c, const char* missing) {
    return std::isfinite(c.half_width) ? fixed(c.half_width, 3) : std::string(missing);
  };
  if (format == "csv") {
    for (const std::string& a : st.axes) out << a << ",";
    for (size_t f = 0; f < std::size(fields); ++f) out << (f ? "," : "") << fields[f];
    out << "\n";
    for (const AdaptiveCell& c : st.cells) {
      for (const std::string& k : c.keys) out << k << ",";
      out << c.run << "," << st.pool << "," << c.counted << ","
          << (c.counted ? outcome.categories[c.widest] : "") << "," << width(c, "") << ","
          << (c.met ? "yes" : "no") << "\n";
    }
  } else if (format == "json") {
    out << "[\n";
    for (size_t i = 0; i < st.cells.size(); ++i) {
      const AdaptiveCell& c = st.cells[i];
      out << "  {";
      for (size_t k = 0; k < st.axes.size(); ++k)
        out << "\"" << st.axes[k] << "\": " << (st.named[k] ? "\"" + c.keys[k] + "\"" : c.keys[k]) << ", ";
      out << "\"seeds\": " << c.run << ", \"pool\": " << st.pool << ", \"counted\": " << c.counted
          << ", \"widest\": " << (c.counted ? "\"" + outcome.categories[c.widest] + "\"" : "null")
          << ", \"half_width\": " << width(c, "null") << ", \"met\": " << (c.met ? "true" : "false")
          << "}" << (i + 1 < st.cells.size() ? "," : "") << "\n";
    }
    out << "]\n";
  } else {
    out << "adaptive  " << settings.quantity << " (" << outcome.meaning << "): every 95% interval "
        << "within ±" << compact(settings.half_width) << "\n";
    char line[160];
    std::snprintf(line, sizeof line, "%-28s %7s %8s  %-16s %10s  %s\n", "cell", "seeds", "counted",
                  "widest", "half-width", "met");
    out << "          " << line;
    for (const AdaptiveCell& c : st.cells) {
      // the cell's text first, whatever its length (many axes): the numbers follow it
      char pad[32];
      std::snprintf(pad, sizeof pad, "%-28s", "");
      out << "          " << c.text << (c.text.size() < 28 ? pad + c.text.size() : " ");
      std::snprintf(line, sizeof line, " %3lld/%-3lld %8lld  %-16s %10s  %s\n",
                    static_cast<long long>(c.run), static_cast<long long>(st.pool),
                    static_cast<long long>(c.counted), c.counted ? outcome.categories[c.widest].c_str() : "-",
                    width(c, "-").c_str(), c.met ? "yes" : "no");
      out << line;
    }
    out << "          " << st.rounds.size() << (st.rounds.size() == 1 ? " round, " : " rounds, ")
        << jobs_text(st.chosen) << " given of a budget of "
        << settings.budget << "; "
        << (st.finished ? "stopped: " + st.reason
                        : std::to_string(st.waiting.size()) + " of this round's " +
                              std::to_string(st.rounds.back().size()) + " not committed yet")
        << "\n";
  }
  return out.str();
}

}  // namespace wmsweep
