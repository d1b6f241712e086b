#include "sweep/extend.h"

#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "sweep/units.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

// A grid point's values, exactly (bit patterns): the same point in two grids has the same key.
std::vector<uint64_t> point_key(const GridPoint& p) {
  std::vector<uint64_t> key;
  for (const GridAxis& a : p.axes()) {
    if (a.whole) {
      key.push_back(static_cast<uint64_t>(p.whole(a.name)));
    } else {
      const double v = p.real(a.name);
      uint64_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      key.push_back(bits);
    }
  }
  return key;
}

}  // namespace

void check_extension(const Spec& stored, const Spec& spec, const StoreReader& store,
                     const std::string& path) {
  if (stored.adaptive.on)
    throw InputError(path + " holds an adaptive sweep: its seeds were chosen from its own "
                     "results, which a wider grid would change; run the wider spec into a new "
                     "--store");
  if (store.header().shard != Shard{}.text())
    throw InputError(path + " holds shard " + store.header().shard + " of its sweep: a shard "
                     "cannot grow (its units would move between shards); extend a whole-grid "
                     "store, or submit the new spec to a new run folder");
  const std::vector<Column> before = sweep_columns(stored, store.header().save_weights);
  const std::vector<Column> after = sweep_columns(spec, store.header().save_weights);
  for (const Column& a : before)
    for (const Column& b : after)
      if (a.name == b.name && (a.shape != b.shape || a.type != b.type))
        throw InputError(path + ": the added grid values change the per-network arrays of " +
                         a.name + " (e.g. a larger n pads every row to it): such a sweep cannot "
                         "grow in place; give a new --store");
  if (before.size() != after.size())
    throw InputError(path + ": the added grid values change the store's columns: give a new --store");
}

int64_t extend_store(const std::string& path, const Spec& stored, const Spec& spec,
                     const StoreHeader& header, const std::vector<Column>& columns) {
  std::vector<int64_t> jobs(static_cast<size_t>(spec.grid().size()));
  for (size_t j = 0; j < jobs.size(); ++j) jobs[j] = static_cast<int64_t>(j);
  return copy_into_new_store(path, stored, path, spec, jobs, header, columns);
}

int64_t copy_into_new_store(const std::string& from, const Spec& stored, const std::string& to,
                            const Spec& spec, const std::vector<int64_t>& jobs,
                            const StoreHeader& header, const std::vector<Column>& columns) {
  const Grid old_grid = stored.grid(), grid = spec.grid();
  std::map<std::vector<uint64_t>, int64_t> row_of;  // a point of `jobs` → its row
  for (size_t r = 0; r < jobs.size(); ++r) row_of[point_key(grid.point(jobs[r]))] = static_cast<int64_t>(r);

  const std::string growing = to + ".growing";
  std::remove(growing.c_str());  // a stale one from a killed extension
  SweepStore::create(growing, header, columns, static_cast<int64_t>(jobs.size()), grid_prefill(grid, jobs));
  int64_t copied = 0;
  try {
    const StoreReader old(from);
    std::vector<std::string> grid_cols;
    for (const Column& c : spec.study->grid_columns()) grid_cols.push_back(c.name);
    std::set<std::string> own = {"job", "status", "reason", "session", "cost/write_seconds"};
    own.insert(grid_cols.begin(), grid_cols.end());
    SweepStore store = SweepStore::open_parallel(growing, MPI_COMM_SELF, columns, grid_cols);
    const std::vector<double> status = old.column("status"), job = old.column("job"),
                              session = old.column("session");
    const std::vector<std::string> reasons = old.reasons();
    for (int64_t r = 0; r < old.rows(); ++r) {
      if (status[static_cast<size_t>(r)] == kPending) continue;
      const auto at = row_of.find(point_key(old_grid.point(static_cast<int64_t>(job[static_cast<size_t>(r)]))));
      if (at == row_of.end()) continue;  // another shard's (the caller checked it is on the grid)
      Row row;
      row.status = static_cast<int>(status[static_cast<size_t>(r)]);
      row.session = static_cast<int>(session[static_cast<size_t>(r)]);
      row.reason = reasons[static_cast<size_t>(r)];
      row.write_seconds = old.row("cost/write_seconds", r).front();
      for (const Column& c : columns)
        if (!own.count(c.name)) row.values[c.name] = old.row(c.name, r);
      store.write_row(at->second, row);
      ++copied;
    }
    store.close();
  } catch (...) {
    std::remove(growing.c_str());
    throw;
  }
  if (std::rename(growing.c_str(), to.c_str()) != 0) {
    std::remove(growing.c_str());
    throw StoreWriteError(to + ": cannot move the grown store into place");
  }
  return copied;
}

}  // namespace wmsweep
