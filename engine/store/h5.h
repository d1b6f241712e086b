#pragma once
// Thin RAII over the HDF5 C API for the few shapes wmsweep writes: float64/int arrays in
// row-major "math" orientation (element [i, j] is row i, column j as h5py shows it) and
// scalar/string attributes. Every failure becomes an InputError naming file and path.
#include <hdf5.h>

#include <string>
#include <vector>

namespace wmsweep::h5 {

class File {
 public:
  static File create(const std::string& path);  // truncates
  static File open_read(const std::string& path);
  ~File();
  File(File&& o) noexcept : id_(o.id_), path_(std::move(o.path_)) { o.id_ = -1; }
  File(const File&) = delete;
  hid_t id() const { return id_; }
  const std::string& path() const { return path_; }

  // data: rows × cols, column-major in memory (as the engine holds it)
  void write_colmajor(const std::string& name, int rows, int cols, const double* data);
  void write(const std::string& name, const std::vector<double>& v);  // 1-D
  void write_rowmajor(const std::string& name, int rows, int cols, const double* data);
  void write(const std::string& name, const std::vector<int>& v);     // 1-D
  void write_text(const std::string& name, const std::string& value);  // a scalar string
  // float64 of any shape, row-major (dims empty: a scalar)
  void write_shaped(const std::string& name, const std::vector<hsize_t>& dims, const std::vector<double>& v);
  void attr(const std::string& object, const std::string& name, const std::string& value);
  void attr(const std::string& object, const std::string& name, double value);
  void attr(const std::string& object, const std::string& name, long long value);

  bool exists(const std::string& name) const;
  std::vector<hsize_t> shape(const std::string& name) const;
  std::vector<double> read_colmajor(const std::string& name, int& rows, int& cols) const;
  std::vector<double> read_doubles(const std::string& name) const;  // any shape, row-major
  std::vector<int> read_ints(const std::string& name) const;
  double attr_double(const std::string& object, const std::string& name) const;

 private:
  File(hid_t id, std::string path) : id_(id), path_(std::move(path)) {}
  [[noreturn]] void fail(const std::string& what) const;
  hid_t id_ = -1;
  std::string path_;
};

}  // namespace wmsweep::h5
