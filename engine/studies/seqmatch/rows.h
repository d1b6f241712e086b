#pragma once
// A finished study-1 network as a store row (the study's columns, columns.cpp), and its line
// in the master's log.
#include <string>

#include "store/sweepstore.h"
#include "studies/seqmatch/pipeline.h"
#include "studies/seqmatch/study.h"

namespace wmsweep {

Row to_row(const SeqMatchSpec& spec, const NetworkResult& result, bool save_weights);
// A network's training as the store keeps it between sessions (SeqMatchSpec::kept_columns):
// the readouts, the state training ended in and the train phase's cost; and back.
Row kept_row(const SeqMatchSpec& spec, const NetworkResult& trained);
KeptTraining kept_training(const SeqMatchSpec& spec, int n, const Row& kept);
// "ok, A limit_cycle, B mixed, dynamics slow_manifold (3 points)"
std::string row_summary(const NetworkResult& result);

}  // namespace wmsweep
