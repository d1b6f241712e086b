#include "studies/seqmatch/claims.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "dynamics/labels.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

constexpr double kInf = INFINITY;

// splitmix64 (Steele, Lea, Flood 2014): tiny, and replayable in numpy
struct SplitMix {
  uint64_t state = 0x5eed2021;  // fixed: the same draws in every run
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

std::vector<double> resample(const std::vector<double>& v, SplitMix& rng) {
  std::vector<double> out(v.size());
  for (double& x : out) x = v[rng.next() % v.size()];
  return out;
}

Interval percentile(std::vector<double> stats, double value) {
  std::sort(stats.begin(), stats.end());  // NaN-free: the statistics here never give NaN
  const size_t B = stats.size();
  const size_t lo = static_cast<size_t>(std::floor(0.025 * B));
  const size_t hi = static_cast<size_t>(std::ceil(0.975 * B)) - 1;
  return {value, stats[lo], stats[hi]};
}

}  // namespace

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::nan("");
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double median_of(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  if (v.size() % 2) return v[m];
  if (std::isinf(v[m])) return v[m];  // (a + inf) / 2 = inf; (inf + inf) / 2 = inf
  return 0.5 * (v[m - 1] + v[m]);
}

Interval bootstrap(const std::vector<double>& values,
                   const std::function<double(const std::vector<double>&)>& statistic,
                   int resamples) {
  const double nan = std::nan("");
  if (values.empty()) return {nan, nan, nan};
  SplitMix rng;
  std::vector<double> stats(static_cast<size_t>(resamples));
  for (double& s : stats) s = statistic(resample(values, rng));
  return percentile(std::move(stats), statistic(values));
}

Interval bootstrap_ratio(const std::vector<double>& numerator, const std::vector<double>& denominator,
                         int resamples) {
  const double nan = std::nan("");
  auto ratio = [nan](double a, double b) { return b > 0 ? a / b : (a > 0 ? kInf : nan); };
  if (numerator.empty() || denominator.empty()) return {nan, nan, nan};
  SplitMix rng;
  std::vector<double> stats;
  for (int b = 0; b < resamples; ++b) {
    const double num = mean_of(resample(numerator, rng));
    const double den = mean_of(resample(denominator, rng));
    const double r = ratio(num, den);
    if (!std::isnan(r)) stats.push_back(r);  // 0/0: no ratio in that resample
  }
  const double value = ratio(mean_of(numerator), mean_of(denominator));
  if (stats.empty()) return {value, nan, nan};
  return percentile(std::move(stats), value);  // over the resamples that have a ratio
}

