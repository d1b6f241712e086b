#include "studies/seqmatch/prevalence.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "dynamics/labels.h"
#include "util/errors.h"

namespace wmsweep {

std::string label_column(const std::string& variant, bool dynamics_allowed) {
  if (variant == "a" || variant == "b") return "classify/" + variant + "/label";
  if (variant == "dynamics" && dynamics_allowed) return "dynamics/label";
  throw InputError("--variant " + variant + ": use " + (dynamics_allowed ? "a, b or dynamics" : "a or b (with --agree)") +
                   " (docs/science.md: how a network is counted)");
}

std::vector<PrevalenceRow> prevalence(const StoreReader& store, const std::vector<std::string>& by,
                                      const std::string& variant, const std::vector<Column>& grid,
                                      const Where& where, bool all) {
  check_by(grid, by);
  const std::vector<bool> keep = selected(store, grid, where);
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
    if (!is_committed(status[r])) { t.pending += is_pending(status[r]); continue; }
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
                                    const std::string& variant, const std::vector<Column>& grid,
                                      const Where& where, bool all) {
  check_by(grid, by);
  const std::vector<bool> keep = selected(store, grid, where);
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

}  // namespace wmsweep
