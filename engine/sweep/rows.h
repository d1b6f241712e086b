#pragma once
// A finished network as a store row (store/schema.h): the one place where pipeline results
// meet the schema.
#include "pipeline/study1.h"
#include "pipeline/study2.h"
#include "store/sweepstore.h"

namespace wmsweep {

Row to_row(const StoreShape& shape, const NetworkResult& result);
Row to_row(const StoreShape& shape, const OrientationResult& result);

// One line for the master's log: "ok, A limit_cycle, B mixed, err(0.05) 0.000"
std::string row_summary(const NetworkResult& result);
std::string row_summary(const OrientationResult& result);  // "ok, 812 iterations, error 4.9°, torus clifford, …"

}  // namespace wmsweep
