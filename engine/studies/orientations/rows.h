#pragma once
// A finished study-2 network as a store row (the study's columns, columns.cpp), and its line
// in the master's log.
#include <string>

#include "store/sweepstore.h"
#include "studies/orientations/pipeline.h"
#include "studies/orientations/study.h"

namespace wmsweep {

Row to_row(const OrientationsSpec& spec, const OrientationResult& result);
// "ok, 812 iterations, error 4.9°, torus clifford, …"
std::string row_summary(const OrientationResult& result);

}  // namespace wmsweep
