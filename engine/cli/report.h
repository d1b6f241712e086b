#pragma once
// `wmsweep report STORE [-o OUT]`: one self-contained HTML page of a store. The engine checks
// the store (as query does) and its arguments, then runs the Python package's report
// (analysis/wmsweep/report.py, `python3 -m wmsweep.report`) with this binary as the engine
// whose `query` and `status` fill the page's tables.
#include <string>

namespace wmsweep {

struct ReportOptions {
  std::string store;
  std::string out;      // default: the store's path with .html for .h5
  std::string variant;  // the figures' simulation label: a or b
};

// The exit code: 0 written (its path printed), 2 bad input, 1 the Python side failed.
int write_report(ReportOptions options);

}  // namespace wmsweep
