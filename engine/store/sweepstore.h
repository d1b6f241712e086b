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

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/schema.h"

namespace wmsweep {

// One row's values: column name → its values in row-major order of the per-row shape.
// A column left out is written as NaN (−1 for integer columns).
struct Row {
  std::map<std::string, std::vector<double>> values;
  std::string reason;
  int status = 0;   // 1 ok, 2 failed
  int session = 0;
  double write_seconds = std::nan("");  // NaN: measured by write_row; else kept (a copied row)
};

// What create() records at the root, and what a reader gets back.
struct StoreHeader {
  std::string schema, spec_text, shard, engine;
  std::string study;      // the spec's study ("" in stores made before there were two)
  std::string inputs;     // a digest of the spec's input files when the store was created
  int64_t grid_size = 0;  // jobs in the whole sweep (this store may hold a shard of them)
  bool save_weights = false;
  std::vector<std::string> phases;  // cost/seconds order
  // The study's own root attributes (sizes, vocabularies for older readers): written at
  // creation, not read back.
  std::vector<std::pair<std::string, std::string>> texts;
  std::vector<std::pair<std::string, int64_t>> numbers;
  std::vector<Axis> axes;  // written at creation; not read back
};

// Values written when a store is created: the job and grid columns of every row.
struct Prefill {
  std::string column;
  std::vector<int64_t> wholes;  // exact (a job or a seed may pass 2^53)
  std::vector<double> reals;    // used when wholes is empty
};

class SweepStore {
 public:
  // Rank 0 alone, before anyone opens it: every column allocated for `rows` rows, the
  // prefilled ones written, status 0.
  static void create(const std::string& path, const StoreHeader& header,
                     const std::vector<Column>& columns, int64_t rows,
                     const std::vector<Prefill>& prefill);
  // Every rank of `comm` (collective). Refuses a file whose datasets differ from `columns`.
  // Rows are then written independently; write_row leaves the `prefilled` columns alone.
  static SweepStore open_parallel(const std::string& path, MPI_Comm comm,
                                  const std::vector<Column>& columns,
                                  const std::vector<std::string>& prefilled);
  SweepStore(SweepStore&& o) noexcept;
  SweepStore(const SweepStore&) = delete;
  ~SweepStore();

  // Writes every column of row `row`, then its status; returns seconds spent on the data.
  double write_row(int64_t row, const Row& values);
  // A unit's training is done: writes only `values`' columns (the study's kept columns) and
  // the session, then status 3 (trained). The row stays pending; write_row later writes it whole.
  void mark_trained(int64_t row, const Row& values);
  // An adaptive sweep stopped without this row (sweep/adaptive.h): its session, then status 4.
  void mark_skipped(int64_t row, int session);
  // Row `row`'s status and the named columns, as the last write left them: a resume reads a
  // trained row's kept columns back. Independent I/O, like the writes.
  Row read_row(int64_t row, const std::vector<std::string>& names) const;
  void flush();  // collective: what every rank wrote reaches the file (MPI_File_sync)
  void close();  // collective

 private:
  SweepStore() = default;
  // a column's open dataset and its schema entry; std::logic_error when the schema lacks it
  std::pair<hid_t, const Column&> column_set(const std::string& name) const;
  void mark(int64_t row, const Row& values, int status);  // values' columns, session, then status
  std::string path_;
  hid_t file_ = -1;
  std::vector<Column> columns_;
  std::vector<std::string> prefilled_;
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
  // Every dataset of the file but /spec and /axes/*, as the file describes it (its type,
  // per-row shape, meaning and categories).
  const std::vector<Column>& columns() const { return columns_; }
  const Column* find(const std::string& column) const;  // nullptr when absent
  bool has(const std::string& column) const { return find(column) != nullptr; }
  // All rows of a column, row-major: rows × column.count() values
  std::vector<double> column(const std::string& name) const;
  // One row of a column: column.count() values
  std::vector<double> row(const std::string& name, int64_t row) const;
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
