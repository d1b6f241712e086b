#include "query/report.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <map>
#include <sstream>

#include "dynamics/labels.h"
#include "store/lock.h"
#include "sweep/grid.h"
#include "sweep/spec.h"
#include "sweep/units.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
// A fraction or bound with no network behind it: empty in CSV (pandas reads NaN), null in JSON.
std::string estimate(double v, const char* missing) { return std::isnan(v) ? missing : fixed(v, 4); }
std::string hours(double s) { return fixed(s / 3600, 2) + " h"; }

// A table's first cells: the --by column names, or a row's values of them, 8 wide.
std::string key_cells(const std::vector<std::string>& names) {
  std::string out;
  char cell[64];
  for (const std::string& k : names) {
    std::snprintf(cell, sizeof cell, "%-8s", k.c_str());
    out += cell;
    if (k.size() >= 8) out += ' ';
  }
  return out;
}
// As key_cells, but each value as wide as its column's name (study 2's longer names), and the
// activation by name.
std::string key_cells(const std::vector<std::string>& by, const std::vector<double>& values) {
  std::vector<std::string> cells;
  for (size_t k = 0; k < by.size(); ++k) {
    std::string v = by[k] == "activation" ? activation_names().at(static_cast<size_t>(values[k]))
                                          : number(values[k]);
    v.resize(std::max(v.size(), by[k].size()), ' ');
    cells.push_back(v);
  }
  return key_cells(cells);
}
std::string key_cells(const std::vector<double>& values) {
  std::vector<std::string> names;
  for (double v : values) names.push_back(number(v));
  return key_cells(names);
}
std::string interval(double lo, double hi) {
  char ci[40] = "-";
  if (!std::isnan(lo)) std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", lo, hi);
  return ci;
}

// study 1: how many learned the task, and the label counts of those, per variant
std::string label_counts(const StoreReader& store, const std::vector<double>& status) {
  const std::vector<std::string>& names = mechanism_names();
  const std::vector<double> trained = store.column("error/trained");
  int64_t ok = 0, learned = 0;
  for (int64_t r = 0; r < store.rows(); ++r) {
    ok += status[r] == 1;
    learned += status[r] == 1 && trained[r] == 1;
  }
  std::ostringstream out;
  out << "trained   " << learned << " of " << ok << " ok networks learned the task"
      << " (test.trained_*); labels below count those\n";
  for (const std::string variant : {"a", "b", "dynamics"}) {
    const std::vector<double> label =
        store.column(variant == "dynamics" ? "dynamics/label" : "classify/" + variant + "/label");
    std::vector<int64_t> counts(names.size(), 0);
    int64_t none = 0;
    for (int64_t r = 0; r < store.rows(); ++r) {
      if (status[r] != 1 || trained[r] != 1) continue;
      if (label[r] >= 0 && label[r] < names.size()) ++counts[static_cast<size_t>(label[r])];
      else ++none;
    }
    out << (variant == "dynamics" ? "dynamics  " : "labels " + variant + "  ");
    for (size_t l = 0; l < names.size(); ++l) out << (l ? ", " : "") << names[l] << " " << counts[l];
    if (none) out << ", unlabelled " << none;
    out << "\n";
  }
  return out.str();
}

}  // namespace

