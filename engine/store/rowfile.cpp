#include "store/rowfile.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "store/h5.h"

namespace wmsweep {

void write_row_file(const std::string& path, const std::string& spec_text, const StoreShape& shape,
                    const GridPoint& point, const Row& row) {
  h5::File f = h5::File::create(path);
  f.attr("/", "schema", std::string(kRowFileSchema));
  f.attr("/", "study", shape.study);
  f.attr("/", "job", static_cast<long long>(point.job));
  const auto& grid = grid_columns(shape.study);
  const std::vector<Column> columns = store_columns(shape);
  for (const std::string& c : grid) {
    const auto col = std::find_if(columns.begin(), columns.end(), [&](const Column& k) { return k.name == c; });
    if (c == "seed") f.attr("/", c, static_cast<long long>(point.seed));  // exact beyond 2^53
    else if (col != columns.end() && col->type != ColumnType::f64) f.attr("/", c, std::llround(point.value(c)));
    else f.attr("/", c, point.value(c));
  }
  f.attr("/", "status", std::string(row.status == 1 ? "ok" : "failed"));
  f.attr("/", "reason", row.reason);
  f.write_text("spec", spec_text);
  for (const Column& c : columns) {
    const bool core = c.name == "job" || c.name == "status" || c.name == "reason" || c.name == "session";
    if (core || c.type == ColumnType::text || std::find(grid.begin(), grid.end(), c.name) != grid.end())
      continue;
    const auto it = row.values.find(c.name);
    std::vector<double> v = it != row.values.end()
                                ? it->second
                                : std::vector<double>(c.count(), missing_value(c.type));
    f.write_shaped(c.name, std::vector<hsize_t>(c.shape.begin(), c.shape.end()), v);
  }
}

}  // namespace wmsweep
