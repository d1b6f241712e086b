#include "sweep/aggregate.h"

#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "store/lock.h"
#include "store/sweepstore.h"
#include "sweep/spec.h"
#include "sweep/units.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

namespace fs = std::filesystem;

using Shards = std::vector<std::unique_ptr<StoreReader>>;


// The shards are of one sweep: one spec, one shard count, each shard once.
void check_shards(const std::vector<std::string>& files, const Shards& shards) {
  const StoreHeader& first = shards.front()->header();
  std::set<int> indices;
  int count = -1;
  for (size_t s = 0; s < shards.size(); ++s) {
    const StoreHeader& h = shards[s]->header();
    if (h.spec_text != first.spec_text)
      throw InputError(files[s] + " holds another spec than " + files.front() +
                       ": shards of different sweeps cannot be joined");
    if (h.inputs != first.inputs)
      throw InputError(files[s] + " was run on other input files than " + files.front() +
                       " (" + h.inputs + " vs " + first.inputs + "): shards of different data "
                       "cannot be joined");
    if (h.save_weights != first.save_weights)
      throw InputError(files[s] + ": --save-weights differs from " + files.front());
    const Shard shard = parse_shard(h.shard);
    if (count >= 0 && shard.count != count)
      throw InputError(files[s] + " is shard " + h.shard + ", the others are of " +
                       std::to_string(count) + " shards");
    count = shard.count;
    if (!indices.insert(shard.index).second)
      throw InputError(files[s] + ": shard " + h.shard + " is given twice");
  }
}

// Every committed row of every shard into row `job` of the store at `path`.
AggregateReport join_rows(const std::vector<std::string>& files, const Shards& shards,
                          const Spec& spec, const std::string& path) {
  const Grid grid = spec.grid();
  const bool weights = shards.front()->header().save_weights;
  AggregateReport report;
  report.jobs = grid.size();
  std::vector<std::string> owner(static_cast<size_t>(grid.size()));
  std::vector<std::string> grid_cols;
  for (const Column& c : spec.study->grid_columns()) grid_cols.push_back(c.name);
  const std::vector<Column> declared = sweep_columns(spec, weights);
  SweepStore store = SweepStore::open_parallel(path, MPI_COMM_SELF, declared, grid_cols);
  // written by create() from the grid, or by write_row itself
  std::set<std::string> own = {"job", "status", "reason", "session", "cost/write_seconds"};
  own.insert(grid_cols.begin(), grid_cols.end());
  for (size_t s = 0; s < shards.size(); ++s) {
    const StoreReader& shard = *shards[s];
    const std::vector<double> status = shard.column("status"), job = shard.column("job"),
                              session = shard.column("session");
    const std::vector<std::string> reasons = shard.reasons();
    std::map<std::string, std::vector<double>> columns;  // the spec's columns (a dataset added
    for (const Column& c : declared)                     // by hand is not the sweep's)
      if (!own.count(c.name)) columns[c.name] = shard.column(c.name);
    for (int64_t r = 0; r < shard.rows(); ++r) {
      if (!is_committed(status[r]) && status[r] != kSkipped) continue;  // pending: nothing committed
      const int64_t j = static_cast<int64_t>(job[r]);
      if (j < 0 || j >= grid.size())
        throw InputError(files[s] + ": job " + std::to_string(j) + " is not on the grid");
      if (!owner[j].empty())
        throw InputError("job " + std::to_string(j) + " is committed in both " + owner[j] +
                         " and " + files[s]);
      owner[j] = files[s];
      if (status[r] == kSkipped) {  // an adaptive sweep's (one task): not needed, not missing
        store.mark_skipped(j, static_cast<int>(session[r]));
        ++report.skipped;
        continue;
      }
      Row row;
      row.status = static_cast<int>(status[r]);
      row.session = static_cast<int>(session[r]);
      row.reason = reasons[static_cast<size_t>(r)];
      for (const auto& [name, values] : columns) {
        const size_t per = values.size() / static_cast<size_t>(shard.rows());
        row.values[name].assign(values.begin() + r * per, values.begin() + (r + 1) * per);
      }
      store.write_row(j, row);
      if (row.status == 1) {
        ++report.ok;
      } else {
        ++report.failed;
        report.failures.push_back("job " + std::to_string(j) + ": " + row.reason);
      }
    }
  }
  store.close();
  for (int64_t j = 0; j < grid.size(); ++j)
    if (owner[j].empty()) report.missing.push_back(j);
  return report;
}

}  // namespace

std::vector<std::string> shard_files(const std::vector<std::string>& inputs) {
  if (inputs.size() != 1 || !fs::is_directory(inputs.front())) return inputs;
  const fs::path dir = inputs.front();
  std::vector<std::string> out;
  for (const fs::path& where : {dir / "shards", dir}) {
    if (!fs::is_directory(where)) continue;
    for (const auto& e : fs::directory_iterator(where))
      if (e.path().extension() == ".h5") out.push_back(e.path().string());
    if (!out.empty()) break;
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) throw InputError(dir.string() + ": no shard stores (*.h5) in it or in its shards/");
  return out;
}

AggregateReport aggregate_stores(const std::vector<std::string>& inputs, const std::string& out) {
  const std::vector<std::string> files = shard_files(inputs);
  if (files.empty()) throw InputError("aggregate: give the shard stores or their folder");
  Shards shards;
  for (const std::string& f : files) shards.push_back(std::make_unique<StoreReader>(f));
  check_shards(files, shards);
  const StoreHeader& first = shards.front()->header();
  const Spec spec = parse_spec(first.spec_text, files.front() + " (stored spec)");
  for (size_t s = 0; s < files.size(); ++s) check_store_columns(*shards[s], spec, files[s]);
  const Grid grid = spec.grid();

  StoreHeader header = first;
  header.shard = Shard{}.text();  // the whole grid, as one store
  header.grid_size = grid.size();
  header.study = spec.study->study();
  header.phases = spec.study->phases();
  header.axes = spec.study->curve_axes();
  header.texts.clear();
  header.numbers.clear();
  spec.study->describe(header);
  std::vector<int64_t> jobs(static_cast<size_t>(grid.size()));
  for (int64_t j = 0; j < grid.size(); ++j) jobs[static_cast<size_t>(j)] = j;
  check_store_name(out);
  const std::string joining = out + ".joining";
  SweepStore::create(joining, header, sweep_columns(spec, first.save_weights), grid.size(),
                     grid_prefill(grid, jobs));
  try {
    AggregateReport report = join_rows(files, shards, spec, joining);
    if (std::rename(joining.c_str(), out.c_str()) != 0)
      throw InputError(out + ": cannot move the joined file into place");
    return report;
  } catch (...) {
    std::remove(joining.c_str());  // nothing half-joined is left behind
    throw;
  }
}

}  // namespace wmsweep
