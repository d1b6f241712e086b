#include "store/h5.h"

#include <algorithm>

#include <cstdio>
#include <string>

#include "util/errors.h"

namespace wmsweep::h5 {
namespace {

// The library's own error stack is noise for a user; our messages say what failed.
struct SilenceErrors {
  SilenceErrors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
} const silence;

hid_t link_creation() {
  static const hid_t plist = [] {
    hid_t p = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(p, 1);
    return p;
  }();
  return plist;
}

}  // namespace

File File::create(const std::string& path) {
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw InputError(path + ": cannot create the HDF5 file (is the folder writable?)");
  return File(id, path);
}

File File::open_read(const std::string& path) {
  if (FILE* f = std::fopen(path.c_str(), "rb")) std::fclose(f);
  else throw InputError(path + ": cannot open (does the file exist?)");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(path + ": not a readable HDF5 file (truncated or another format?)");
  return File(id, path);
}

File::~File() {
  if (id_ >= 0) H5Fclose(id_);
}

void File::fail(const std::string& what) const { throw InputError(path_ + ": " + what); }

namespace {
void write_raw(const File& f, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
               const void* data) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t set = H5Dcreate2(f.id(), name.c_str(), type, space, link_creation(), H5P_DEFAULT,
                               H5P_DEFAULT);
  const herr_t status = set < 0 ? -1 : H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  if (set >= 0) H5Dclose(set);
  H5Sclose(space);
  if (status < 0) throw InputError(f.path() + ": cannot write " + name);
}
}  // namespace

void File::write_shaped(const std::string& name, const std::vector<hsize_t>& dims,
                        const std::vector<double>& v) {
  size_t count = 1;
  for (hsize_t d : dims) count *= d;
  if (v.size() != count) fail(name + ": " + std::to_string(v.size()) + " values for its shape");
  if (!dims.empty()) return write_raw(*this, name, H5T_NATIVE_DOUBLE, dims, v.data());
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t set = H5Dcreate2(id_, name.c_str(), H5T_IEEE_F64LE, space, link_creation(), H5P_DEFAULT, H5P_DEFAULT);
  const bool ok = set >= 0 && H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0;
  if (set >= 0) H5Dclose(set);
  H5Sclose(space);
  if (!ok) fail("cannot write " + name);
}

void File::write_colmajor(const std::string& name, int rows, int cols, const double* data) {
  std::vector<double> row_major(static_cast<size_t>(rows) * cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      row_major[static_cast<size_t>(i) * cols + j] = data[static_cast<size_t>(j) * rows + i];
  write_raw(*this, name, H5T_NATIVE_DOUBLE,
            {static_cast<hsize_t>(rows), static_cast<hsize_t>(cols)}, row_major.data());
}

void File::write_rowmajor(const std::string& name, int rows, int cols, const double* data) {
  write_raw(*this, name, H5T_NATIVE_DOUBLE,
            {static_cast<hsize_t>(rows), static_cast<hsize_t>(cols)}, data);
}

void File::write(const std::string& name, const std::vector<double>& v) {
  write_raw(*this, name, H5T_NATIVE_DOUBLE, {v.size()}, v.data());
}

void File::write(const std::string& name, const std::vector<int>& v) {
  write_raw(*this, name, H5T_NATIVE_INT, {v.size()}, v.data());
}

namespace {
void write_attr(const File& f, const std::string& object, const std::string& name, hid_t type,
                const void* data) {
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate_by_name(f.id(), object.c_str(), name.c_str(), type, space,
                                    H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t status = a < 0 ? -1 : H5Awrite(a, type, data);
  if (a >= 0) H5Aclose(a);
  H5Sclose(space);
  if (status < 0) throw InputError(f.path() + ": cannot write attribute " + object + "@" + name);
}
}  // namespace

void File::write_text(const std::string& name, const std::string& value) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, std::max<size_t>(1, value.size()));
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t set = H5Dcreate2(id_, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const bool ok = set >= 0 && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, value.c_str()) >= 0;
  if (set >= 0) H5Dclose(set);
  H5Sclose(space);
  H5Tclose(type);
  if (!ok) fail("cannot write " + name);
}

void File::attr(const std::string& object, const std::string& name, const std::string& value) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, value.size() + 1);
  H5Tset_cset(type, H5T_CSET_UTF8);
  write_attr(*this, object, name, type, value.c_str());
  H5Tclose(type);
}

void File::attr(const std::string& object, const std::string& name, double value) {
  write_attr(*this, object, name, H5T_NATIVE_DOUBLE, &value);
}

void File::attr(const std::string& object, const std::string& name, long long value) {
  write_attr(*this, object, name, H5T_NATIVE_LLONG, &value);
}

bool File::exists(const std::string& name) const {
  // check each path component: H5Lexists fails on a missing intermediate group
  size_t pos = 0;
  while ((pos = name.find('/', pos + 1)) != std::string::npos)
    if (H5Lexists(id_, name.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  return H5Lexists(id_, name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<hsize_t> File::shape(const std::string& name) const {
  if (!exists(name)) fail("has no dataset " + name);
  const hid_t set = H5Dopen2(id_, name.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(set);
  std::vector<hsize_t> dims(static_cast<size_t>(std::max(0, H5Sget_simple_extent_ndims(space))));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  H5Dclose(set);
  return dims;
}

namespace {
template <class T>
std::vector<T> read_all(const File& f, const std::string& name, hid_t type) {
  const std::vector<hsize_t> dims = f.shape(name);
  size_t count = 1;
  for (hsize_t d : dims) count *= d;
  std::vector<T> out(count);
  const hid_t set = H5Dopen2(f.id(), name.c_str(), H5P_DEFAULT);
  const herr_t status = H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Dclose(set);
  if (status < 0) throw InputError(f.path() + ": cannot read " + name + " (truncated file?)");
  return out;
}
}  // namespace

std::vector<double> File::read_doubles(const std::string& name) const {
  return read_all<double>(*this, name, H5T_NATIVE_DOUBLE);
}

std::vector<int> File::read_ints(const std::string& name) const {
  return read_all<int>(*this, name, H5T_NATIVE_INT);
}

std::vector<double> File::read_colmajor(const std::string& name, int& rows, int& cols) const {
  const std::vector<hsize_t> dims = shape(name);
  if (dims.size() != 2) fail(name + " must be 2-D");
  rows = static_cast<int>(dims[0]);
  cols = static_cast<int>(dims[1]);
  const std::vector<double> row_major = read_doubles(name);
  std::vector<double> out(row_major.size());
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j)
      out[static_cast<size_t>(j) * rows + i] = row_major[static_cast<size_t>(i) * cols + j];
  return out;
}

double File::attr_double(const std::string& object, const std::string& name) const {
  if (H5Aexists_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0)
    fail("has no attribute " + object + "@" + name);
  const hid_t a = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  double v = 0;
  const herr_t status = H5Aread(a, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(a);
  if (status < 0) fail("cannot read attribute " + object + "@" + name);
  return v;
}

}  // namespace wmsweep::h5
