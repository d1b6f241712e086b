#pragma once
// `wmsweep run`: a sweep (or one shard of it) into one store, started fresh or resumed.
// Rank 0 takes the store's lock, creates or checks the store, and dispatches; every rank
// opens the store and workers write their rows. Call on every rank after MPI_Init.
#include <string>

#include "sweep/units.h"

namespace wmsweep {

// Exit codes of `wmsweep run` (docs/cli.md: "Exit codes").
inline constexpr int kExitComplete = 0;    // every row committed (some may be failed networks)
inline constexpr int kExitError = 1;       // could not write the store
inline constexpr int kExitBadInput = 2;    // bad spec/flags/file, spec changed, store in use
inline constexpr int kExitIncomplete = 3;  // stopped by a signal: run again to resume

struct RunOptions {
  std::string spec_path;
  std::string store_path;
  Shard shard;
  bool save_weights = false;
  double grace_seconds = 60;
  double max_memory = 0;  // bytes a rank may use for one unit (sweep/estimate.h); 0: no check
};

int run_sweep(const RunOptions& options);

// The store a spec writes to by default: the spec file's name with .h5, in the current folder.
std::string default_store_path(const std::string& spec_path);

}  // namespace wmsweep
