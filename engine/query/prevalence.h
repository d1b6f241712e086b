#pragma once
// Mechanism prevalence per hyperparameter combination, from a store's committed rows.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/sweepstore.h"

namespace wmsweep {

// 95% Wilson score interval for k successes in n trials ({0, 1} when n = 0).
std::pair<double, double> wilson_interval(int64_t k, int64_t n, double z = 1.959963984540054);

struct PrevalenceRow {
  std::vector<double> keys;   // values of the --by columns, in their order
  std::string label;
  int64_t count = 0;          // networks with this label
  int64_t labelled = 0;       // ok networks of the combination with a label (the denominator)
  int64_t failed = 0, pending = 0;  // of the combination
  double fraction = 0, lo = 0, hi = 0;
};

// Rows to count: those whose grid columns equal every (column, value) given; none: all.
using Where = std::vector<std::pair<std::string, double>>;
Where parse_where(const std::string& text);  // "g=1.2,fb=5"; throws InputError naming the key

// `by`: grid columns (seed, n, pg, in, g, fb), possibly empty; `variant`: "a" or "b" (the
// simulation labels) or "dynamics" (the label from fixed points).
// One row per combination (sorted) and label (in the store's label order).
std::vector<PrevalenceRow> prevalence(const StoreReader& store, const std::vector<std::string>& by,
                                      const std::string& variant, const Where& where = {});

// How often the dynamics label equals a simulation label (variant a or b), per combination.
struct AgreementRow {
  std::vector<double> keys;
  int64_t both = 0;    // ok networks carrying both labels (the denominator)
  int64_t agree = 0;   // of those, networks whose two labels are equal
  double fraction = 0, lo = 0, hi = 0;
  std::vector<std::pair<std::string, int64_t>> pairs;  // "simulation→dynamics" counts, most first
};
std::vector<AgreementRow> agreement(const StoreReader& store, const std::vector<std::string>& by,
                                    const std::string& variant, const Where& where = {});

std::vector<std::string> label_names();  // index = stored label value

}  // namespace wmsweep
