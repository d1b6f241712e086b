// Study 2's `wmsweep status` lines and `wmsweep query` table: per condition, the Clifford-like
// fraction and the human signature with Wilson intervals (docs/study2.md).
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <sstream>

#include "query/table.h"
#include "studies/orientations/study.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

struct ConditionRow {
  std::vector<double> keys;
  int64_t networks = 0, failed = 0, pending = 0;  // ok, failed, pending networks
  int64_t reached = 0;                // ok networks whose training reached the threshold
  int64_t geometry = 0, clifford = 0;  // networks with a torus label; of those, clifford
  double clifford_fraction = 0, clifford_lo = 0, clifford_hi = 0;
  int64_t behaviour = 0, human = 0;    // networks with behaviour; of those, the human signature
  double human_fraction = 0, human_lo = 0, human_hi = 0;
  double repulsion_deg = 0;  // mean pooled small-|Δθ| repulsion, degrees
  double correlation = 0;    // mean small-|Δθ| error correlation
  double moved = 0;          // mean fraction of θ1-selective units whose code moves
};

bool grid_category(const std::vector<Column>& grid, const std::string& name) {
  for (const Column& c : grid)
    if (c.name == name) return !c.categories.empty();
  return false;
}

std::vector<ConditionRow> conditions(const StoreReader& store, const std::vector<Column>& grid,
                                     const std::vector<std::string>& by, const Where& where) {
  check_by(grid, by);
  const std::vector<bool> keep = selected(store, grid, where);
  const std::vector<std::vector<double>> keys = row_keys(store, by);
  const std::vector<double> status = store.column("status"), reached = store.column("train/reached"),
                            torus = store.column("torus/label"), human = store.column("behaviour/human"),
                            repulsion = store.column("behaviour/repulsion_small"),
                            correlation = store.column("behaviour/correlation_small"),
                            moved = store.column("code/moved");
  const double clifford = 0;  // index of "clifford" in OrientationsSpec::torus_labels()
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
    if (!is_committed(status[r])) { row.pending += is_pending(status[r]); continue; }
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


std::string format_conditions(const std::vector<ConditionRow>& rows, const std::vector<Column>& grid,
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
        out << key_text(grid, by[k], r.keys[k]) << ",";
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
            << (grid_category(grid, by[k]) ? "\"" + key_text(grid, by[k], rows[i].keys[k]) + "\""
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
      out << key_cells(grid, by, r.keys) << line;
    }
  } else {
    throw InputError("--format " + format + ": use table, csv or json");
  }
  return out.str();
}

}  // namespace

std::string OrientationsSpec::status(const StoreReader& store) const {
  // the torus label and the human signature of the finished networks
  const std::vector<double> status = store.column("status"), torus = store.column("torus/label"),
                            human = store.column("behaviour/human"), reached = store.column("train/reached");
  const std::vector<std::string>& tnames = torus_labels();
  std::vector<int64_t> counts(tnames.size(), 0);
  int64_t humans = 0, measured = 0, trained = 0, ok = 0;
  for (int64_t r = 0; r < store.rows(); ++r) {
    if (status[r] != 1) continue;
    ++ok;
    trained += reached[r] == 1;
    if (torus[r] >= 0 && torus[r] < tnames.size()) ++counts[static_cast<size_t>(torus[r])];
    if (human[r] >= 0) { ++measured; humans += human[r] == 1; }
  }
  std::ostringstream out;
  out << "trained   " << trained << " of " << ok << " reached train.threshold_deg\n";
  out << "torus     ";
  for (size_t l = 0; l < tnames.size(); ++l) out << (l ? ", " : "") << tnames[l] << " " << counts[l];
  out << "\nbehaviour human signature " << humans << " of " << measured << "\n";
  return out.str();
}

std::string OrientationsSpec::query(const StoreReader& store, const QueryArgs& a) const {
  if (a.agree || a.variant_given || a.claims || a.all)
    throw InputError("--variant, --agree, --claims and --all are study 1's; a store of study "
                     "orientations gets the per-condition table");
  check_format(a.format);
  const std::vector<Column> grid = grid_columns();
  const std::vector<std::string> by =
      a.by.empty() ? std::vector<std::string>{"sigma_rec", "ordinal", "activation"} : a.by;
  return format_conditions(conditions(store, grid, by, a.where), grid, by, a.format);
}

}  // namespace wmsweep
