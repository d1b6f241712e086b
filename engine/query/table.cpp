#include "query/table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <sstream>

#include "util/errors.h"

namespace wmsweep {
namespace {

const Column* find_column(const std::vector<Column>& grid, const std::string& name) {
  for (const Column& c : grid)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

std::pair<double, double> wilson_interval(int64_t k, int64_t n, double z) {
  if (n <= 0) return {std::nan(""), std::nan("")};  // no network labelled: no estimate
  const double p = static_cast<double>(k) / n, z2 = z * z, nn = static_cast<double>(n);
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Where parse_where(const std::string& text) {
  Where out;
  for (size_t start = 0; start <= text.size();) {
    const size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw InputError("--where " + item + ": use KEY=VALUE, e.g. --where g=1.2,fb=5");
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

void check_by(const std::vector<Column>& grid, const std::vector<std::string>& by, const char* flag) {
  for (const std::string& key : by)
    if (!find_column(grid, key)) {
      std::string list;
      for (const Column& c : grid) list += (list.empty() ? "" : ", ") + c.name;
      throw InputError(std::string(flag) + " " + key + ": not a grid column of this store; use any of " + list);
    }
}

std::vector<bool> selected(const StoreReader& store, const std::vector<Column>& grid, const Where& where) {
  std::vector<bool> keep(static_cast<size_t>(store.rows()), true);
  for (const auto& [key, text] : where) {
    check_by(grid, {key}, "--where");
    const Column& col = *find_column(grid, key);
    double value;
    const auto category = std::find(col.categories.begin(), col.categories.end(), text);
    if (category != col.categories.end()) {  // activation=retanh: the stored index
      value = static_cast<double>(category - col.categories.begin());
    } else {
      char* end = nullptr;
      value = std::strtod(text.c_str(), &end);
      if (*end != '\0')
        throw InputError("--where " + key + "=" + text + ": use KEY=NUMBER, e.g. --where g=1.2,fb=5" +
                         (col.categories.empty() ? "" : " (or one of the names of " + key + ")"));
      if (!std::isfinite(value))
        throw InputError("--where " + key + "=" + text + ": the value must be a finite number (grid values are)");
    }
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
      std::string list;
      for (double v : values) list += (list.empty() ? "" : ", ") + key_text(grid, key, v);
      throw InputError("--where " + key + "=" + text + " matches no network of this store; "
                       "its " + key + " values: " + list);
    }
  }
  return keep;
}

std::vector<std::vector<double>> row_keys(const StoreReader& store, const std::vector<std::string>& by) {
  std::vector<std::vector<double>> columns;
  for (const std::string& key : by) columns.push_back(store.column(key));
  std::vector<std::vector<double>> keys(static_cast<size_t>(store.rows()));
  for (size_t r = 0; r < keys.size(); ++r)
    for (const auto& c : columns) keys[r].push_back(c[r]);
  return keys;
}

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

std::string estimate(double v, const char* missing) { return std::isnan(v) ? missing : fixed(v, 4); }

std::string interval(double lo, double hi) {
  char ci[40] = "-";
  if (!std::isnan(lo)) std::snprintf(ci, sizeof ci, "[%.3f, %.3f]", lo, hi);
  return ci;
}

std::string key_text(const std::vector<Column>& grid, const std::string& name, double value) {
  const Column* c = find_column(grid, name);
  if (c && !c->categories.empty() && value >= 0 && value < static_cast<double>(c->categories.size()))
    return c->categories[static_cast<size_t>(value)];
  return number(value);
}

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

std::string key_cells(const std::vector<Column>& grid, const std::vector<std::string>& by,
                      const std::vector<double>& values) {
  std::vector<std::string> cells;
  for (size_t k = 0; k < by.size(); ++k) {
    std::string v = key_text(grid, by[k], values[k]);
    v.resize(std::max(v.size(), by[k].size()), ' ');
    cells.push_back(v);
  }
  return key_cells(cells);
}

void check_format(const std::string& format) {
  if (format != "table" && format != "csv" && format != "json")
    throw InputError("--format " + format + ": use table, csv or json");
}

}  // namespace wmsweep
