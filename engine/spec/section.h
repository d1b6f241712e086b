#pragma once
// Reading one section of a spec: every key a study reads is checked (wrong type, out of range
// → SpecError naming "section.key" and what to do), noted in the settings log ("section.key =
// value", given or default: two specs are the same sweep when their logs are equal), and
// finish() refuses the keys nobody read, so a typo never passes as "use the default".
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace wmsweep {

inline constexpr double kBig = 1e12;  // "no upper bound" for a spec value

class Section {
 public:
  // `settings` collects every value read, given or default.
  Section(const toml::table* table, std::string path, std::vector<std::string>& settings)
      : table_(table), path_(std::move(path)), settings_(&settings) {}

  double real(const std::string& key, double fallback, double lo, double hi);
  int64_t integer(const std::string& key, int64_t fallback, int64_t lo, int64_t hi);
  // allowed empty: any string
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed);
  std::vector<double> reals(const std::string& key, std::vector<double> fallback, double lo,
                            double hi, bool allow_empty = false);
  std::vector<int64_t> integers(const std::string& key, std::vector<int64_t> fallback,
                                int64_t lo, int64_t hi);
  std::vector<std::string> strings(const std::string& key, std::vector<std::string> fallback,
                                   const std::vector<std::string>& allowed);
  bool boolean(const std::string& key, bool fallback);

  bool has(const std::string& key) const { return table_ && table_->contains(key); }
  [[noreturn]] void fail(const std::string& key, const std::string& why) const;
  // Unknown keys are errors; the message lists what the section accepts.
  void finish() const;
  // Declares keys that are read elsewhere (so finish() accepts them).
  void accept(const std::string& key) { known_.insert(key); }

 private:
  const toml::node* lookup(const std::string& key);
  std::string qualified(const std::string& key) const;
  void check_range(const std::string& key, double v, double lo, double hi) const;
  template <class T>
  T noted(const std::string& key, T value);

  const toml::table* table_;
  std::string path_;
  std::vector<std::string>* settings_;
  std::set<std::string> known_;
};

// root[name] as a table, nullptr when absent; SpecError when it is not a table.
const toml::table* subtable(const toml::table& root, const std::string& name);

// A period length must be a whole number of Euler steps.
void check_steps(const Section& s, const std::string& key, double length, double dt);

// A grid axis listing a value twice would run the same network under two job numbers.
// (Integers compare as integers: 2^53 and 2^53 + 1 differ.)
template <class T>
void check_unique(const Section& grid, const std::string& key, std::vector<T> values) {
  std::sort(values.begin(), values.end());
  if (std::adjacent_find(values.begin(), values.end()) != values.end())
    grid.fail(key, "lists a value twice: each grid value must be distinct");
}

// An axis may be listed in [grid] or set once in [network]; a key in both is ambiguous.
void check_one_place(const Section& grid, const Section& network, const std::vector<std::string>& keys);

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");
std::string compact(double v);  // "1", "0.1", "2.5e-07"

}  // namespace wmsweep
