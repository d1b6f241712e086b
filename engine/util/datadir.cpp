#include "util/datadir.h"

namespace wmsweep {

namespace fs = std::filesystem;

fs::path own_executable() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec);
}

namespace {
fs::path installed_dir(const fs::path& exe, const std::string& installed) {
  return exe.parent_path().parent_path() / "share" / "wmsweep" / installed;
}
}  // namespace

fs::path find_data_dir(const std::string& installed, const std::string& source,
                       const std::string& marker) {
  std::error_code ec;
  const fs::path exe = own_executable();
  if (!exe.empty()) {
    if (fs::exists(installed_dir(exe, installed) / marker, ec)) return installed_dir(exe, installed);
    for (fs::path d = exe.parent_path(); !d.empty() && d != d.parent_path(); d = d.parent_path())
      if (fs::exists(d / source / marker, ec)) return d / source;
  }
#ifdef WMSWEEP_INSTALL_DATADIR
  const fs::path configured = fs::path(WMSWEEP_INSTALL_DATADIR) / installed;
  if (fs::exists(configured / marker, ec)) return configured;
#endif
  return {};
}

std::string data_dir_places(const std::string& installed, const std::string& source) {
  const fs::path exe = own_executable();
  if (exe.empty()) return "the binary's own path is unknown (/proc is not mounted)";
  return "not in " + installed_dir(exe, installed).string() + " (cmake --install) nor in a " +
         source + "/ folder above " + exe.string();
}

}  // namespace wmsweep
