#include "store/sweepstore.h"

#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <stdexcept>

#include "util/errors.h"

namespace wmsweep {
namespace {

struct Handle {  // closes an HDF5 id of any kind at scope exit
  hid_t id;
  herr_t (*close)(hid_t);
  ~Handle() {
    if (id >= 0) close(id);
  }
};

hid_t file_type(ColumnType t) {
  switch (t) {
    case ColumnType::f64: return H5T_IEEE_F64LE;
    case ColumnType::i64: return H5T_STD_I64LE;
    case ColumnType::i32: return H5T_STD_I32LE;
    case ColumnType::i8: return H5T_STD_I8LE;
    case ColumnType::text: break;
  }
  static const hid_t text = [] {
    hid_t s = H5Tcopy(H5T_C_S1);
    H5Tset_size(s, kReasonBytes);
    H5Tset_strpad(s, H5T_STR_NULLPAD);
    return s;
  }();
  return text;
}

std::vector<hsize_t> dims_of(const Column& c, int64_t rows) {
  std::vector<hsize_t> d{static_cast<hsize_t>(rows)};
  for (uint64_t s : c.shape) d.push_back(s);
  return d;
}

// Row `row` of a dataset: a (1, shape…) hyperslab
hid_t select_row(hid_t set, int64_t row) {
  const hid_t space = H5Dget_space(set);
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(rank), start(rank, 0), count(rank);
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  count = dims;
  start[0] = static_cast<hsize_t>(row);
  count[0] = 1;
  H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  return space;
}

// Row `row` of a dataset from (write) or into (read) `count` values of mem_type in memory; false
// when HDF5 refuses. Every row transfer of this file goes through here.
bool write_row_of(hid_t set, int64_t row, hid_t mem_type, hsize_t count, const void* data) {
  const Handle file_space{select_row(set, row), H5Sclose};
  const Handle mem_space{H5Screate_simple(1, &count, nullptr), H5Sclose};
  return H5Dwrite(set, mem_type, mem_space.id, file_space.id, H5P_DEFAULT, data) >= 0;
}

bool read_row_of(hid_t set, int64_t row, hid_t mem_type, hsize_t count, void* data) {
  const Handle file_space{select_row(set, row), H5Sclose};
  const Handle mem_space{H5Screate_simple(1, &count, nullptr), H5Sclose};
  return H5Dread(set, mem_type, mem_space.id, file_space.id, H5P_DEFAULT, data) >= 0;
}

void put_attr(hid_t obj, const char* name, const std::string& value) {
  const Handle type{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(type.id, std::max<size_t>(1, value.size()));
  const Handle space{H5Screate(H5S_SCALAR), H5Sclose};
  const Handle a{H5Acreate2(obj, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
  if (a.id < 0 || H5Awrite(a.id, type.id, value.c_str()) < 0)
    throw InputError(std::string("cannot write attribute ") + name);
}
void put_attr(hid_t obj, const char* name, int64_t value) {
  const Handle space{H5Screate(H5S_SCALAR), H5Sclose};
  const Handle a{H5Acreate2(obj, name, H5T_STD_I64LE, space.id, H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
  if (a.id < 0 || H5Awrite(a.id, H5T_NATIVE_INT64, &value) < 0)
    throw InputError(std::string("cannot write attribute ") + name);
}
bool get_attr(hid_t obj, const char* name, std::string& out) {
  if (H5Aexists(obj, name) <= 0) return false;
  const Handle a{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  const Handle type{H5Aget_type(a.id), H5Tclose};
  if (H5Tget_class(type.id) != H5T_STRING || H5Tis_variable_str(type.id) > 0) return false;
  std::string buf(H5Tget_size(type.id), '\0');
  const Handle mem{H5Tcopy(type.id), H5Tclose};
  if (H5Aread(a.id, mem.id, buf.data()) < 0) return false;
  out = buf.substr(0, buf.find('\0'));
  return true;
}
bool get_attr(hid_t obj, const char* name, int64_t& out) {
  if (H5Aexists(obj, name) <= 0) return false;
  const Handle a{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  return H5Aread(a.id, H5T_NATIVE_INT64, &out) >= 0;
}

// The spec's text as a scalar string dataset `/spec`: an attribute holds at most 64 KB, and a
// spec of 12,000 seeds is larger.
void put_text(hid_t file, const char* name, const std::string& value) {
  const Handle type{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(type.id, std::max<size_t>(1, value.size()));
  const Handle space{H5Screate(H5S_SCALAR), H5Sclose};
  const Handle set{H5Dcreate2(file, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose};
  if (set.id < 0 || H5Dwrite(set.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, value.c_str()) < 0)
    throw InputError(std::string("cannot write dataset ") + name);
}
bool get_text(hid_t file, const char* name, std::string& out) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return false;
  const Handle set{H5Dopen2(file, name, H5P_DEFAULT), H5Dclose};
  if (set.id < 0) return false;
  const Handle type{H5Dget_type(set.id), H5Tclose};
  const Handle space{H5Dget_space(set.id), H5Sclose};
  if (H5Tget_class(type.id) != H5T_STRING || H5Tis_variable_str(type.id) > 0 ||
      H5Sget_simple_extent_type(space.id) != H5S_SCALAR)
    return false;
  const size_t size = H5Tget_size(type.id);
  if (size == 0 || size > (size_t{64} << 20)) return false;
  std::string buf(size, '\0');
  if (H5Dread(set.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) return false;
  out = buf.substr(0, buf.find('\0'));
  return true;
}
// Stores before the dataset kept the spec as a root attribute.
bool get_spec(hid_t file, std::string& out) {
  return get_text(file, "spec", out) || get_attr(file, "spec", out);
}

std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& p : items) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t from = 0;
  while (!text.empty()) {
    const size_t comma = text.find(',', from);
    out.push_back(text.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  return out;
}

void write_header(hid_t file, const StoreHeader& h) {
  put_attr(file, "schema", std::string(kStoreSchema));
  put_text(file, "spec", h.spec_text);
  put_attr(file, "shard", h.shard);
  put_attr(file, "engine", h.engine);
  put_attr(file, "input_files", h.inputs);
  put_attr(file, "grid_size", h.grid_size);
  put_attr(file, "study", h.study);
  put_attr(file, "cost_phases", comma_list(h.phases));
  put_attr(file, "save_weights", static_cast<int64_t>(h.save_weights));
  for (const auto& [name, value] : h.texts) put_attr(file, name.c_str(), value);
  for (const auto& [name, value] : h.numbers) put_attr(file, name.c_str(), value);
}

StoreHeader read_header(hid_t file, const std::string& path) {
  StoreHeader h;
  if (!get_attr(file, "schema", h.schema))
    throw InputError(path + ": not a wmsweep store (no schema attribute)");
  if (h.schema == kStoreSchemaV1)
    throw InputError(path + ": store schema " + h.schema + " (labels by the earlier rule, no "
                     "\"trained\" column); `wmsweep relabel " + path + "` brings it to " +
                     kStoreSchema + " without recomputing any network");
  if (h.schema != kStoreSchema)
    throw InputError(path + ": store schema " + h.schema + ", this wmsweep reads " + kStoreSchema);
  int64_t weights = 0;
  std::string phases;
  const bool ok = get_spec(file, h.spec_text) && get_attr(file, "shard", h.shard) &&
                  get_attr(file, "engine", h.engine) && get_attr(file, "grid_size", h.grid_size) &&
                  get_attr(file, "save_weights", weights) && get_attr(file, "cost_phases", phases);
  if (!ok) throw InputError(path + ": store header is incomplete (damaged file?)");
  h.save_weights = weights != 0;
  h.phases = split_commas(phases);
  get_attr(file, "study", h.study);         // the first stores: none recorded (the registry's default)
  get_attr(file, "input_files", h.inputs);  // stores before input hashes: none recorded
  return h;
}

// Why a write failed, as far as the file system tells: ENOSPC (or a device with no room
// left), EDQUOT, EIO; the data rows are allocated at creation, so a full disk shows up
// wherever MPI-IO or the file system defers allocation.
std::string write_failure_cause(const std::string& path, int error) {
  const std::string folder = [&] {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1);
  }();
  struct statvfs fs;
  const bool full = statvfs(folder.c_str(), &fs) == 0 &&
                    static_cast<double>(fs.f_bavail) * static_cast<double>(fs.f_frsize) < 65536.0;
  if (error == ENOSPC || full)
    return ": no space left on the device holding it; free some space and run the same command "
           "again to resume";
  if (error == EDQUOT) return ": disk quota exceeded; free some space and run again to resume";
  if (error != 0) return std::string(": ") + std::strerror(error);
  return " (the file system refused the write)";
}

// Every dataset of the schema exists with the extent the schema gives it (rows, shape…): a
// store whose datasets disagree (damaged, or edited by hand) is refused before any read or
// write could run past a buffer.
void check_extents(hid_t file, const std::vector<Column>& columns, const std::string& path,
                   int64_t& rows) {
  rows = -1;
  for (const Column& c : columns) {
    if (H5Lexists(file, c.name.c_str(), H5P_DEFAULT) <= 0)
      throw InputError(path + ": store has no dataset " + c.name + " (damaged file?)");
    const Handle set{H5Dopen2(file, c.name.c_str(), H5P_DEFAULT), H5Dclose};
    if (set.id < 0) throw InputError(path + ": cannot open dataset " + c.name + " (damaged file?)");
    const Handle space{H5Dget_space(set.id), H5Sclose};
    const int rank = space.id < 0 ? -1 : H5Sget_simple_extent_ndims(space.id);
    std::vector<hsize_t> dims(static_cast<size_t>(std::max(rank, 0)));
    if (rank != static_cast<int>(c.shape.size()) + 1 ||
        H5Sget_simple_extent_dims(space.id, dims.data(), nullptr) < 0)
      throw InputError(path + ": dataset " + c.name + " has " + std::to_string(rank) +
                       " dimensions, the schema " + std::to_string(c.shape.size() + 1) + " (damaged file?)");
    if (rows < 0) rows = static_cast<int64_t>(dims[0]);
    const std::vector<hsize_t> want = dims_of(c, rows);
    if (dims != want) {
      auto text = [](const std::vector<hsize_t>& d) {
        std::string out = "(";
        for (size_t k = 0; k < d.size(); ++k) out += (k ? ", " : "") + std::to_string(d[k]);
        return out + ")";
      };
      throw InputError(path + ": dataset " + c.name + " is " + text(dims) + ", the schema says " +
                       text(want) + " (damaged file?)");
    }
  }
}

// The per-row columns of a store, as the file describes them: every dataset but /spec and
// /axes/* of at least one dimension and a column's type, by name (H5Ovisit's name order). A dataset of another kind,
// added by hand, is not a column and is left out.
std::vector<Column> list_columns(hid_t file, const std::string& path) {
  struct Visit {
    std::vector<std::string> names;
  } visit;
  auto callback = [](hid_t, const char* name, const H5O_info_t* info, void* data) -> herr_t {
    const std::string n(name);
    if (info->type == H5O_TYPE_DATASET && n != "spec" && n.rfind("axes/", 0) != 0)
      static_cast<Visit*>(data)->names.push_back(n);
    return 0;
  };
  if (H5Ovisit(file, H5_INDEX_NAME, H5_ITER_NATIVE, callback, &visit) < 0)
    throw InputError(path + ": cannot list the store's datasets (damaged file?)");
  std::vector<Column> out;
  for (const std::string& name : visit.names) {
    const Handle set{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
    if (set.id < 0) throw InputError(path + ": cannot open dataset " + name + " (damaged file?)");
    const Handle type{H5Dget_type(set.id), H5Tclose};
    const Handle space{H5Dget_space(set.id), H5Sclose};
    const int rank = space.id < 0 ? -1 : H5Sget_simple_extent_ndims(space.id);
    if (rank < 1 || rank > 8) continue;
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
    Column c{name, ColumnType::f64, {dims.begin() + 1, dims.end()}, ""};
    const H5T_class_t cls = H5Tget_class(type.id);
    const size_t size = H5Tget_size(type.id);
    if (cls == H5T_STRING && size == kReasonBytes && rank == 1) c.type = ColumnType::text;
    else if (cls == H5T_FLOAT && size == 8) c.type = ColumnType::f64;
    else if (cls == H5T_INTEGER && size == 8) c.type = ColumnType::i64;
    else if (cls == H5T_INTEGER && size == 4) c.type = ColumnType::i32;
    else if (cls == H5T_INTEGER && size == 1) c.type = ColumnType::i8;
    else continue;
    get_attr(set.id, "meaning", c.meaning);
    std::string categories;
    if (get_attr(set.id, "categories", categories)) c.categories = split_commas(categories);
    out.push_back(std::move(c));
  }
  return out;
}

// The first dimension of a dataset (−1 when it cannot be read).
int64_t first_extent(hid_t file, const std::string& name) {
  const Handle set{H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (set.id < 0) return -1;
  const Handle space{H5Dget_space(set.id), H5Sclose};
  hsize_t dims[8] = {0};
  if (space.id < 0 || H5Sget_simple_extent_ndims(space.id) < 1 ||
      H5Sget_simple_extent_ndims(space.id) > 8 || H5Sget_simple_extent_dims(space.id, dims, nullptr) < 0)
    return -1;
  return static_cast<int64_t>(dims[0]);
}

void write_whole(hid_t set, hid_t mem_type, const void* data, const std::string& path,
                 const std::string& what) {
  errno = 0;
  if (H5Dwrite(set, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    throw StoreWriteError(path + ": cannot write " + what + write_failure_cause(path, errno));
}

}  // namespace

void SweepStore::create(const std::string& path, const StoreHeader& header,
                        const std::vector<Column>& columns, int64_t rows,
                        const std::vector<Prefill>& prefill) {
  const std::string partial = path + ".partial";
  try {
    errno = 0;
    const Handle file{H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose};
    if (file.id < 0) throw InputError(partial + ": cannot create the store (is the folder writable?)");
    write_header(file.id, header);
    const Handle lcpl{H5Pcreate(H5P_LINK_CREATE), H5Pclose};
    H5Pset_create_intermediate_group(lcpl.id, 1);
    const Handle dcpl{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    H5Pset_layout(dcpl.id, H5D_CONTIGUOUS);
    H5Pset_alloc_time(dcpl.id, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dcpl.id, H5D_FILL_TIME_NEVER);
    for (const Column& c : columns) {
      const std::vector<hsize_t> dims = dims_of(c, rows);
      const Handle space{H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose};
      const Handle set{H5Dcreate2(file.id, c.name.c_str(), file_type(c.type), space.id, lcpl.id,
                                  dcpl.id, H5P_DEFAULT), H5Dclose};
      if (set.id < 0)
        throw StoreWriteError(partial + ": cannot create dataset " + c.name +
                              write_failure_cause(partial, errno));
      put_attr(set.id, "meaning", c.meaning);
      if (!c.categories.empty()) put_attr(set.id, "categories", comma_list(c.categories));
      // The grid and the pending status are written now; everything else by its row's worker.
      const auto fill = std::find_if(prefill.begin(), prefill.end(),
                                     [&c](const Prefill& p) { return p.column == c.name; });
      if (fill != prefill.end() && !fill->wholes.empty()) {
        if (fill->wholes.size() != static_cast<size_t>(rows))
          throw std::logic_error("prefill of " + c.name + ": wrong row count");
        write_whole(set.id, H5T_NATIVE_INT64, fill->wholes.data(), partial, c.name);
      } else if (fill != prefill.end() || c.name == "status") {
        std::vector<double> v = fill != prefill.end() ? fill->reals : std::vector<double>(static_cast<size_t>(rows), 0.0);
        if (v.size() != static_cast<size_t>(rows))
          throw std::logic_error("prefill of " + c.name + ": wrong row count");
        write_whole(set.id, H5T_NATIVE_DOUBLE, v.data(), partial, c.name);
      }
    }
    for (const Axis& axis : header.axes) {
      const hsize_t len = axis.values.size();
      const Handle space{H5Screate_simple(1, &len, nullptr), H5Sclose};
      const Handle set{H5Dcreate2(file.id, ("axes/" + axis.name).c_str(), H5T_IEEE_F64LE, space.id,
                                  lcpl.id, H5P_DEFAULT, H5P_DEFAULT), H5Dclose};
      if (set.id < 0) throw InputError(partial + ": cannot create dataset axes/" + axis.name);
      put_attr(set.id, "meaning", axis.meaning);
      if (len) write_whole(set.id, H5T_NATIVE_DOUBLE, axis.values.data(), partial, "axes/" + axis.name);
    }
    if (H5Fflush(file.id, H5F_SCOPE_GLOBAL) < 0)
      throw StoreWriteError(partial + ": cannot flush" + write_failure_cause(partial, errno));
  } catch (...) {
    std::remove(partial.c_str());  // no half store is left behind, under any name
    throw;
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0)
    throw InputError(path + ": cannot move the new store into place (" + std::strerror(errno) + ")");
}

SweepStore SweepStore::open_parallel(const std::string& path, MPI_Comm comm,
                                     const std::vector<Column>& columns,
                                     const std::vector<std::string>& prefilled) {
  SweepStore s;
  s.path_ = path;
  const Handle fapl{H5Pcreate(H5P_FILE_ACCESS), H5Pclose};
  H5Pset_fapl_mpio(fapl.id, comm, MPI_INFO_NULL);
  s.file_ = H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.id);
  if (s.file_ < 0) throw InputError(path + ": cannot open the store for writing");
  read_header(s.file_, path);
  s.columns_ = columns;
  s.prefilled_ = prefilled;
  int64_t rows = 0;
  check_extents(s.file_, s.columns_, path, rows);
  for (const Column& c : s.columns_) {
    const hid_t set = H5Dopen2(s.file_, c.name.c_str(), H5P_DEFAULT);
    if (set < 0) throw InputError(path + ": store has no dataset " + c.name + " (damaged file?)");
    s.sets_[c.name] = set;
  }
  return s;
}

SweepStore::SweepStore(SweepStore&& o) noexcept
    : path_(std::move(o.path_)), file_(o.file_), columns_(std::move(o.columns_)),
      prefilled_(std::move(o.prefilled_)), sets_(std::move(o.sets_)) {
  o.file_ = -1;
  o.sets_.clear();
}

SweepStore::~SweepStore() { close(); }

void SweepStore::flush() {
  if (file_ >= 0 && H5Fflush(file_, H5F_SCOPE_GLOBAL) < 0)
    throw StoreWriteError(path_ + ": cannot flush the store" + write_failure_cause(path_, errno));
}

void SweepStore::close() {
  for (auto& [name, set] : sets_) H5Dclose(set);
  sets_.clear();
  if (file_ >= 0) H5Fclose(file_);
  file_ = -1;
}

double SweepStore::write_row(int64_t row, const Row& r) {
  const auto t0 = std::chrono::steady_clock::now();
  auto write = [&](const Column& c, const void* data, hid_t mem_type) {
    errno = 0;
    if (!write_row_of(sets_.at(c.name), row, mem_type, c.count(), data))
      throw StoreWriteError(path_ + ": cannot write row " + std::to_string(row) + " of " + c.name +
                            write_failure_cause(path_, errno));
  };
  // A value for a column the schema lacks is a bug in a pipeline, and dropping it silently
  // would lose a result: refuse the row before a byte of it is written.
  for (const auto& [key, values] : r.values)
    if (!sets_.count(key))
      throw std::logic_error("row " + std::to_string(row) + ": no column " + key + " in " + path_ +
                             "'s schema (" + std::to_string(values.size()) + " values)");
  const Column* status = nullptr;
  const Column* write_seconds = nullptr;
  std::vector<double> buf;
  // Fault injection for tests/sweep/check_faults.sh: die by SIGKILL halfway through this
  // process's K-th row, the moment a real crash is most likely to leave a torn row.
  static const long kill_at = [] {
    const char* k = std::getenv("WMSWEEP_TEST_KILL_MID_ROW");
    return k ? std::atol(k) : 0L;
  }();
  static long rows_written = 0;
  const bool die_in_this_row = kill_at > 0 && ++rows_written == kill_at;
  size_t written = 0;
  for (const Column& c : columns_) {
    if (die_in_this_row && ++written == columns_.size() / 2) std::raise(SIGKILL);
    if (c.name == "job" ||
        std::find(prefilled_.begin(), prefilled_.end(), c.name) != prefilled_.end())
      continue;
    if (c.name == "status") { status = &c; continue; }
    if (c.name == "cost/write_seconds") { write_seconds = &c; continue; }
    if (c.type == ColumnType::text) {
      std::string text(kReasonBytes, '\0');
      std::memcpy(text.data(), r.reason.data(), std::min<size_t>(r.reason.size(), kReasonBytes - 1));
      write(c, text.data(), file_type(ColumnType::text));
      continue;
    }
    if (c.name == "session") {
      const double v = r.session;
      write(c, &v, H5T_NATIVE_DOUBLE);
      continue;
    }
    auto it = r.values.find(c.name);
    if (it != r.values.end() && it->second.size() != c.count())
      throw InputError("row " + std::to_string(row) + ": column " + c.name + " has " +
                       std::to_string(it->second.size()) + " values, the schema " +
                       std::to_string(c.count()));
    if (it == r.values.end()) {
      buf.assign(c.count(), missing_value(c.type));
      write(c, buf.data(), H5T_NATIVE_DOUBLE);
    } else {
      write(c, it->second.data(), H5T_NATIVE_DOUBLE);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double kept = std::isnan(r.write_seconds) ? seconds : r.write_seconds;
  write(*write_seconds, &kept, H5T_NATIVE_DOUBLE);
  const double mark = r.status;
  write(*status, &mark, H5T_NATIVE_DOUBLE);  // the commit mark, last
  return seconds;
}

std::pair<hid_t, const Column&> SweepStore::column_set(const std::string& name) const {
  const auto set = sets_.find(name);
  const auto c = std::find_if(columns_.begin(), columns_.end(), [&](const Column& k) { return k.name == name; });
  if (set == sets_.end() || c == columns_.end())
    throw std::logic_error("no column " + name + " in " + path_ + "'s schema");
  return {set->second, *c};
}

void SweepStore::mark_trained(int64_t row, const Row& r) { mark(row, r, kTrained); }

void SweepStore::mark_skipped(int64_t row, int session) {
  Row r;
  r.session = session;
  mark(row, r, kSkipped);
}

void SweepStore::mark(int64_t row, const Row& r, int status) {
  auto write = [&](const std::string& name, const std::vector<double>& data) {
    const auto [set, c] = column_set(name);
    if (data.size() != c.count())
      throw std::logic_error("row " + std::to_string(row) + ": column " + name + " has " +
                             std::to_string(data.size()) + " values, the schema " + std::to_string(c.count()));
    errno = 0;
    if (!write_row_of(set, row, H5T_NATIVE_DOUBLE, data.size(), data.data()))
      throw StoreWriteError(path_ + ": cannot write row " + std::to_string(row) + " of " + name +
                            write_failure_cause(path_, errno));
  };
  for (const auto& [name, values] : r.values) write(name, values);
  write("session", {static_cast<double>(r.session)});
  write("status", {static_cast<double>(status)});  // the mark, last
}

Row SweepStore::read_row(int64_t row, const std::vector<std::string>& names) const {
  Row out;
  auto read = [&](const std::string& name) {
    const auto [set, c] = column_set(name);
    std::vector<double> data(c.count());
    if (!read_row_of(set, row, H5T_NATIVE_DOUBLE, data.size(), data.data()))
      throw StoreWriteError(path_ + ": cannot read row " + std::to_string(row) + " of " + name);
    return data;
  };
  out.status = static_cast<int>(read("status").front());
  for (const std::string& name : names) out.values[name] = read(name);
  return out;
}

void probe_store(const std::string& path) {
  int mpi = 0;
  MPI_Initialized(&mpi);
  if (mpi) return;
  if (FILE* f = std::fopen(path.c_str(), "rb")) std::fclose(f);
  else return;  // the reader itself says it is missing
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = fork();
  if (child < 0) return;  // no process to spare: read it unprotected
  if (child == 0) {
    alarm(60);  // metadata opens in milliseconds; a loop on hostile bytes must not hang the user
    try {
      const StoreReader reader(path, false);
    } catch (...) {
      _exit(2);  // the parent's own open reports the message
    }
    _exit(0);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status))
    throw InputError(path + ": damaged store: reading its HDF5 metadata " +
                     (WTERMSIG(status) == SIGALRM ? std::string("did not finish")
                                                  : "crashed (signal " + std::to_string(WTERMSIG(status)) + ")") +
                     "; h5dump -H " + path + " shows what is left, and a run of its spec into a new "
                     "store recomputes it");
}

StoreReader::StoreReader(const std::string& path, bool probe) : path_(path) {
  if (FILE* f = std::fopen(path.c_str(), "rb")) std::fclose(f);
  else throw InputError(path + ": cannot open (does the store exist?)");
  if (probe) probe_store(path);
  const Handle fapl{H5Pcreate(H5P_FILE_ACCESS), H5Pclose};
  H5Pset_file_locking(fapl.id, false, true);  // readers never block a running sweep
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.id);
  if (file_ < 0) throw InputError(path + ": not a readable HDF5 file (truncated or another format?)");
  try {
    header_ = read_header(file_, path);
    columns_ = list_columns(file_, path);
    // the row count is the core columns'; a dataset of another length is not a column
    std::vector<Column> core;
    for (const char* name : {"job", "status", "reason", "session", "cost/seconds"})
      if (const Column* c = find(name)) core.push_back(*c);
    check_extents(file_, core, path, rows_);
    columns_.erase(std::remove_if(columns_.begin(), columns_.end(),
                                  [&](const Column& c) { return first_extent(file_, c.name) != rows_; }),
                   columns_.end());
    // the core columns as the store writes them: one value per row (cost/seconds: one per phase)
    for (const char* core : {"job", "status", "reason", "session", "cost/seconds"}) {
      const Column* c = find(core);
      if (!c) throw InputError(path + ": store has no dataset " + std::string(core) + " (damaged file?)");
      const size_t want = std::string(core) == "cost/seconds" ? 1 : 0;
      if (c->shape.size() != want)
        throw InputError(path + ": dataset " + core + " has " + std::to_string(c->shape.size() + 1) +
                         " dimensions, the schema " + std::to_string(want + 1) + " (damaged file?)");
    }
    // a commit mark is 0, 1, 2, 3 or 4: any other value (a forged or damaged byte) would be read
    // differently by status, aggregate and resume, so the store is refused as it is
    const std::vector<double> status = column("status");
    for (size_t r = 0; r < status.size(); ++r)
      if (!is_pending(status[r]) && !is_committed(status[r]) && status[r] != kSkipped)
        throw InputError(path + ": row " + std::to_string(r) + " has the commit mark " +
                         std::to_string(static_cast<long long>(status[r])) +
                         "; a mark is 0 (pending), 1 (ok), 2 (failed), 3 (trained) or 4 (skipped): damaged store");
  } catch (...) {
    H5Fclose(file_);
    throw;
  }
}

StoreReader::~StoreReader() {
  if (file_ >= 0) H5Fclose(file_);
}

const Column* StoreReader::find(const std::string& column) const {
  for (const Column& c : columns_)
    if (c.name == column) return &c;
  return nullptr;
}

std::vector<double> StoreReader::column(const std::string& name) const {
  const Column* col = nullptr;
  for (const Column& c : columns_)
    if (c.name == name) col = &c;
  if (!col || col->type == ColumnType::text) throw InputError(path_ + ": no numeric column " + name);
  std::vector<double> out(static_cast<size_t>(rows_) * col->count());
  const Handle set{H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (set.id < 0 || H5Dread(set.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw InputError(path_ + ": cannot read " + name + " (truncated file?)");
  return out;
}

std::vector<double> StoreReader::row(const std::string& name, int64_t row) const {
  const Column* col = find(name);
  if (!col || col->type == ColumnType::text) throw InputError(path_ + ": no numeric column " + name);
  if (row < 0 || row >= rows_) throw InputError(path_ + ": no row " + std::to_string(row));
  std::vector<double> out(col->count());
  const Handle set{H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (set.id < 0) throw InputError(path_ + ": cannot read " + name + " (truncated file?)");
  if (!read_row_of(set.id, row, H5T_NATIVE_DOUBLE, out.size(), out.data()))
    throw InputError(path_ + ": cannot read row " + std::to_string(row) + " of " + name + " (truncated file?)");
  return out;
}

std::vector<std::string> StoreReader::reasons() const {
  std::string buf(static_cast<size_t>(rows_) * kReasonBytes, '\0');
  const Handle set{H5Dopen2(file_, "reason", H5P_DEFAULT), H5Dclose};
  if (set.id < 0 ||
      H5Dread(set.id, file_type(ColumnType::text), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
    throw InputError(path_ + ": cannot read reason (truncated file?)");
  std::vector<std::string> out;
  for (int64_t r = 0; r < rows_; ++r) {
    std::string s = buf.substr(static_cast<size_t>(r) * kReasonBytes, kReasonBytes);
    out.push_back(s.substr(0, s.find('\0')));
  }
  return out;
}

StoreEditor::StoreEditor(const std::string& path) : path_(path) {
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file_ < 0) throw InputError(path + ": cannot open the store for rewriting");
  std::string schema;
  if (!get_attr(file_, "schema", schema) || schema.rfind("wmsweep-store/", 0) != 0) {
    close();
    throw InputError(path + ": not a wmsweep store (no schema attribute)");
  }
  const Handle set{H5Dopen2(file_, "status", H5P_DEFAULT), H5Dclose};
  const Handle space{H5Dget_space(set.id), H5Sclose};
  hsize_t dims[1] = {0};
  if (set.id < 0 || H5Sget_simple_extent_ndims(space.id) != 1) {
    close();
    throw InputError(path + ": store has no readable status column (damaged file?)");
  }
  H5Sget_simple_extent_dims(space.id, dims, nullptr);
  rows_ = static_cast<int64_t>(dims[0]);
}

StoreEditor::~StoreEditor() { close(); }

void StoreEditor::close() {
  if (file_ >= 0) H5Fclose(file_);
  file_ = -1;
}

std::string StoreEditor::attr(const std::string& name) const {
  std::string out;
  get_attr(file_, name.c_str(), out);
  return out;
}

std::string StoreEditor::spec_text() const {
  std::string out;
  get_spec(file_, out);
  return out;
}

void StoreEditor::set_attr(const std::string& name, const std::string& value) {
  if (H5Aexists(file_, name.c_str()) > 0) H5Adelete(file_, name.c_str());
  put_attr(file_, name.c_str(), value);
}

bool StoreEditor::has(const std::string& name) const {
  return H5Lexists(file_, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<double> StoreEditor::read(const std::string& name) const {
  const Handle set{H5Dopen2(file_, name.c_str(), H5P_DEFAULT), H5Dclose};
  if (set.id < 0) throw InputError(path_ + ": no dataset " + name);
  const Handle space{H5Dget_space(set.id), H5Sclose};
  const hssize_t count = H5Sget_simple_extent_npoints(space.id);
  std::vector<double> out(static_cast<size_t>(std::max<hssize_t>(count, 0)));
  if (H5Dread(set.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    throw InputError(path_ + ": cannot read " + name + " (truncated file?)");
  return out;
}

void StoreEditor::write(const Column& c, const std::vector<double>& values) {
  if (values.size() != static_cast<size_t>(rows_) * c.count())
    throw InputError(path_ + ": " + c.name + " needs " + std::to_string(rows_ * c.count()) +
                     " values, got " + std::to_string(values.size()));
  hid_t set = H5Dopen2(file_, c.name.c_str(), H5P_DEFAULT);
  if (set < 0) {  // as create() lays them out: contiguous, allocated now
    const std::vector<hsize_t> dims = dims_of(c, rows_);
    const Handle space{H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose};
    const Handle lcpl{H5Pcreate(H5P_LINK_CREATE), H5Pclose};
    H5Pset_create_intermediate_group(lcpl.id, 1);
    const Handle dcpl{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    H5Pset_layout(dcpl.id, H5D_CONTIGUOUS);
    H5Pset_alloc_time(dcpl.id, H5D_ALLOC_TIME_EARLY);
    set = H5Dcreate2(file_, c.name.c_str(), file_type(c.type), space.id, lcpl.id, dcpl.id, H5P_DEFAULT);
    if (set < 0) throw InputError(path_ + ": cannot create dataset " + c.name);
    put_attr(set, "meaning", c.meaning);
  }
  const Handle guard{set, H5Dclose};
  if (H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    throw InputError(path_ + ": cannot write " + c.name + " (disk full?)");
}

}  // namespace wmsweep
