// `wmsweep relabel` for study 1 (sweep/relabel.h): the mechanism labels and the "trained" mark
// of every committed network, derived again from the raw measurements the store keeps (window
// statistics of z, per-run rmse). A wmsweep-store/1 store (labels by the earlier rule) gets the
// columns it lacks: the study's error rate from the stored rmse; `phasic`, which /1 measured as
// mean |r|, becomes NaN (the study's |mean r| needs the network run again).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "dynamics/labels.h"
#include "dynamics/probes.h"
#include "studies/seqmatch/study.h"

namespace wmsweep {
namespace {

// Row r of a (rows, width) column
std::vector<double> row_of(const std::vector<double>& column, int64_t r, size_t width) {
  return {column.begin() + static_cast<long>(r * width),
          column.begin() + static_cast<long>((r + 1) * width)};
}

}  // namespace

std::string SeqMatchSpec::relabel(StoreEditor& e) const {
  const SeqMatchConfig& spec = config;
  std::map<std::string, Column> cols;
  for (const Column& c : columns(e.has("init/J"))) cols.emplace(c.name, c);
  struct {
    int64_t labelled = 0, changed_a = 0, changed_b = 0, trained = 0, ok = 0;
    bool phasic_cleared = false;
  } report;
  const int64_t rows = e.rows();
  const std::vector<double> status = e.read("status");
  const double nan = std::nan("");
  const double max_encoding = *std::max_element(spec.task.encoding.begin(), spec.task.encoding.end());
  const int encodings = static_cast<int>(spec.task.encoding.size());
  for (const auto& [variant, rule] : {std::pair{"a", rule_variant_a(max_encoding, encodings)},
                                      {"b", rule_variant_b(max_encoding, encodings)}}) {
    const std::string g = std::string("classify/") + variant;
    const size_t width = cols.at(g + "/mean").count();
    const std::vector<double> mean = e.read(g + "/mean"), var = e.read(g + "/var"),
                              last = e.read(g + "/last"), old = e.read(g + "/label");
    std::vector<double> label(rows, -1.0), distinct(rows, -1.0), settled(rows, -1.0);
    for (int64_t r = 0; r < rows; ++r) {
      const WindowStats stats{row_of(mean, r, width), row_of(var, r, width), row_of(last, r, width)};
      bool measured = status[r] == 1;
      for (double v : stats.var) measured = measured && !std::isnan(v);  // NaN: not run
      if (!measured) {
        label[r] = old[r];  // a row without long runs keeps what it had (−1)
        continue;
      }
      const Label l = classify(stats, rule);
      label[r] = static_cast<int>(l.mechanism);
      distinct[r] = l.distinct;
      settled[r] = l.settled ? 1 : 0;
      if (*variant == 'a') ++report.labelled;
      (*variant == 'a' ? report.changed_a : report.changed_b) += label[r] != old[r];
    }
    e.write(cols.at(g + "/label"), label);
    e.write(cols.at(g + "/distinct"), distinct);
    e.write(cols.at(g + "/settled"), settled);
  }

  // the study's error rate and "trained", from the per-run rmse
  const TestConfig& test = spec.test;
  const size_t runs = cols.at("error/rmse").count(), T = test.thresholds.size();
  const std::vector<double> rmse = e.read("error/rmse");
  std::vector<double> study_rmse;
  if (e.has("error/study_rmse")) {
    study_rmse = e.read("error/study_rmse");
  } else {  // Σe² = rmse²·rmse_steps, and the study divides it by the number of runs
    const double scale = std::sqrt(static_cast<double>(test.rmse_steps) / static_cast<double>(runs));
    for (double v : rmse) study_rmse.push_back(v * scale);
  }
  std::vector<double> study_rate(rows * T, nan), trained(rows, -1.0);
  for (int64_t r = 0; r < rows; ++r) {
    if (status[r] != 1) continue;
    ErrorRates error;
    error.rmse = row_of(rmse, r, runs);
    error.study_rmse = row_of(study_rmse, r, runs);
    for (size_t k = 0; k < T; ++k) study_rate[r * T + k] = rate_above(error.study_rmse, test.thresholds[k]);
    trained[r] = is_trained(error, test) ? 1 : 0;
    report.trained += trained[r] == 1;
  }
  e.write(cols.at("error/study_rmse"), study_rmse);
  e.write(cols.at("error/study_rate"), study_rate);
  e.write(cols.at("error/trained"), trained);
  if (!e.has("probes_skipped")) {  // /1 had no such option: every ok network was probed
    std::vector<double> skipped(rows, -1.0);
    for (int64_t r = 0; r < rows; ++r) skipped[r] = status[r] == 1 ? 0 : -1;
    e.write(cols.at("probes_skipped"), skipped);
  }
  if (!e.has("phasic_runs")) {  // /1 measured mean |r|, not the study's |mean r|
    e.write(cols.at("phasic_runs"), std::vector<double>(rows * cols.at("phasic_runs").count(), nan));
    e.write(cols.at("phasic"), std::vector<double>(rows * cols.at("phasic").count(), nan));
    report.phasic_cleared = true;
  }
  for (double s : status) report.ok += s == 1;
  e.set_attr("label_rule", kLabelRule);
  char line[512];
  std::string out;
  std::snprintf(line, sizeof line, "labels   %s: %lld networks labelled; changed: %lld of variant A, %lld of variant B\n",
                kLabelRule, static_cast<long long>(report.labelled), static_cast<long long>(report.changed_a),
                static_cast<long long>(report.changed_b));
  out += line;
  std::snprintf(line, sizeof line, "trained  %lld of %lld ok networks\n", static_cast<long long>(report.trained),
                static_cast<long long>(report.ok));
  out += line;
  if (report.phasic_cleared)
    out += "phasic   cleared: the earlier engine measured mean |r|; the study's |mean r| needs the "
           "networks run again\n";
  return out;
}

}  // namespace wmsweep
