#include "store/schema.h"

namespace wmsweep {

std::vector<Column> store_columns(const std::vector<Column>& grid, const std::vector<std::string>& phases,
                                  const std::vector<Column>& study) {
  using T = ColumnType;
  const uint64_t P = phases.size();
  std::string names;
  for (const std::string& p : phases) names += (names.empty() ? "" : ", ") + p;
  std::vector<Column> c = {{"job", T::i64, {}, "job index in the sweep's grid (docs/spec.md: grid order)"}};
  c.insert(c.end(), grid.begin(), grid.end());
  const std::vector<Column> core = {
      {"status", T::i8, {}, "commit mark, written last: 0 pending, 1 ok, 2 failed, 3 trained (training kept, analyses pending)"},
      {"reason", T::text, {}, "why the network failed, or what it skipped (else empty)"},
      {"session", T::i32, {}, "which run of the store committed the row (1 = the first)"},
      {"cost/seconds", T::f64, {P}, "wall seconds per phase: " + names + " (a unit's shared training: its own)"},
      {"cost/peak_bytes", T::f64, {P}, "peak resident memory of the worker during each phase"},
      {"cost/write_seconds", T::f64, {}, "seconds to write this row's data"},
  };
  c.insert(c.end(), core.begin(), core.end());
  c.insert(c.end(), study.begin(), study.end());
  return c;
}

}  // namespace wmsweep
