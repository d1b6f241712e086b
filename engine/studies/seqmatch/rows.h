#pragma once
// A finished study-1 network as a store row (the study's columns, columns.cpp), and its line
// in the master's log.
#include <string>

#include "store/sweepstore.h"
#include "studies/seqmatch/pipeline.h"
#include "studies/seqmatch/study.h"

namespace wmsweep {

Row to_row(const SeqMatchSpec& spec, const NetworkResult& result, bool save_weights);
// "ok, A limit_cycle, B mixed, dynamics slow_manifold (3 points)"
std::string row_summary(const NetworkResult& result);

}  // namespace wmsweep