std::vector<ClaimRow> claims(const StoreReader& store, const std::vector<std::string>& by,
                             const std::string& variant, const SeqMatchSpec& spec,
                             const Where& where, bool all) {
  const std::vector<Column> grid = spec.grid_columns();
  check_by(grid, by);
  const std::vector<bool> keep = selected(store, grid, where);
  const std::vector<std::vector<double>> keys = row_keys(store, by);
  const std::vector<double> status = store.column("status"), trained = store.column("error/trained"),
                            label = store.column(label_column(variant, true)),
                            robust = store.column("robustness/fail_end"),
                            forget = store.column("forgetting/fail_end"),
                            phasic = store.column("phasic"), kinds = store.column("fixed_points/kinds");
  std::vector<double> sigma, d;
  for (const Axis& a : spec.curve_axes()) {
    if (a.name == "sigma") sigma = a.values;
    if (a.name == "d") d = a.values;
  }
  const size_t S = sigma.size(), D = d.size();
  const std::vector<std::string>& names = mechanism_names();

  // per combination and label: each measurement's values over networks
  struct Group {
    std::vector<std::vector<double>> robust;  // per σ
    std::vector<double> first_failure, phasic1, phasic2, efficiency;
    int64_t forgetting = 0, never = 0;
  };
  std::map<std::vector<double>, std::map<int, Group>> groups;
  for (size_t r = 0; r < keys.size(); ++r) {
    if (!keep[r] || status[r] != 1 || (!all && trained[r] != 1)) continue;
    if (!(label[r] >= 0 && label[r] < static_cast<double>(names.size()))) continue;
    Group& g = groups[keys[r]][static_cast<int>(label[r])];
    g.robust.resize(S);
    for (size_t k = 0; k < S; ++k)
      if (std::isfinite(robust[r * S + k])) g.robust[k].push_back(robust[r * S + k]);
    if (D && std::isfinite(forget[r * D])) {
      double first = kInf;
      for (size_t k = 0; k < D && std::isinf(first); ++k)
        if (forget[r * D + k] > 0) first = d[k];
      g.first_failure.push_back(first);
      ++g.forgetting;
      g.never += std::isinf(first);
    }
    if (std::isfinite(phasic[2 * r])) g.phasic1.push_back(phasic[2 * r]);
    if (std::isfinite(phasic[2 * r + 1])) g.phasic2.push_back(phasic[2 * r + 1]);
    if (kinds[4 * r] >= 0) g.efficiency.push_back(kinds[4 * r] / 4.0);
  }

  std::vector<ClaimRow> out;
  const double nan = std::nan("");
  const int fixed = static_cast<int>(Mechanism::fixed_points),
            slow = static_cast<int>(Mechanism::slow_manifold);
  for (const auto& [key, by_label] : groups) {
    auto add = [&](const char* claim, const std::string& name, double x, int64_t n, Interval e,
                   const char* interval) {
      out.push_back({key, claim, name, x, n, e, interval});
    };
    for (size_t k = 0; k < S; ++k) {
      for (const auto& [l, g] : by_label)
        add("robustness", names[l], sigma[k], static_cast<int64_t>(g.robust[k].size()),
            bootstrap(g.robust[k], mean_of), "bootstrap");
      const auto num = by_label.find(slow), den = by_label.find(fixed);
      if (num != by_label.end() && den != by_label.end())
        add("robustness_ratio", names[slow] + "/" + names[fixed], sigma[k],
            static_cast<int64_t>(num->second.robust[k].size() + den->second.robust[k].size()),
            bootstrap_ratio(num->second.robust[k], den->second.robust[k]), "bootstrap");
    }
    for (const auto& [l, g] : by_label) {
      if (g.forgetting) {
        add("forgetting", names[l], nan, g.forgetting, bootstrap(g.first_failure, median_of), "bootstrap");
        Interval never{static_cast<double>(g.never) / static_cast<double>(g.forgetting), 0, 0};
        std::tie(never.lo, never.hi) = wilson_interval(g.never, g.forgetting);
        add("forgetting_never", names[l], nan, g.forgetting, never, "wilson");
      }
      add("phasic_delay1", names[l], nan, static_cast<int64_t>(g.phasic1.size()),
          bootstrap(g.phasic1, mean_of), "bootstrap");
      add("phasic_response", names[l], nan, static_cast<int64_t>(g.phasic2.size()),
          bootstrap(g.phasic2, mean_of), "bootstrap");
      add("efficiency", names[l], nan, static_cast<int64_t>(g.efficiency.size()),
          bootstrap(g.efficiency, mean_of), "bootstrap");
    }
  }
  return out;
}

namespace {

std::string show(double v, int digits = 3) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string json_number(double v) {
  if (!std::isfinite(v)) return std::isinf(v) && v > 0 ? "\"inf\"" : "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
std::string key_text(const std::vector<std::string>& by, const std::vector<double>& keys) {
  std::string out;
  char buf[64];
  for (size_t k = 0; k < by.size(); ++k) {
    std::snprintf(buf, sizeof buf, "%s%s = %g", k ? ", " : "", by[k].c_str(), keys[k]);
    out += buf;
  }
  return out;
}

}  // namespace

std::string format_claims(const std::vector<ClaimRow>& rows, const std::vector<std::string>& by,
                          const std::string& variant, bool all, const std::string& format) {
  std::ostringstream out;
  if (format == "csv") {
    for (const std::string& k : by) out << k << ",";
    out << "claim,label,x,networks,value,ci_low,ci_high,interval\n";
    for (const ClaimRow& r : rows) {
      for (double v : r.keys) out << csv_number(v) << ",";
      out << r.claim << "," << r.label << "," << csv_number(r.x) << "," << r.networks << ","
          << csv_number(r.estimate.value) << "," << csv_number(r.estimate.lo) << ","
          << csv_number(r.estimate.hi) << "," << r.interval << "\n";
    }
    return out.str();
  }
  if (format == "json") {
    out << "[\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      const ClaimRow& r = rows[i];
      out << "  {";
      for (size_t k = 0; k < by.size(); ++k) out << "\"" << by[k] << "\": " << json_number(r.keys[k]) << ", ";
      out << "\"claim\": \"" << r.claim << "\", \"label\": \"" << r.label << "\", \"x\": "
          << json_number(r.x) << ", \"networks\": " << r.networks << ", \"value\": "
          << json_number(r.estimate.value) << ", \"ci_low\": " << json_number(r.estimate.lo)
          << ", \"ci_high\": " << json_number(r.estimate.hi) << ", \"interval\": \"" << r.interval
          << "\"}" << (i + 1 < rows.size() ? "," : "") << "\n";
    }
    out << "]\n";
    return out.str();
  }
  if (format != "table") throw InputError("--format " + format + ": use table, csv or json");