std::string status_text(const std::string& path) {
  const StoreReader store(path);
  const StoreHeader& h = store.header();
  const int64_t rows = store.rows();
  const std::vector<double> status = store.column("status");
  const std::vector<double> seconds = store.column("cost/seconds");
  const std::vector<double> job = store.column("job");
  const std::vector<std::string> reasons = store.reasons();
  const std::string& study = h.shape.study;
  const size_t P = cost_phases(study).size();

  // The train phase is a unit's: count it once per unit (spread over the unit's rows).
  std::map<int64_t, double> unit_share;  // row → 1 / size of its unit
  try {
    const Spec spec = parse_spec(h.spec_text, path);
    const ShardPlan plan = plan_shard(Grid(spec.grid), spec.train.group_max, parse_shard(h.shard));
    for (const auto& unit : plan.units)
      for (int64_t r : unit) unit_share[r] = 1.0 / static_cast<double>(unit.size());
  } catch (const std::exception&) {
    // an unparsable stored spec only loses the per-unit correction
  }

  int64_t ok = 0, failed = 0, pending = 0;
  double spent = 0;
  for (int64_t r = 0; r < rows; ++r) {
    if (status[r] == 0) { ++pending; continue; }
    (status[r] == 1 ? ok : failed) += 1;
    for (size_t p = 0; p < P; ++p) {
      const double s = seconds[r * P + p];
      if (!std::isfinite(s)) continue;
      spent += p == 0 && unit_share.count(r) ? s * unit_share[r] : s;
    }
  }
  std::ostringstream out;
  out << path << "  (" << h.schema << ", " << h.engine << ", shard " << h.shard << " of a "
      << h.grid_size << "-job sweep)\n";
  const std::string who = StoreLock::holder(path);
  out << "state     " << (who.empty() ? (pending ? "stopped, resumable" : "complete")
                                      : "running: " + who) << "\n";
  out << "networks  " << rows << ": " << ok << " ok, " << failed << " failed, " << pending
      << " pending\n";
  out << "compute   " << hours(spent) << " (" << (ok + failed ? fixed(spent / (ok + failed), 1) : "0")
      << " s per network)\n";
  if (study == "orientations") {
    // study 2: the torus label and the human signature of the finished networks
    const std::vector<double> torus = store.column("torus/label"), human = store.column("behaviour/human"),
                              reached = store.column("train/reached");
    const std::vector<std::string>& tnames = torus_label_names();
    std::vector<int64_t> counts(tnames.size(), 0);
    int64_t humans = 0, measured = 0, trained = 0;
    for (int64_t r = 0; r < rows; ++r) {
      if (status[r] != 1) continue;
      trained += reached[r] == 1;
      if (torus[r] >= 0 && torus[r] < tnames.size()) ++counts[static_cast<size_t>(torus[r])];
      if (human[r] >= 0) { ++measured; humans += human[r] == 1; }
    }
    out << "trained   " << trained << " of " << ok << " reached train.threshold_deg\n";
    out << "torus     ";
    for (size_t l = 0; l < tnames.size(); ++l) out << (l ? ", " : "") << tnames[l] << " " << counts[l];
    out << "\nbehaviour human signature " << humans << " of " << measured << "\n";
  } else {
    out << label_counts(store, status);
  }
  int shown = 0;
  for (int64_t r = 0; r < rows && shown < 10; ++r)
    if (status[r] == 2) {
      out << (shown++ ? "          " : "failures  ") << "job " << static_cast<int64_t>(job[r])
          << ": " << reasons[static_cast<size_t>(r)] << "\n";
    }
  if (failed > shown) out << "          … and " << failed - shown << " more\n";
  return out.str();
}

