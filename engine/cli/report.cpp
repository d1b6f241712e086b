#include "cli/report.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "store/sweepstore.h"
#include "sweep/spec.h"
#include "util/datadir.h"
#include "util/errors.h"

extern char** environ;

namespace wmsweep {

namespace fs = std::filesystem;

namespace {

// WMSWEEP_PYTHON, else Debian's python3 (install.sh puts h5py, pandas and matplotlib there,
// while a python3 first on PATH may be a virtualenv without them), else python3 on PATH.
std::string python() {
  if (const char* p = std::getenv("WMSWEEP_PYTHON"); p && *p) return p;
  std::error_code ec;
  return fs::exists("/usr/bin/python3", ec) ? "/usr/bin/python3" : "python3";
}

fs::path package_dir() {
  if (const char* p = std::getenv("WMSWEEP_PYTHONPATH"); p && *p) return p;
  const fs::path found = find_data_dir("python", "analysis", "wmsweep/report.py");
  if (found.empty())
    throw InputError("cannot find the Python package wmsweep: " +
                     data_dir_places("python", "analysis") +
                     ": set WMSWEEP_PYTHONPATH to the folder holding wmsweep/report.py");
  return found;
}

void check_out(const std::string& out, const std::string& store) {
  std::error_code ec;
  if (fs::exists(out, ec) && fs::equivalent(out, store, ec))
    throw InputError("-o " + out + " is the store: give another file name");
  if (fs::is_directory(out, ec)) throw InputError("-o " + out + " is a folder: give a file name");
  const fs::path parent = fs::path(out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw InputError("-o " + out + ": the folder " + parent.string() + " does not exist");
}

}  // namespace

int write_report(ReportOptions o) {
  // the store's own problems (not a store, damaged, another engine's schema) as query says them
  {
    const StoreReader store(o.store);
    const Spec spec = parse_spec(store.header().spec_text, o.store + " (its stored spec)");
    check_store_columns(store, spec, o.store);
  }
  if (o.variant != "a" && o.variant != "b")
    throw InputError("--variant " + o.variant + ": the figures' label is a or b");
  if (o.out.empty()) o.out = (fs::path(o.store).extension() == ".h5"
                                  ? fs::path(o.store).replace_extension(".html")
                                  : fs::path(o.store + ".html")).string();
  check_out(o.out, o.store);

  const fs::path package = package_dir();
  const char* old = std::getenv("PYTHONPATH");
  const std::string pythonpath = package.string() + (old && *old ? ":" + std::string(old) : "");
  setenv("PYTHONPATH", pythonpath.c_str(), 1);
  const fs::path self = own_executable();
  const std::string interpreter = python();
  // an argument list, never a shell: a store named `x; rm -rf ~` stays a name
  // (and "--opt=value" and "--" before the store: a name starting with "-" stays a name)
  std::vector<std::string> args = {interpreter, "-m", "wmsweep.report", "--out=" + o.out,
                                   "--variant=" + o.variant,
                                   "--engine=" + (self.empty() ? "wmsweep" : self.string()),
                                   "--", o.store};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int e = posix_spawnp(&pid, interpreter.c_str(), nullptr, nullptr, argv.data(), environ))
    throw InputError("cannot run " + interpreter + " for the report: " + std::strerror(e) +
                     " (WMSWEEP_PYTHON chooses the interpreter)");
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  std::fprintf(stderr,
               "wmsweep: the report was not written (%s -m wmsweep.report, package %s); it needs "
               "h5py, numpy, pandas and matplotlib (WMSWEEP_PYTHON chooses the interpreter)\n",
               interpreter.c_str(), package.string().c_str());
  return 1;
}

}  // namespace wmsweep
