#pragma once
// The one-network HDF5 file written by `wmsweep one --out` (layout in docs/cli.md):
// initial weights, optionally the training inputs, trained readouts and every result.
// The same file can feed initial weights and inputs back in, to cross-check another
// implementation on identical inputs.
#include <string>

#include "studies/seqmatch/pipeline.h"
#include "tasks/latent.h"
#include "train/force.h"

namespace wmsweep {

inline constexpr const char* kNetFileSchema = "wmsweep-net/1";

void write_network_file(const std::string& path, const std::string& spec_text,
                        const SeqMatchConfig& spec, const NetworkResult& result,
                        const TrainingSequence* sequence);

Weights read_initial_weights(const std::string& path);
TrainingSequence read_training_sequence(const std::string& path);
LatentTable read_latent_table(const std::string& path);

// The digit source a spec asks for: synthetic, or task.latent_file read with read_latent_table.
LatentSource load_latent_source(const SeqMatchConfig& spec);

}  // namespace wmsweep
