#pragma once
// The sweep store: one HDF5 file per MPI job (or shard), schema in store/schema.h.
//
// Crash safety comes from the layout, not from flushing: the file is created complete (every
// dataset allocated, contiguous, hyperparameters and status = 0 written) under a temporary
// name and renamed into place; after that a run only overwrites raw bytes inside allocated
// datasets, so no HDF5 metadata ever changes and a kill -9 at any moment leaves a file that
// opens. Within a row every column is written before `status`, the commit mark.
#include <hdf5.h>
#include <mpi.h>

#include <map>
#include <string>
#include <vector>

#include "store/schema.h"
#include "sweep/grid.h"

namespace wmsweep {

// One row's values: column name → its values in row-major order of the per-row shape.
// A column left out is written as NaN (−1 for integer columns).
struct Row {
  std::map<std::string, std::vector<double>> values;
  std::string reason;
  int status = 0;   // 1 ok, 2 failed
  int session = 0;
};

// What create() records at the root, and what a reader gets back.
struct StoreHeader {
  std::string schema, spec_text, shard, engine;
  std::string inputs;     // input_files_digest() of the spec when the store was created
  int64_t grid_size = 0;  // jobs in the whole sweep (this store may hold a shard of them)
  StoreShape shape;
  std::vector<Axis> axes;  // written at creation; not read back
};

class SweepStore {
 public:
  // Rank 0 alone, before anyone opens it. `points` are this store's rows, in row order.
  static void create(const std::string& path, const StoreHeader& header,
                     const std::vector<GridPoint>& points);
  // Every rank of `comm` (collective). Rows are then written independently.
  static SweepStore open_parallel(const std::string& path, MPI_Comm comm);
  SweepStore(SweepStore&& o) noexcept;
  SweepStore(const SweepStore&) = delete;
  ~SweepStore();

  // Writes every column of row `row`, then its status; returns seconds spent on the data.
  double write_row(int64_t row, const Row& values);
  void close();  // collective

 private:
  SweepStore() = default;
  std::string path_;
  hid_t file_ = -1;
  StoreShape shape_;
  std::vector<Column> columns_;
  std::map<std::string, hid_t> sets_;
};

// Opens the store's metadata once in a child process: should libhdf5 crash or hang on
// damaged bytes, the child dies and this throws InputError ("damaged store") instead. Does
// nothing once MPI is initialised (an MPI process must not fork): `run` and `aggregate` probe
// their stores before MPI_Init. StoreReader probes by itself.
void probe_store(const std::string& path);

// Read-only access for status, query, aggregate and tests; works while a run writes.
class StoreReader {
 public:
  explicit StoreReader(const std::string& path, bool probe = true);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;

  const StoreHeader& header() const { return header_; }
  int64_t rows() const { return rows_; }
  const std::vector<Column>& columns() const { return columns_; }
  bool has(const std::string& column) const;
  // All rows of a column, row-major: rows × column.count() values
  std::vector<double> column(const std::string& name) const;
  std::vector<std::string> reasons() const;

 private:
  std::string path_;
  hid_t file_ = -1;
  StoreHeader header_;
  int64_t rows_ = 0;
  std::vector<Column> columns_;
};

// Whole-column rewrites of a closed store that no run holds (`wmsweep relabel`): serial, on a
// file the caller has copied aside. Reads any wmsweep-store schema; the caller decides what
// to rewrite and sets the schema attribute last.
class StoreEditor {
 public:
  explicit StoreEditor(const std::string& path);
  ~StoreEditor();
  StoreEditor(const StoreEditor&) = delete;

  std::string attr(const std::string& name) const;  // a string attribute of the root ("" if none)
  std::string spec_text() const;                    // the stored spec ("" if none)
  void set_attr(const std::string& name, const std::string& value);
  int64_t rows() const { return rows_; }
  bool has(const std::string& name) const;
  std::vector<double> read(const std::string& name) const;  // rows × per-row values
  // All rows of a column (rows × c.count() values); creates the dataset when it is missing.
  void write(const Column& c, const std::vector<double>& values);
  void close();

 private:
  std::string path_;
  hid_t file_ = -1;
  int64_t rows_ = 0;
};

}  // namespace wmsweep
