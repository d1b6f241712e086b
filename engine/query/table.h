#pragma once
// What every study's `wmsweep query` shares (studies/*/report.cpp): --by and --where over the
// grid columns, counts with Wilson intervals, and the cells of a table, CSV or JSON row.
// Reads stores through store/ and never writes; knows no study.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "store/schema.h"
#include "store/sweepstore.h"

namespace wmsweep {

std::pair<double, double> wilson_interval(int64_t k, int64_t n, double z = 1.959963984540054);

// --where "g=1.2,fb=5" or "activation=retanh": (column, value as written)
using Where = std::vector<std::pair<std::string, std::string>>;
Where parse_where(const std::string& text);  // throws InputError naming the item

// `grid`: the study's grid columns (a categorical one decodes its values by name).
void check_by(const std::vector<Column>& grid, const std::vector<std::string>& by,
              const char* flag = "--by");
// Whether each row matches every --where condition (values as stored, compared to 1e-12); a
// value no row has is an InputError listing the column's values.
std::vector<bool> selected(const StoreReader& store, const std::vector<Column>& grid, const Where& where);
// The --by values of every row.
std::vector<std::vector<double>> row_keys(const StoreReader& store, const std::vector<std::string>& by);

// Cells: a number as %g, fixed digits, an estimate ("missing" for NaN), "[lo, hi]" or "-".
std::string number(double v);
std::string fixed(double v, int digits);
std::string estimate(double v, const char* missing);
std::string interval(double lo, double hi);
// The value of grid column `name`: its category's name, or the number.
std::string key_text(const std::vector<Column>& grid, const std::string& name, double value);
// A table's first cells: the --by names, or a row's values (each as wide as its name, 8 at least).
std::string key_cells(const std::vector<std::string>& names);
std::string key_cells(const std::vector<Column>& grid, const std::vector<std::string>& by,
                      const std::vector<double>& values);
// InputError unless format is table, csv or json.
void check_format(const std::string& format);

}  // namespace wmsweep
