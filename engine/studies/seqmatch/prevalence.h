#pragma once
// Mechanism prevalence per hyperparameter combination, from a store's committed rows.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "query/table.h"
#include "store/sweepstore.h"

namespace wmsweep {

struct PrevalenceRow {
  std::vector<double> keys;   // values of the --by columns, in their order
  std::string label;          // a mechanism, or "untrained" (below)
  int64_t count = 0;          // networks with this label
  int64_t labelled = 0;       // the denominator: counted networks of the combination with a label
  int64_t networks = 0;       // ok networks of the combination
  int64_t trained = 0;        // of those, networks that learned the task (error/trained)
  int64_t failed = 0, pending = 0;  // of the combination
  double fraction = 0, lo = 0, hi = 0;
};

std::string label_column(const std::string& variant, bool dynamics_allowed);

// `by`: grid columns of the store (SeqMatchSpec::grid_columns()), possibly empty; `variant`: "a" or "b" (the
// simulation labels) or "dynamics" (the label from fixed points).
// One row per combination (sorted) and label (in the store's label order). By default only
// networks that learned the task are counted, and each combination ends with a row labelled
// "untrained": count = its ok networks that did not learn, labelled = all its ok networks.
// all = true counts every ok network (and adds no such row).
std::vector<PrevalenceRow> prevalence(const StoreReader& store, const std::vector<std::string>& by,
                                      const std::string& variant, const std::vector<Column>& grid,
                                      const Where& where = {}, bool all = false);

// How often the dynamics label equals a simulation label (variant a or b), per combination.
struct AgreementRow {
  std::vector<double> keys;
  int64_t both = 0;    // ok networks carrying both labels (the denominator)
  int64_t agree = 0;   // of those, networks whose two labels are equal
  double fraction = 0, lo = 0, hi = 0;
  std::vector<std::pair<std::string, int64_t>> pairs;  // "simulation→dynamics" counts, most first
};
// Counts trained networks only unless all = true.
std::vector<AgreementRow> agreement(const StoreReader& store, const std::vector<std::string>& by,
                                    const std::string& variant, const std::vector<Column>& grid,
                                    const Where& where = {}, bool all = false);

inline constexpr const char* kUntrained = "untrained";  // the prevalence row of untrained networks

// Study 2 (study = "orientations"), per combination of the --by columns: how many trained
// networks hold a Clifford-like torus, and how many show the human signature (docs/study2.md:
// "Study 2"). Fractions are of the networks measured, with 95% Wilson intervals; the means
// are over networks.

}  // namespace wmsweep
