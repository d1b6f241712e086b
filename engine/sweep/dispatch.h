#pragma once
// Who runs what. Rank 0 generates nothing and computes nothing: it hands the next unit to
// whichever worker is free and collects one report per unit. Ranks 1.. run units. With a
// single rank, rank 0 runs the units itself. Waiting ranks poll with sleeps that back off to
// a few milliseconds, so no rank burns a core while it waits.
//
// A stop request (util/stop.h) on any rank stops dispatching; running units get
// `grace_seconds` to finish, then are abandoned (what they flushed stays, the rest is not
// committed) and everyone winds down. A flush() or commit() that throws (the store cannot be
// written) stops dispatching the same way, and the master returns its message in
// DispatchOutcome::error: no rank is left waiting.
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace wmsweep {

// One unit of work on a worker: compute() runs on its own thread and must not call MPI or
// HDF5 (so an abandoned unit can be left behind); flush() and commit() run on the rank's main
// thread, write results and return the report the master receives.
class UnitJob {
 public:
  virtual ~UnitJob() = default;
  virtual void compute() = 0;
  // While compute() runs (polled every 20 ms): writes what it has finished so far (a trained
  // network, a whole row); the report of those rows, "" when there is none.
  virtual std::string flush() { return {}; }
  // After compute() returned: writes the rest.
  virtual std::string commit() = 0;
  // What compute() is doing now, e.g. "train 43% (7 networks)"; safe to call while it runs.
  virtual std::string progress() const { return {}; }
};
using MakeJob = std::function<std::unique_ptr<UnitJob>(const std::vector<int64_t>& unit)>;
// A worker's report (rows it committed) and which rank sent it (0 with a single process).
using OnReport = std::function<void(const std::string& report, int rank)>;
// Every progress_seconds() while units run, on rank 0: what each busy rank is doing (rank →
// its unit's progress()). Workers send theirs to the master with plain point-to-point
// messages every half interval; no collective call.
using OnProgress = std::function<void(const std::map<int, std::string>& busy)>;

// The progress interval: 60 s, or WMSWEEP_PROGRESS_SECONDS (tests use short ones).
double progress_seconds();

struct DispatchOutcome {
  int64_t committed = 0;  // units finished and committed
  int64_t abandoned = 0;  // units stopped at the grace limit
  int64_t left = 0;       // units never started because of a stop request
  std::string error;      // a unit's commit() failed (e.g. the disk is full): why; work stopped
};

// Collective over `comm`. `units` matters on rank 0 only; `on_report` and `on_progress` are
// called there.
DispatchOutcome dispatch(MPI_Comm comm, const std::vector<std::vector<int64_t>>& units,
                         const MakeJob& make_job, const OnReport& on_report,
                         double grace_seconds, const OnProgress& on_progress = {});

}  // namespace wmsweep
