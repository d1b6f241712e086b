#include "store/rowfile.h"

#include <algorithm>
#include <vector>

#include "store/h5.h"

namespace wmsweep {

void write_row_file(const std::string& path, const std::string& spec_text, const std::string& study,
                    int64_t job, const std::vector<Prefill>& grid,
                    const std::vector<Column>& columns, const Row& row) {
  h5::File f = h5::File::create(path);
  f.attr("/", "schema", std::string(kRowFileSchema));
  f.attr("/", "study", study);
  f.attr("/", "job", static_cast<long long>(job));
  for (const Prefill& p : grid) {
    if (!p.wholes.empty()) f.attr("/", p.column, static_cast<long long>(p.wholes.front()));
    else f.attr("/", p.column, p.reals.front());
  }
  f.attr("/", "status", std::string(row.status == 1 ? "ok" : "failed"));
  f.attr("/", "reason", row.reason);
  f.write_text("spec", spec_text);
  auto in_grid = [&grid](const std::string& name) {
    return std::any_of(grid.begin(), grid.end(), [&](const Prefill& p) { return p.column == name; });
  };
  for (const Column& c : columns) {
    const bool core = c.name == "job" || c.name == "status" || c.name == "session";
    if (core || c.type == ColumnType::text || in_grid(c.name)) continue;
    const auto it = row.values.find(c.name);
    std::vector<double> v = it != row.values.end()
                                ? it->second
                                : std::vector<double>(c.count(), missing_value(c.type));
    f.write_shaped(c.name, std::vector<hsize_t>(c.shape.begin(), c.shape.end()), v);
  }
}

}  // namespace wmsweep
