#include "spec/section.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "util/errors.h"

namespace wmsweep {
namespace {

std::string show(double v) {  // shortest text that reads back as the same double
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}
std::string show(int64_t v) { return std::to_string(v); }
std::string show(bool v) { return v ? "true" : "false"; }
std::string show(const std::string& v) { return "\"" + v + "\""; }
template <class T>
std::string show(const std::vector<T>& v) {
  std::string out = "[";
  for (size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + show(v[k]);
  return out + "]";
}

}  // namespace

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string compact(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

template <class T>
T Section::noted(const std::string& key, T value) {
  settings_->push_back(qualified(key) + " = " + show(value));
  return value;
}

double Section::real(const std::string& key, double fallback, double lo, double hi) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  double v;
  if (auto d = node->value_exact<double>()) v = *d;
  else if (auto i = node->value_exact<int64_t>()) v = static_cast<double>(*i);
  else fail(key, "must be a number");
  check_range(key, v, lo, hi);
  return noted(key, v);
}

int64_t Section::integer(const std::string& key, int64_t fallback, int64_t lo, int64_t hi) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  auto i = node->value_exact<int64_t>();
  if (!i) fail(key, "must be a whole number");
  check_range(key, static_cast<double>(*i), static_cast<double>(lo), static_cast<double>(hi));
  return noted(key, *i);
}

std::string Section::choice(const std::string& key, const std::string& fallback,
                            const std::vector<std::string>& allowed) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  auto s = node->value_exact<std::string>();
  if (!s) fail(key, "must be a string, one of: " + join(allowed));
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), *s) == allowed.end())
    fail(key, "is \"" + *s + "\"; allowed: " + join(allowed));
  return noted(key, *s);
}

std::vector<double> Section::reals(const std::string& key, std::vector<double> fallback,
                                   double lo, double hi, bool allow_empty) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  const toml::array* arr = node->as_array();
  if (!arr) fail(key, "must be an array of numbers, e.g. [1.0, 2.0]");
  std::vector<double> out;
  for (const auto& el : *arr) {
    if (auto d = el.value_exact<double>()) out.push_back(*d);
    else if (auto i = el.value_exact<int64_t>()) out.push_back(static_cast<double>(*i));
    else fail(key, "must hold only numbers");
    check_range(key, out.back(), lo, hi);
  }
  if (out.empty() && !allow_empty) fail(key, "must not be empty");
  return noted(key, out);
}

std::vector<int64_t> Section::integers(const std::string& key, std::vector<int64_t> fallback,
                                       int64_t lo, int64_t hi) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  const toml::array* arr = node->as_array();
  if (!arr) fail(key, "must be an array of whole numbers, e.g. [0, 1, 2]");
  std::vector<int64_t> out;
  for (const auto& el : *arr) {
    auto i = el.value_exact<int64_t>();
    if (!i) fail(key, "must hold only whole numbers");
    check_range(key, static_cast<double>(*i), static_cast<double>(lo), static_cast<double>(hi));
    out.push_back(*i);
  }
  if (out.empty()) fail(key, "must not be empty");
  return noted(key, out);
}

std::vector<std::string> Section::strings(const std::string& key, std::vector<std::string> fallback,
                                          const std::vector<std::string>& allowed) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  const toml::array* arr = node->as_array();
  if (!arr) fail(key, "must be an array of strings from: " + join(allowed));
  std::vector<std::string> out;
  for (const auto& el : *arr) {
    auto s = el.value_exact<std::string>();
    if (!s) fail(key, "must hold only strings");
    if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end())
      fail(key, "has \"" + *s + "\"; allowed: " + join(allowed));
    out.push_back(*s);
  }
  return noted(key, out);
}

bool Section::boolean(const std::string& key, bool fallback) {
  const toml::node* node = lookup(key);
  if (!node) return noted(key, fallback);
  auto b = node->value_exact<bool>();
  if (!b) fail(key, "must be true or false");
  return noted(key, *b);
}

void Section::fail(const std::string& key, const std::string& why) const {
  throw SpecError(qualified(key) + " " + why);
}

void Section::finish() const {
  if (!table_) return;
  for (auto&& [k, v] : *table_) {
    const std::string key(k.str());
    if (!known_.count(key)) {
      std::vector<std::string> allowed(known_.begin(), known_.end());
      throw SpecError(qualified(key) + " is not a known key" +
                      (allowed.empty() ? std::string()
                                       : " (this section accepts: " + join(allowed) + ")") +
                      ": remove it or fix its spelling");
    }
  }
}

const toml::node* Section::lookup(const std::string& key) {
  known_.insert(key);
  return table_ ? table_->get(key) : nullptr;
}

std::string Section::qualified(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void Section::check_range(const std::string& key, double v, double lo, double hi) const {
  if (!(v >= lo && v <= hi)) {
    std::ostringstream msg;
    msg << "= " << v << " is out of range: it must lie in [" << lo << ", " << hi << "]";
    fail(key, msg.str());
  }
}

const toml::table* subtable(const toml::table& root, const std::string& name) {
  const toml::node* node = root.get(name);
  if (!node) return nullptr;
  if (!node->as_table()) throw SpecError(name + " must be a table: write it as [" + name + "]");
  return node->as_table();
}

void check_steps(const Section& s, const std::string& key, double length, double dt) {
  const double steps = length / dt;
  if (std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps))
    s.fail(key, "is not a whole number of Euler steps (dt = " + std::to_string(dt) +
                    "): choose a multiple of task.dt");
}

void check_one_place(const Section& grid, const Section& net, const std::vector<std::string>& keys) {
  for (const std::string& key : keys)
    if (grid.has(key) && net.has(key))
      grid.fail(key, "is also set as network." + key + ": keep only one of them");
}

}  // namespace wmsweep
