#include "sweep/units.h"

#include <algorithm>
#include <cstdio>

#include "util/errors.h"

namespace wmsweep {

Shard parse_shard(const std::string& text) {
  Shard s;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &s.index, &s.count, &tail) != 2 || s.count < 1 ||
      s.index < 0 || s.index >= s.count)
    throw InputError("--shard " + text + ": expected I/K with 0 <= I < K, e.g. --shard 2/10");
  return s;
}

std::vector<std::vector<int64_t>> make_units(const Grid& grid, int group_max) {
  std::vector<std::vector<int64_t>> units;
  for (int64_t job = 0; job < grid.size();) {
    const int64_t end = grid.weight_group(job).second;
    while (job < end) {
      units.emplace_back();
      for (const int64_t stop = std::min<int64_t>(end, job + group_max); job < stop; ++job)
        units.back().push_back(job);
    }
  }
  return units;
}

std::vector<std::vector<int64_t>> make_units(const Grid& grid, int group_max, const std::vector<int64_t>& jobs) {
  std::vector<std::vector<int64_t>> units;
  for (int64_t job : jobs) {
    if (units.empty() || static_cast<int>(units.back().size()) >= group_max ||
        grid.weight_group(job) != grid.weight_group(units.back().front()))
      units.emplace_back();
    units.back().push_back(job);
  }
  return units;
}

ShardPlan plan_shard(const Grid& grid, int group_max, const Shard& shard) {
  ShardPlan plan;
  const auto units = make_units(grid, group_max);
  for (size_t u = static_cast<size_t>(shard.index); u < units.size();
       u += static_cast<size_t>(shard.count)) {
    plan.units.emplace_back();
    for (int64_t job : units[u]) {
      plan.units.back().push_back(static_cast<int64_t>(plan.jobs.size()));
      plan.jobs.push_back(job);
    }
  }
  return plan;
}

}  // namespace wmsweep
