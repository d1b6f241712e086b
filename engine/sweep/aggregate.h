#pragma once
// `wmsweep aggregate`: the shard stores of one sweep joined into one file of the same schema,
// one row per job of the whole grid in grid order, so `query` reads it like a single store.
// The file appears only once complete (written as OUT.joining, then renamed): running it
// again is always safe. Call after MPI_Init (the store writer uses MPI-IO on one rank).
#include <cstdint>
#include <string>
#include <vector>

namespace wmsweep {

struct AggregateReport {
  int64_t jobs = 0;                  // in the whole grid
  int64_t ok = 0, failed = 0;        // committed rows found in the shards
  int64_t skipped = 0;               // seeds an adaptive sweep did not need (status 4, kept)
  std::vector<int64_t> missing;      // jobs no shard has committed (pending or no shard file)
  std::vector<std::string> failures; // "job J: reason"
};

// `inputs`: shard stores, or one folder (its shards/*.h5, else its *.h5). Refuses shards of
// different specs or shard counts, and a job committed by two shards.
AggregateReport aggregate_stores(const std::vector<std::string>& inputs, const std::string& out);

// The shard stores `inputs` name: themselves, or a folder's shards/*.h5 (else its *.h5), sorted.
std::vector<std::string> shard_files(const std::vector<std::string>& inputs);

}  // namespace wmsweep
