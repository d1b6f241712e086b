#pragma once
// Where the files the binary reads at run time are (the sbatch templates, the Python package):
// an installed binary finds them under its own prefix, a built one in the source tree above it.
#include <filesystem>
#include <string>

namespace wmsweep {

// This binary's own path (/proc/self/exe); empty where /proc is not mounted (a chroot).
std::filesystem::path own_executable();

// The folder holding `marker`: PREFIX/share/wmsweep/<installed> beside the binary
// (cmake --install; found from the binary's own path, so a prefix may move); else <source> in a
// folder above the binary (a build folder inside the source tree); else, when the binary's own
// path is unknown, the install prefix configured at build time. Empty when none holds it; the
// caller says which environment variable overrides the search.
std::filesystem::path find_data_dir(const std::string& installed, const std::string& source,
                                    const std::string& marker);

// Where find_data_dir looked, for the message when it found nothing.
std::string data_dir_places(const std::string& installed, const std::string& source);

}  // namespace wmsweep
