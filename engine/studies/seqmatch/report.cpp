// Study 1's `wmsweep status` lines and `wmsweep query` tables: mechanism prevalence among
// trained networks, label agreement, and the study's other claims (docs/science.md).

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <map>
#include <sstream>

#include "dynamics/labels.h"
#include "query/table.h"
#include "studies/seqmatch/claims.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

// study 1: how many learned the task, and the label counts of those, per variant
std::string label_counts(const StoreReader& store) {
  const std::vector<double> status = store.column("status");
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


std::string format_prevalence(const std::vector<PrevalenceRow>& rows, const std::vector<Column>& grid,
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
      out << key_cells(grid, by, r.keys) << line;
    }
  } else {
    throw InputError("--format " + format + ": use table, csv or json");
  }
  return out.str();
}

std::string format_agreement(const std::vector<AgreementRow>& rows, const std::vector<Column>& grid,
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
      out << key_cells(grid, by, r.keys) << line << pairs_text(r, ", ") << "\n";
    }
  } else {
    throw InputError("--format " + format + ": use table, csv or json");
  }
  return out.str();
}

}  // namespace

std::string SeqMatchSpec::status(const StoreReader& store) const { return label_counts(store); }

std::string SeqMatchSpec::query(const StoreReader& store, const QueryArgs& a) const {
  const std::vector<Column> grid = grid_columns();
  check_format(a.format);
  if (a.agree && a.claims) throw InputError("--agree and --claims: choose one");
  if (a.claims)
    return format_claims(claims(store, a.by, a.variant, *this, a.where, a.all), a.by, a.variant,
                         a.all, a.format);
  if (a.agree)
    return format_agreement(agreement(store, a.by, a.variant, grid, a.where, a.all), grid, a.by,
                            a.variant, a.format);
  return format_prevalence(prevalence(store, a.by, a.variant, grid, a.where, a.all), grid, a.by,
                           a.format);
}

}  // namespace wmsweep