std::string format_prevalence(const std::vector<PrevalenceRow>& rows,
                              const std::vector<std::string>& by, const std::string& format) {
  std::ostringstream out;
  if (format == "csv") {
    for (const std::string& k : by) out << k << ",";
    out << "label,count,labelled,fraction,ci_low,ci_high,trained,networks,failed,pending\n";
    for (const PrevalenceRow& r : rows) {
      for (double v : r.keys) out << number(v) << ",";
      out << r.label << "," << r.count << "," << r.labelled << "," << estimate(r.fraction, "") << ","
          << estimate(r.lo, "") << "," << estimate(r.hi, "") << "," << r.trained << ","
          << r.networks << "," << r.failed << "," << r.pending << "\n";
    }
  } else if (format == "json") {
    out << "[\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      const PrevalenceRow& r = rows[i];
      out << "  {";
      for (size_t k = 0; k < by.size(); ++k) out << "\"" << by[k] << "\": " << number(r.keys[k]) << ", ";
      out << "\"label\": \"" << r.label << "\", \"count\": " << r.count
          << ", \"labelled\": " << r.labelled << ", \"fraction\": " << estimate(r.fraction, "null")
          << ", \"ci_low\": " << estimate(r.lo, "null") << ", \"ci_high\": " << estimate(r.hi, "null")
          << ", \"trained\": " << r.trained << ", \"networks\": " << r.networks
          << ", \"failed\": " << r.failed << ", \"pending\": " << r.pending << "}"
          << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    out << "]\n";
  } else if (format == "table") {
    char line[256];
    const bool among_trained = std::any_of(rows.begin(), rows.end(),
                                           [](const PrevalenceRow& r) { return r.label == kUntrained; });
    out << (among_trained ? "among networks that learned the task (--all: every network); "
                            "\"untrained\": ok networks that did not, of all ok\n"
                          : "every ok network, trained or not\n");
    out << key_cells(by);
    std::snprintf(line, sizeof line, "%-14s %5s %8s %8s  %-16s %9s %6s %7s\n", "label", "count",
                  "of", "fraction", "95% CI (Wilson)", "trained", "failed", "pending");
    out << line;
    for (const PrevalenceRow& r : rows) {
      const std::string trained = std::to_string(r.trained) + "/" + std::to_string(r.networks);
      std::snprintf(line, sizeof line, "%-14s %5lld %8lld %8s  %-16s %9s %6lld %7lld\n",
                    r.label.c_str(), static_cast<long long>(r.count),
                    static_cast<long long>(r.labelled),
                    std::isnan(r.fraction) ? "-" : fixed(r.fraction, 3).c_str(),
                    interval(r.lo, r.hi).c_str(), trained.c_str(),
                    static_cast<long long>(r.failed), static_cast<long long>(r.pending));
      out << key_cells(r.keys) << line;
    }
  } else {
    throw InputError("--format " + format + ": use table, csv or json");
  }
  return out.str();
}

std::string format_agreement(const std::vector<AgreementRow>& rows,
                             const std::vector<std::string>& by, const std::string& variant,
                             const std::string& format) {
  std::ostringstream out;
  auto pairs_text = [](const AgreementRow& r, const char* sep) {
    std::string t;
    for (const auto& [pair, count] : r.pairs)
      t += (t.empty() ? "" : sep) + pair + " " + std::to_string(count);
    return t;
  };
  if (format == "csv") {
    for (const std::string& k : by) out << k << ",";
    out << "networks,agree,fraction,ci_low,ci_high,pairs\n";
    for (const AgreementRow& r : rows) {
      for (double v : r.keys) out << number(v) << ",";
      out << r.both << "," << r.agree << "," << estimate(r.fraction, "") << ","
          << estimate(r.lo, "") << "," << estimate(r.hi, "") << ",\"" << pairs_text(r, "; ")
          << "\"\n";
    }
  } else if (format == "json") {
    out << "[\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      const AgreementRow& r = rows[i];
      out << "  {";
      for (size_t k = 0; k < by.size(); ++k) out << "\"" << by[k] << "\": " << number(r.keys[k]) << ", ";
      out << "\"networks\": " << r.both << ", \"agree\": " << r.agree
          << ", \"fraction\": " << estimate(r.fraction, "null") << ", \"ci_low\": "
          << estimate(r.lo, "null") << ", \"ci_high\": " << estimate(r.hi, "null")
          << ", \"pairs\": {";
      for (size_t p = 0; p < r.pairs.size(); ++p)
        out << (p ? ", " : "") << "\"" << r.pairs[p].first << "\": " << r.pairs[p].second;
      out << "}}" << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    out << "]\n";
  } else if (format == "table") {
    char line[256];
    out << "dynamics label vs simulation label " << variant << "\n";
    out << key_cells(by);
    std::snprintf(line, sizeof line, "%8s %5s %8s  %-16s  %s\n", "networks", "agree", "fraction",
                  "95% CI (Wilson)", "simulation→dynamics");
    out << line;
    for (const AgreementRow& r : rows) {
      std::snprintf(line, sizeof line, "%8lld %5lld %8s  %-16s  ", static_cast<long long>(r.both),
                    static_cast<long long>(r.agree),
                    std::isnan(r.fraction) ? "-" : fixed(r.fraction, 3).c_str(),
                    interval(r.lo, r.hi).c_str());
      out << key_cells(r.keys) << line << pairs_text(r, ", ") << "\n";
    }
  } else {
    throw InputError("--format " + format + ": use table, csv or json");
  }
  return out.str();
}

