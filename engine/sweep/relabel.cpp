#include "sweep/relabel.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "dynamics/labels.h"
#include "dynamics/probes.h"
#include "store/lock.h"
#include "store/sweepstore.h"
#include "sweep/spec.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

namespace fs = std::filesystem;

// Row r of a (rows, width) column
std::vector<double> row_of(const std::vector<double>& column, int64_t r, size_t width) {
  return {column.begin() + static_cast<long>(r * width),
          column.begin() + static_cast<long>((r + 1) * width)};
}

void relabel_seqmatch(StoreEditor& e, const Spec& spec, const std::map<std::string, Column>& cols,
                      RelabelReport& report) {
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
}

}  // namespace

RelabelReport relabel_store(const std::string& path) {
  if (!fs::is_regular_file(path)) throw InputError(path + ": no such store");
  const StoreLock lock(path);  // no run may write it meanwhile
  const std::string work = path + ".relabel";
  std::error_code ec;
  fs::copy_file(path, work, fs::copy_options::overwrite_existing, ec);
  if (ec) throw InputError(work + ": cannot copy the store aside (" + ec.message() + ")");
  RelabelReport report;
  try {
    StoreEditor e(work);
    report.from_schema = e.attr("schema");
    if (report.from_schema != kStoreSchema && report.from_schema != kStoreSchemaV1)
      throw InputError(path + ": store schema " + report.from_schema + "; relabel reads " +
                       kStoreSchemaV1 + " and " + kStoreSchema);
    report.study = e.attr("study").empty() ? "seqmatch" : e.attr("study");
    const Spec spec = parse_spec(e.spec_text(), path + " (its stored spec)");
    const std::map<std::string, Column> cols = [&] {
      std::map<std::string, Column> m;
      for (const Column& c : store_columns(store_shape(spec, e.has("init/J")))) m.emplace(c.name, c);
      return m;
    }();
    report.rows = e.rows();
    for (double s : e.read("status")) report.ok += s == 1;
    if (report.study == "seqmatch") relabel_seqmatch(e, spec, cols, report);
    if (report.study == "seqmatch") e.set_attr("label_rule", kLabelRule);
    e.set_attr("schema", kStoreSchema);  // last: the file is complete under the new schema
    e.close();
  } catch (...) {
    fs::remove(work, ec);
    throw;
  }
  fs::rename(work, path, ec);
  if (ec) throw InputError(path + ": cannot move the relabelled store into place (" + ec.message() + ")");
  return report;
}

}  // namespace wmsweep
