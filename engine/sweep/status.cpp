#include "sweep/status.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "store/lock.h"
#include "store/sweepstore.h"
#include "sweep/spec.h"
#include "sweep/units.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

std::string fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}
std::string hours(double s) { return fixed(s / 3600, 2) + " h"; }

}  // namespace

std::string status_text(const std::string& path) {
  const StoreReader store(path);
  const StoreHeader& h = store.header();
  const int64_t rows = store.rows();
  const std::vector<double> status = store.column("status");
  const std::vector<double> seconds = store.column("cost/seconds");
  const std::vector<double> job = store.column("job");
  const std::vector<std::string> reasons = store.reasons();
  const size_t P = store.find("cost/seconds")->count();

  // The train phase is a unit's: count it once per unit (spread over the unit's rows).
  std::map<int64_t, double> unit_share;  // row → 1 / size of its unit
  std::shared_ptr<const StudySpec> study;
  std::string adaptive;
  try {
    const Spec spec = parse_spec(h.spec_text, path);
    check_store_columns(store, spec, path);
    study = spec.study;
    if (spec.adaptive.on) {
      const Outcome outcome = adaptive_outcome(*study, spec.adaptive);
      adaptive = format_adaptive(adaptive_state(store, spec.grid(), spec.adaptive, outcome),
                                 spec.adaptive, outcome, "table");
    }
    const ShardPlan plan = plan_shard(spec.grid(), study->group_max(), parse_shard(h.shard));
    for (const auto& unit : plan.units)
      for (int64_t r : unit) unit_share[r] = 1.0 / static_cast<double>(unit.size());
  } catch (const SpecError&) {
    // an unparsable stored spec only loses the per-unit correction and the study's lines
  }

  int64_t ok = 0, failed = 0, pending = 0, trained = 0, skipped = 0;
  double spent = 0;
  for (int64_t r = 0; r < rows; ++r) {
    trained += status[r] == kTrained;
    skipped += status[r] == kSkipped;
    if (!is_committed(status[r])) { pending += is_pending(status[r]); continue; }
    (status[r] == kOk ? ok : failed) += 1;
    for (size_t p = 0; p < P; ++p) {
      const double s = seconds[r * P + p];
      if (!std::isfinite(s)) continue;
      spent += p == 0 && unit_share.count(r) ? s * unit_share[r] : s;
    }
  }
  std::ostringstream out;
  out << path << "  (" << h.schema << ", " << h.engine << ", shard " << h.shard << " of a "
      << h.grid_size << "-job sweep)\n";
  const std::string who = StoreLock::holder(path);
  out << "state     " << (who.empty() ? (pending ? "stopped, resumable" : "complete")
                                      : "running: " + who) << "\n";
  if (!who.empty() && !StoreLock::progress(path).empty())
    out << "progress  " << StoreLock::progress(path) << "\n";
  out << "networks  " << rows << ": " << ok << " ok, " << failed << " failed, " << pending
      << " pending" << (skipped ? ", " + std::to_string(skipped) + " skipped (the adaptive sweep did not need them)" : "")
      << "\n";
  if (trained)
    out << "kept      " << trained << " of the pending networks are trained: a resume runs only "
        << "their analyses\n";
  out << "compute   " << hours(spent) << " (" << (ok + failed ? fixed(spent / (ok + failed), 1) : "0")
      << " s per network)\n";
  if (study) out << study->status(store);
  out << adaptive;
  int shown = 0;
  for (int64_t r = 0; r < rows && shown < 10; ++r)
    if (status[r] == 2) {
      out << (shown++ ? "          " : "failures  ") << "job " << static_cast<int64_t>(job[r])
          << ": " << reasons[static_cast<size_t>(r)] << "\n";
    }
  if (failed > shown) out << "          … and " << failed - shown << " more\n";
  return out.str();
}

}  // namespace wmsweep