std::string format_conditions(const std::vector<ConditionRow>& rows,
                              const std::vector<std::string>& by, const std::string& format) {
  std::ostringstream out;
  const char* fields[] = {"networks", "reached", "clifford", "geometry", "clifford_fraction",
                          "clifford_ci_low", "clifford_ci_high", "human", "behaviour",
                          "human_fraction", "human_ci_low", "human_ci_high", "repulsion_deg",
                          "correlation", "moved", "failed", "pending"};
  auto values = [](const ConditionRow& r, const char* missing) {
    auto e = [&](double v) { return estimate(v, missing); };
    return std::vector<std::string>{
        std::to_string(r.networks), std::to_string(r.reached), std::to_string(r.clifford),
        std::to_string(r.geometry), e(r.clifford_fraction), e(r.clifford_lo), e(r.clifford_hi),
        std::to_string(r.human), std::to_string(r.behaviour), e(r.human_fraction), e(r.human_lo),
        e(r.human_hi), e(r.repulsion_deg), e(r.correlation), e(r.moved),
        std::to_string(r.failed), std::to_string(r.pending)};
  };
  if (format == "csv") {
    for (const std::string& k : by) out << k << ",";
    for (size_t f = 0; f < std::size(fields); ++f) out << (f ? "," : "") << fields[f];
    out << "\n";
    for (const ConditionRow& r : rows) {
      for (size_t k = 0; k < by.size(); ++k)
        out << (by[k] == "activation" ? activation_names().at(static_cast<size_t>(r.keys[k])) : number(r.keys[k])) << ",";
      const auto v = values(r, "");
      for (size_t f = 0; f < v.size(); ++f) out << (f ? "," : "") << v[f];
      out << "\n";
    }
  } else if (format == "json") {
    out << "[\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      out << "  {";
      for (size_t k = 0; k < by.size(); ++k)
        out << "\"" << by[k] << "\": "
            << (by[k] == "activation" ? "\"" + activation_names().at(static_cast<size_t>(rows[i].keys[k])) + "\""
                                      : number(rows[i].keys[k]))
            << ", ";
      const auto v = values(rows[i], "null");
      for (size_t f = 0; f < v.size(); ++f) out << (f ? ", " : "") << "\"" << fields[f] << "\": " << v[f];
      out << "}" << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    out << "]\n";
  } else if (format == "table") {
    char line[256];
    out << key_cells(by);
    std::snprintf(line, sizeof line, "%8s %7s  %-9s %-16s  %-9s %-16s %10s %6s %6s %6s %7s\n",
                  "networks", "reached", "clifford", "95% CI (Wilson)", "human", "95% CI (Wilson)",
                  "repulsion", "corr", "moved", "failed", "pending");
    out << line;
    for (const ConditionRow& r : rows) {
      auto share = [](int64_t k, int64_t n) { return std::to_string(k) + "/" + std::to_string(n); };
      auto opt = [](double v, int digits) { return std::isnan(v) ? std::string("-") : fixed(v, digits); };
      std::snprintf(line, sizeof line, "%8lld %7lld  %-9s %-16s  %-9s %-16s %9s° %6s %6s %6lld %7lld\n",
                    static_cast<long long>(r.networks), static_cast<long long>(r.reached),
                    share(r.clifford, r.geometry).c_str(), interval(r.clifford_lo, r.clifford_hi).c_str(),
                    share(r.human, r.behaviour).c_str(), interval(r.human_lo, r.human_hi).c_str(),
                    opt(r.repulsion_deg, 2).c_str(), opt(r.correlation, 3).c_str(),
                    opt(r.moved, 3).c_str(), static_cast<long long>(r.failed),
                    static_cast<long long>(r.pending));
      out << key_cells(by, r.keys) << line;
    }
  } else {
    throw InputError("--format " + format + ": use table, csv or json");
  }
  return out.str();
}

}  // namespace wmsweep
