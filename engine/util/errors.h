#pragma once
// Errors the user can act on. The message names the key or file and says how to fix it;
// the CLI prints it and exits non-zero. Anything else escaping is a bug.
#include <stdexcept>
#include <string>

namespace wmsweep {

struct SpecError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Results could not be written (a full disk, a lost file system): `run` stops every rank and
// exits 1; the store stays resumable.
struct StoreWriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace wmsweep