  auto cell = [](const ClaimRow& r) {
    return show(r.estimate.value) + " [" + show(r.estimate.lo) + ", " + show(r.estimate.hi) + "] n=" +
           std::to_string(r.networks);
  };
  out << "the study's claims by " << (variant == "dynamics" ? "dynamics" : "variant " + variant)
      << " label, among " << (all ? "every ok network" : "networks that learned the task")
      << "; 95% intervals over networks (bootstrap; forgetting_never: Wilson)\n";
  std::vector<std::vector<double>> combos;
  for (const ClaimRow& r : rows)
    if (std::find(combos.begin(), combos.end(), r.keys) == combos.end()) combos.push_back(r.keys);
  if (combos.empty()) out << "\nno labelled network" << (all ? "" : " that learned the task") << "\n";
  for (const auto& key : combos) {
    if (!by.empty()) out << "\n== " << key_text(by, key) << "\n";
    std::vector<std::string> labels;
    for (const ClaimRow& r : rows)
      if (r.keys == key && r.claim == "robustness" &&
          std::find(labels.begin(), labels.end(), r.label) == labels.end())
        labels.push_back(r.label);
    bool ratio = false;
    for (const ClaimRow& r : rows) ratio |= r.keys == key && r.claim == "robustness_ratio";
    out << "\nrobustness: mean failure fraction at the trial end, per sigma\n";
    char buf[512];
    std::snprintf(buf, sizeof buf, "%-8s", "sigma");
    out << buf;
    for (const std::string& l : labels) {
      std::snprintf(buf, sizeof buf, "  %-30s", l.c_str());
      out << buf;
    }
    if (ratio) out << "  slow_manifold/fixed_points";
    out << "\n";
    std::vector<double> xs;
    for (const ClaimRow& r : rows)
      if (r.keys == key && r.claim == "robustness" && std::find(xs.begin(), xs.end(), r.x) == xs.end())
        xs.push_back(r.x);
    for (double x : xs) {
      std::snprintf(buf, sizeof buf, "%-8g", x);
      out << buf;
      for (const std::string& l : labels)
        for (const ClaimRow& r : rows)
          if (r.keys == key && r.claim == "robustness" && r.label == l && r.x == x) {
            std::snprintf(buf, sizeof buf, "  %-30s", cell(r).c_str());
            out << buf;
          }
      for (const ClaimRow& r : rows)
        if (r.keys == key && r.claim == "robustness_ratio" && r.x == x)
          out << "  " << show(r.estimate.value, 2) << " [" << show(r.estimate.lo, 2) << ", "
              << show(r.estimate.hi, 2) << "]";
      out << "\n";
    }
    const std::pair<const char*, const char*> others[] = {
        {"forgetting", "median extra delay (tau) at the first failure"},
        {"forgetting_never", "fraction never failing in the tested delays"},
        {"phasic_delay1", "mean fraction of phasic units, delay 1"},
        {"phasic_response", "mean fraction of phasic units, response"},
        {"efficiency", "stable fixed points found per memory (of 4)"}};
    out << "\n";
    std::snprintf(buf, sizeof buf, "%-16s", "per label");
    out << buf;
    for (const std::string& l : labels) {
      std::snprintf(buf, sizeof buf, "  %-30s", l.c_str());
      out << buf;
    }
    out << "\n";
    for (const auto& [claim, meaning] : others) {
      bool any = false;
      for (const ClaimRow& r : rows) any |= r.keys == key && r.claim == claim;
      if (!any) continue;
      std::snprintf(buf, sizeof buf, "%-16s", claim);
      out << buf;
      for (const std::string& l : labels) {
        std::string text = "-";
        for (const ClaimRow& r : rows)
          if (r.keys == key && r.claim == claim && r.label == l) text = cell(r);
        std::snprintf(buf, sizeof buf, "  %-30s", text.c_str());
        out << buf;
      }
      out << "  (" << meaning << ")\n";
    }
  }
  return out.str();
}

}  // namespace wmsweep
