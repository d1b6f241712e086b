#include "query/prevalence.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "dynamics/labels.h"
#include "sweep/grid.h"
#include "util/errors.h"

namespace wmsweep {

std::pair<double, double> wilson_interval(int64_t k, int64_t n, double z) {
  if (n <= 0) return {std::nan(""), std::nan("")};  // no network labelled: no estimate
  const double p = static_cast<double>(k) / n, z2 = z * z, nn = static_cast<double>(n);
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

void check_by(const StoreReader& store, const std::vector<std::string>& by, const char* flag) {
  const std::vector<std::string>& columns = grid_columns(store.header().shape.study);
  for (const std::string& key : by)
    if (std::find(columns.begin(), columns.end(), key) == columns.end()) {
      std::string list;
      for (const std::string& c : columns) list += (list.empty() ? "" : ", ") + c;
      throw InputError(std::string(flag) + " " + key + ": not a grid column of this store; use any of " + list);
    }
}

std::string label_column(const std::string& variant, bool dynamics_allowed) {
  if (variant == "a" || variant == "b") return "classify/" + variant + "/label";
  if (variant == "dynamics" && dynamics_allowed) return "dynamics/label";
  throw InputError("--variant " + variant + ": use " + (dynamics_allowed ? "a, b or dynamics" : "a or b (with --agree)") +
                   " (docs/science.md: how a network is counted)");
}

// Whether each row matches every --where condition (values as stored, compared to 1e-12).
std::vector<bool> selected(const StoreReader& store, const Where& where) {
  std::vector<bool> keep(static_cast<size_t>(store.rows()), true);
  for (const auto& [key, value] : where) {
    check_by(store, {key}, "--where");
    const std::vector<double> c = store.column(key);
    std::set<double> values;
    bool any = false;
    for (size_t r = 0; r < keep.size(); ++r) {
      const bool match = std::fabs(c[r] - value) <= 1e-12 * std::max(1.0, std::fabs(value));
      any |= match;
      keep[r] = keep[r] && match;
      values.insert(c[r]);
    }
    if (!any) {  // a typo'd value would otherwise print an empty table as if it were the answer
      std::ostringstream list;
      int shown = 0;
      for (double v : values) list << (shown++ ? ", " : "") << v;
      std::ostringstream asked;
      asked << value;
      throw InputError("--where " + key + "=" + asked.str() + " matches no network of this store; "
                       "its " + key + " values: " + list.str());
    }
  }
  return keep;
}

// The --by key of every row.
std::vector<std::vector<double>> row_keys(const StoreReader& store, const std::vector<std::string>& by) {
  std::vector<std::vector<double>> columns;
  for (const std::string& key : by) columns.push_back(store.column(key));
  std::vector<std::vector<double>> keys(static_cast<size_t>(store.rows()));
  for (size_t r = 0; r < keys.size(); ++r)
    for (const auto& c : columns) keys[r].push_back(c[r]);
  return keys;
}

Where parse_where(const std::string& text) {
  Where out;
  std::string item;
  for (size_t start = 0; start <= text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    char* end = nullptr;
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    const auto& acts = activation_names();  // activation=retanh: the stored index
    const auto act = std::find(acts.begin(), acts.end(), value);
    if (key == "activation" && act != acts.end()) {
      out.emplace_back(key, static_cast<double>(act - acts.begin()));
      continue;
    }
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0')
      throw InputError("--where " + item + ": use KEY=NUMBER, e.g. --where g=1.2,fb=5");
    if (!std::isfinite(v))
      throw InputError("--where " + item + ": the value must be a finite number (grid values are)");
    out.emplace_back(key, v);
  }
  return out;
}

std::vector<PrevalenceRow> prevalence(const StoreReader& store, const std::vector<std::string>& by,
                                      const std::string& variant, const Where& where, bool all) {
  check_by(store, by);
  const std::vector<bool> keep = selected(store, where);
  const std::string column = label_column(variant, true);
  const int64_t rows = store.rows();
  const std::vector<std::vector<double>> keys = row_keys(store, by);
  const std::vector<double> status = store.column("status");
  const std::vector<double> label = store.column(column);
  const std::vector<double> trained = store.column("error/trained");
  const std::vector<std::string>& names = mechanism_names();

  struct Tally {
    std::vector<int64_t> count;
    int64_t labelled = 0, networks = 0, trained = 0, failed = 0, pending = 0;
  };
  std::map<std::vector<double>, Tally> tallies;
  for (int64_t r = 0; r < rows; ++r) {
    if (!keep[static_cast<size_t>(r)]) continue;
    Tally& t = tallies[keys[static_cast<size_t>(r)]];
    t.count.resize(names.size(), 0);
    if (status[r] == 0) { ++t.pending; continue; }
    if (status[r] != 1) { ++t.failed; continue; }
    ++t.networks;
    t.trained += trained[r] == 1;
    if (!all && trained[r] != 1) continue;
    if (label[r] >= 0 && label[r] < static_cast<double>(names.size())) {
      ++t.labelled;
      ++t.count[static_cast<size_t>(label[r])];
    }
  }
  std::vector<PrevalenceRow> out;
  for (const auto& [key, t] : tallies) {
    auto add = [&](const std::string& name, int64_t count, int64_t of) {
      PrevalenceRow row;
      row.keys = key;
      row.label = name;
      row.count = count;
      row.labelled = of;
      row.networks = t.networks;
      row.trained = t.trained;
      row.failed = t.failed;
      row.pending = t.pending;
      row.fraction = of ? static_cast<double>(count) / of : std::nan("");
      std::tie(row.lo, row.hi) = wilson_interval(count, of);
      out.push_back(row);
    };
    for (size_t l = 0; l < names.size(); ++l) add(names[l], t.count[l], t.labelled);
    if (!all) add(kUntrained, t.networks - t.trained, t.networks);
  }
  return out;
}

std::vector<AgreementRow> agreement(const StoreReader& store, const std::vector<std::string>& by,
                                    const std::string& variant, const Where& where, bool all) {
  check_by(store, by);
  const std::vector<bool> keep = selected(store, where);
  const std::vector<double> sim = store.column(label_column(variant, false));
  const std::vector<double> dyn = store.column("dynamics/label");
  const std::vector<double> status = store.column("status");
  const std::vector<double> trained = store.column("error/trained");
  const std::vector<std::vector<double>> keys = row_keys(store, by);
  const std::vector<std::string>& names = mechanism_names();
  auto valid = [&](double l) { return l >= 0 && l < static_cast<double>(names.size()); };

  std::map<std::vector<double>, AgreementRow> rows;
  std::map<std::vector<double>, std::map<std::string, int64_t>> pairs;
  for (size_t r = 0; r < keys.size(); ++r) {
    if (!keep[r]) continue;
    AgreementRow& row = rows[keys[r]];
    row.keys = keys[r];
    if (status[r] != 1 || (!all && trained[r] != 1) || !valid(sim[r]) || !valid(dyn[r])) continue;
    ++row.both;
    row.agree += sim[r] == dyn[r];
    ++pairs[keys[r]][names[static_cast<size_t>(sim[r])] + "→" + names[static_cast<size_t>(dyn[r])]];
  }
  std::vector<AgreementRow> out;
  for (auto& [key, row] : rows) {
    row.fraction = row.both ? static_cast<double>(row.agree) / row.both : std::nan("");
    std::tie(row.lo, row.hi) = wilson_interval(row.agree, row.both);
    row.pairs.assign(pairs[key].begin(), pairs[key].end());
    std::stable_sort(row.pairs.begin(), row.pairs.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    out.push_back(row);
  }
  return out;
}

std::vector<ConditionRow> conditions(const StoreReader& store, const std::vector<std::string>& by,
                                     const Where& where) {
  if (store.header().shape.study != "orientations")
    throw InputError("this store is of study " + store.header().shape.study +
                     ": the per-condition table is study 2's (study = \"orientations\")");
  check_by(store, by);
  const std::vector<bool> keep = selected(store, where);
  const std::vector<std::vector<double>> keys = row_keys(store, by);
  const std::vector<double> status = store.column("status"), reached = store.column("train/reached"),
                            torus = store.column("torus/label"), human = store.column("behaviour/human"),
                            repulsion = store.column("behaviour/repulsion_small"),
                            correlation = store.column("behaviour/correlation_small"),
                            moved = store.column("code/moved");
  const double clifford = 0;  // index of "clifford" in torus_label_names()
  struct Sums {
    double repulsion = 0, correlation = 0, moved = 0;
    int64_t n_repulsion = 0, n_moved = 0;
  };
  std::map<std::vector<double>, ConditionRow> rows;
  std::map<std::vector<double>, Sums> sums;
  for (size_t r = 0; r < keys.size(); ++r) {
    if (!keep[r]) continue;
    ConditionRow& row = rows[keys[r]];
    Sums& sum = sums[keys[r]];
    row.keys = keys[r];
    if (status[r] == 0) { ++row.pending; continue; }
    if (status[r] == 2) { ++row.failed; continue; }
    ++row.networks;
    row.reached += reached[r] == 1;
    if (torus[r] >= 0) {
      ++row.geometry;
      row.clifford += torus[r] == clifford;
    }
    if (std::isfinite(moved[r])) { sum.moved += moved[r]; ++sum.n_moved; }
    if (human[r] >= 0) {
      ++row.behaviour;
      row.human += human[r] == 1;
      if (std::isfinite(repulsion[2 * r]) && std::isfinite(correlation[r])) {
        sum.repulsion += repulsion[2 * r];
        sum.correlation += correlation[r];
        ++sum.n_repulsion;
      }
    }
  }
  std::vector<ConditionRow> out;
  const double nan = std::nan("");
  for (auto& [key, row] : rows) {
    const Sums& sum = sums[key];
    row.clifford_fraction = row.geometry ? static_cast<double>(row.clifford) / row.geometry : nan;
    std::tie(row.clifford_lo, row.clifford_hi) = wilson_interval(row.clifford, row.geometry);
    row.human_fraction = row.behaviour ? static_cast<double>(row.human) / row.behaviour : nan;
    std::tie(row.human_lo, row.human_hi) = wilson_interval(row.human, row.behaviour);
    row.repulsion_deg = sum.n_repulsion ? sum.repulsion / sum.n_repulsion * 180 / M_PI : nan;
    row.correlation = sum.n_repulsion ? sum.correlation / sum.n_repulsion : nan;
    row.moved = sum.n_moved ? sum.moved / sum.n_moved : nan;
    out.push_back(row);
  }
  return out;
}

}  // namespace wmsweep
