#include "sweep/relabel.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "store/lock.h"
#include "store/sweepstore.h"
#include "sweep/spec.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

namespace fs = std::filesystem;

}  // namespace

RelabelReport relabel_store(const std::string& path) {
  if (!fs::is_regular_file(path)) throw InputError(path + ": no such store");
  const StoreLock lock(path);  // no run may write it meanwhile
  const std::string work = path + ".relabel";
  std::error_code ec;
  fs::copy_file(path, work, fs::copy_options::overwrite_existing, ec);
  if (ec) throw InputError(work + ": cannot copy the store aside (" + ec.message() + ")");
  RelabelReport report;
  try {
    StoreEditor e(work);
    report.from_schema = e.attr("schema");
    if (report.from_schema != kStoreSchema && report.from_schema != kStoreSchemaV1)
      throw InputError(path + ": store schema " + report.from_schema + "; relabel reads " +
                       kStoreSchemaV1 + " and " + kStoreSchema);
    const Spec spec = parse_spec(e.spec_text(), path + " (its stored spec)");
    if (spec.adaptive.on)  // its seeds were chosen from these labels (sweep/adaptive.h)
      throw InputError(path + " holds an adaptive sweep: its seeds were chosen from its labels, "
                       "and new labels would make a resume choose others, so relabel leaves it as it is");
    report.rows = e.rows();
    for (double s : e.read("status")) report.ok += s == 1;
    report.lines = spec.study->relabel(e);
    e.set_attr("schema", kStoreSchema);  // last: the file is complete under the new schema
    e.close();
  } catch (...) {
    fs::remove(work, ec);
    throw;
  }
  fs::rename(work, path, ec);
  if (ec) throw InputError(path + ": cannot move the relabelled store into place (" + ec.message() + ")");
  return report;
}

}  // namespace wmsweep
