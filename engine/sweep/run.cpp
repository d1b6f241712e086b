#include "sweep/run.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "linalg/vmath.h"
#include "store/lock.h"
#include "store/sweepstore.h"
#include "sweep/adaptive.h"
#include "sweep/dispatch.h"
#include "sweep/estimate.h"
#include "sweep/extend.h"
#include "util/errors.h"
#include "util/resources.h"
#include "util/stop.h"

namespace wmsweep {
namespace {

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

void bcast_text(std::string& text, MPI_Comm comm) {
  long long size = static_cast<long long>(text.size());
  MPI_Bcast(&size, 1, MPI_LONG_LONG, 0, comm);
  text.resize(static_cast<size_t>(size));
  MPI_Bcast(text.data(), static_cast<int>(size), MPI_CHAR, 0, comm);
}

// What rank 0 decides before anyone opens the store.
struct Prepared {
  std::string spec_text;
  std::vector<std::vector<int64_t>> pending;  // units, as uncommitted rows
  int64_t rows = 0, committed = 0, failed = 0, trained = 0;
  std::vector<char> kept;  // per row: its training is kept (status 3); empty for a new store
  int session = 1;
  bool extended = false;  // the store grew to the spec's grid (sweep/extend.h)
};

// The header of a store this run creates (or grows to).
StoreHeader new_header(const RunOptions& o, const Spec& spec) {
  return store_header(spec, o.shard.text(), o.save_weights);
}

Prepared prepare(const RunOptions& o, const Spec& spec, const ShardPlan& plan) {
  Prepared p;
  p.spec_text = spec.text;
  p.rows = static_cast<int64_t>(plan.jobs.size());
  const Grid grid = spec.grid();
  if (!file_exists(o.store_path)) {
    check_store_space(spec, static_cast<int64_t>(plan.jobs.size()), o.save_weights, o.store_path);
    const StoreHeader h = new_header(o, spec);
    SweepStore::create(o.store_path, h, sweep_columns(spec, o.save_weights),
                       static_cast<int64_t>(plan.jobs.size()), grid_prefill(grid, plan.jobs));
    p.pending = plan.units;
    spdlog::info("created {}: {} networks in {} unit{} of work (shard {})", o.store_path, p.rows,
                 plan.units.size(), plan.units.size() == 1 ? "" : "s", h.shard);
    return p;
  }

  const StoreReader store(o.store_path);
  const StoreHeader& h = store.header();
  Spec stored;
  try {
    stored = parse_spec(h.spec_text, o.store_path + " (stored spec)");
  } catch (const SpecError& e) {
    throw InputError(std::string("the spec stored in the store no longer parses: ") + e.what());
  }
  const std::vector<std::string> diff = spec_differences(stored, spec);
  const std::vector<std::string> added = grid_extension(stored, spec);
  if (stored.adaptive.on && !diff.empty()) {
    std::string msg = o.store_path + " holds an adaptive sweep started from a different spec; its "
                      "seeds were chosen under that spec, so it neither resumes nor grows under another:";
    for (const std::string& d : diff) msg += "\n  " + d;
    throw InputError(msg + "\nrun the store's own spec to resume it, or give a new --store");
  }
  if (!diff.empty() && added.empty()) {
    std::string msg = o.store_path + " was started from a different spec; refusing to mix results:";
    for (const std::string& d : diff) msg += "\n  " + d;
    throw InputError(msg + "\nrun with the store's own spec to resume (a spec that only adds grid "
                     "values extends the store), or give a new --store");
  }
  const std::string inputs = input_files_digest(spec);
  if (h.inputs.empty() && !inputs.empty())  // a store from before input hashes: cannot tell
    spdlog::warn("{} records no hash of its input files (made by an older wmsweep): make sure "
                 "they are the files it was started from", o.store_path);
  else if (inputs != h.inputs)
    throw InputError(o.store_path + " was started from other input files; refusing to mix "
                     "results:\n  then: " + (h.inputs.empty() ? "(none recorded)\n" : h.inputs) +
                     "  now:  " + (inputs.empty() ? "(none)\n" : inputs) +
                     "restore the files the store was started from, or give a new --store");
  if (h.shard != o.shard.text())
    throw InputError(o.store_path + " holds shard " + h.shard + ", not " + o.shard.text() +
                     ": give the matching --shard or another --store");
  if (h.save_weights != o.save_weights)
    throw InputError(o.store_path + std::string(" was created ") +
                     (h.save_weights ? "with" : "without") +
                     " --save-weights: resume it the same way");
  // a store from before kept training lacks a column the engine now writes (checked before
  // growing it too: the copy would need it)
  for (const Column& c : sweep_columns(stored, o.save_weights))
    if (!store.has(c.name))
      throw InputError(o.store_path + " has no column " + c.name + ": it was made by an earlier "
                       "wmsweep (" + h.engine + "); finish it with that version, or give a new --store");
  if (!added.empty()) {  // the spec adds grid values: grow the store, then resume it
    check_extension(stored, spec, store, o.store_path);
    check_store_space(spec, p.rows, o.save_weights, o.store_path);
    const int64_t copied = extend_store(o.store_path, stored, spec, new_header(o, spec),
                                        sweep_columns(spec, o.save_weights));
    std::string what;
    for (const std::string& a : added) what += (what.empty() ? "" : "; ") + a;
    spdlog::info("extended {}: {} ({} networks -> {}; {} rows kept as they were)", o.store_path,
                 what, store.rows(), p.rows, copied);
    Prepared grown = prepare(o, spec, plan);
    grown.extended = true;
    return grown;
  }
  if (store.rows() != p.rows)
    throw InputError(o.store_path + ": has " + std::to_string(store.rows()) + " rows, the spec " +
                     std::to_string(p.rows) + " (damaged store?)");
  const std::vector<double> status = store.column("status");
  const std::vector<double> session = store.column("session");
  p.kept.assign(static_cast<size_t>(p.rows), 0);
  for (int64_t r = 0; r < p.rows; ++r) {
    p.kept[static_cast<size_t>(r)] = status[r] == kTrained;
    p.trained += status[r] == kTrained;
    if (is_committed(status[r])) {
      ++p.committed;
      p.failed += status[r] == kFailed;
    }
    // a trained mark is a session's work too: the resume is a new session
    if (status[r] != kPending) p.session = std::max(p.session, static_cast<int>(session[r]) + 1);
  }
  for (const std::vector<int64_t>& unit : plan.units) {
    std::vector<int64_t> left;
    for (int64_t row : unit)
      if (!is_committed(status[row])) left.push_back(row);
    if (!left.empty()) p.pending.push_back(left);
  }
  if (spec.adaptive.on)  // its controller says what is left (sweep/adaptive.h)
    spdlog::info("resuming {}: an adaptive sweep, {} networks committed ({} failed; session {})",
                 o.store_path, p.committed, p.failed, p.session);
  else if (p.committed == p.rows)
    spdlog::info("{} is complete: {} networks ({} failed); nothing to run", o.store_path, p.rows,
                 p.failed);
  else
    spdlog::info("resuming {}: {} of {} networks committed ({} failed), {} to run (session {}){}",
                 o.store_path, p.committed, p.rows, p.failed, p.rows - p.committed, p.session,
                 p.trained ? ", " + std::to_string(p.trained) + " of them trained already (kept: only "
                             "their analyses run)" : std::string());
  return p;
}

// What a unit's pipeline is doing: written by its thread through the Progress callback, read
// by the rank's main thread for the progress lines.
class UnitProgress {
 public:
  explicit UnitProgress(size_t networks) : networks_(networks) {}
  Progress callback(int64_t job) {
    return [this, job](const std::string& phase, double fraction, int network) {
      spdlog::debug("job {}: {} {:.0f}%", job + std::max(network, 0), phase, 100 * fraction);
      std::lock_guard<std::mutex> lock(m_);
      phase_ = phase;
      fraction_ = fraction;
      network_ = network;
    };
  }
  // "train 43% (7 networks)", "classify (network 3 of 7)", "geometry"
  std::string text() const {
    std::lock_guard<std::mutex> lock(m_);
    char buf[96];
    if (network_ < 0 || networks_ > 1) {
      if (fraction_ > 0)
        std::snprintf(buf, sizeof buf, "%s %.0f%%", phase_.c_str(), 100 * fraction_);
      else
        std::snprintf(buf, sizeof buf, "%s", phase_.c_str());
      std::string out = buf;
      if (network_ < 0 && networks_ > 1) out += " (" + std::to_string(networks_) + " networks)";
      if (network_ >= 0 && networks_ > 1)
        out += " (network " + std::to_string(network_ + 1) + " of " + std::to_string(networks_) + ")";
      return out;
    }
    return phase_;
  }

 private:
  mutable std::mutex m_;
  size_t networks_;
  std::string phase_ = "starting";
  double fraction_ = 0;
  int network_ = -1;
};

// A unit on a worker: the study's pipeline on its own thread, rows written on the main thread
// as they finish (flush), so a stopped unit keeps its trained networks and its finished rows.
class StudyUnit : public UnitJob {
 public:
  // The worker and the progress state are shared with the unit's thread, since an abandoned
  // unit's thread may outlive run_sweep's frame. Runs on the main thread: reads back the
  // training an earlier session kept for these rows.
  StudyUnit(std::shared_ptr<StudyWorker> worker, SweepStore& store, std::vector<int64_t> rows,
            std::vector<GridPoint> points, int session, const std::vector<std::string>& kept_columns)
      : worker_(std::move(worker)), store_(store), rows_(std::move(rows)),
        points_(std::move(points)), session_(session),
        progress_(std::make_shared<UnitProgress>(points_.size())),
        handed_(std::make_shared<Handed>()), committed_(rows_.size(), false) {
    io_.kept.resize(rows_.size());
    if (!kept_columns.empty())
      for (size_t k = 0; k < rows_.size(); ++k) {
        try {
          Row kept = store_.read_row(rows_[k], kept_columns);
          if (kept.status == kTrained) io_.kept[k] = std::move(kept);
        } catch (const std::exception& e) {  // unreadable: train it again
          spdlog::warn("row {}: its kept training cannot be read ({}); training it again", rows_[k], e.what());
        }
      }
    io_.progress = progress_->callback(points_.front().job);
    std::shared_ptr<Handed> handed = handed_;
    io_.trained = [handed](size_t k, Row kept) {
      std::lock_guard<std::mutex> lock(handed->m);
      handed->trained.emplace_back(k, std::move(kept));
    };
    io_.finished = [handed](size_t k, const NetworkRow& row) {
      std::lock_guard<std::mutex> lock(handed->m);
      handed->finished.emplace_back(k, row);
    };
  }

  std::string progress() const override { return progress_->text(); }

  void compute() override {
    try {
      results_ = worker_->run_unit(points_, io_);
      if (results_.size() != points_.size())
        throw std::logic_error("the study returned " + std::to_string(results_.size()) +
                               " rows for " + std::to_string(points_.size()) + " networks");
    } catch (const std::exception& e) {
      // Not a diverging network (that is a result): recorded as a failed row all the same.
      results_.assign(points_.size(), NetworkRow{});
      for (NetworkRow& r : results_) {
        r.row.status = kFailed;
        r.row.reason = std::string("error: ") + e.what();
        r.summary = "FAILED: " + r.row.reason;
      }
    }
  }

  std::string flush() override {
    std::vector<std::pair<size_t, Row>> trained;
    std::vector<std::pair<size_t, NetworkRow>> finished;
    {
      std::lock_guard<std::mutex> lock(handed_->m);
      trained.swap(handed_->trained);
      finished.swap(handed_->finished);
    }
    std::ostringstream report;
    for (auto& [k, kept] : trained) {
      if (committed_[k]) continue;
      kept.session = session_;
      store_.mark_trained(rows_[k], kept);
      report << rows_[k] << '\t' << kTrained << "\t0\t0\t0\tjob " << points_[k].job << '\n';
      fault_after_trained();
    }
    for (auto& [k, row] : finished) report << write(k, row);
    return report.str();
  }

  std::string commit() override {
    std::string report = flush();
    for (size_t k = 0; k < results_.size(); ++k)
      if (!committed_[k]) report += write(k, results_[k]);
    return report;
  }

 private:
  struct Handed {  // what the unit's thread handed over and flush() has not written yet
    std::mutex m;
    std::vector<std::pair<size_t, Row>> trained;
    std::vector<std::pair<size_t, NetworkRow>> finished;
  };

  std::string write(size_t k, NetworkRow& result) {
    if (committed_[k]) return {};
    Row& row = result.row;
    row.session = session_;
    const double write_s = store_.write_row(rows_[k], row);
    committed_[k] = true;
    fault_after_row();
    std::ostringstream line;
    line << rows_[k] << '\t' << row.status << '\t' << result.compute_seconds << '\t'
         << result.train_seconds << '\t' << write_s << '\t' << "job " << points_[k].job << ' ' << points_[k].describe() << ": "
         << result.summary << '\n';
    return line.str();
  }

  // Fault injection for tests/sweep/check_keep.sh: WMSWEEP_TEST_AFTER_TRAINED=K:SIGNAL
  // (WMSWEEP_TEST_AFTER_ROW) raises SIGNAL (KILL, USR1, TERM or STOP) in this process right
  // after its K-th trained mark (whole row) is written: a stop at a chosen moment (STOP: a sweep
  // frozen while it holds its store open, for tests/report/check_report.sh).
  struct Fault {
    long after = 0, seen = 0;
    int signal = 0;
    explicit Fault(const char* variable) {
      const char* v = std::getenv(variable);
      if (!v) return;
      const std::string s = v;
      const size_t colon = s.find(':');
      const std::string sig = colon == std::string::npos ? "KILL" : s.substr(colon + 1);
      after = std::atol(s.c_str());
      signal = sig == "USR1"   ? SIGUSR1
               : sig == "TERM" ? SIGTERM
               : sig == "STOP" ? SIGSTOP
                               : SIGKILL;
    }
    void count() {
      if (after > 0 && ++seen == after) std::raise(signal);
    }
  };
  static void fault_after_trained() {
    static Fault fault("WMSWEEP_TEST_AFTER_TRAINED");
    fault.count();
  }
  static void fault_after_row() {
    static Fault fault("WMSWEEP_TEST_AFTER_ROW");
    fault.count();
  }

  std::shared_ptr<StudyWorker> worker_;
  SweepStore& store_;
  std::vector<int64_t> rows_;
  std::vector<GridPoint> points_;
  int session_;
  std::shared_ptr<UnitProgress> progress_;
  std::shared_ptr<Handed> handed_;
  UnitIO io_;
  std::vector<NetworkRow> results_;
  std::vector<bool> committed_;
};

// The study's pipeline as a unit of work's job.
MakeJob job_maker(std::shared_ptr<StudyWorker> worker, const Grid& grid, const ShardPlan& plan,
                  SweepStore& store, int session, const std::vector<std::string>& kept_columns) {
  return [=, &store](const std::vector<int64_t>& rows) -> std::unique_ptr<UnitJob> {
    std::vector<GridPoint> points;
    for (int64_t r : rows) points.push_back(grid.point(plan.jobs[static_cast<size_t>(r)]));
    return std::make_unique<StudyUnit>(worker, store, rows, std::move(points), session, kept_columns);
  };
}

// "14:03:12": when a progress note was written
std::string clock_time() {
  const std::time_t t = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", std::localtime(&t));
  return buf;
}

std::string duration(double seconds) {
  if (!std::isfinite(seconds)) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

}  // namespace

std::string default_store_path(const std::string& spec_path) {
  std::string name = spec_path.substr(spec_path.find_last_of('/') + 1);
  const size_t dot = name.rfind('.');
  if (dot != std::string::npos && dot > 0) name = name.substr(0, dot);
  return name + ".h5";
}

int run_sweep(const RunOptions& o) {
  MPI_Comm comm = MPI_COMM_WORLD;
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  install_stop_handlers();

  // Rank 0 checks everything first; any problem reaches every rank before the store opens.
  std::unique_ptr<StoreLock> lock;
  Prepared prep;
  std::string error;
  int error_code = kExitBadInput;
  if (rank == 0) {
    try {
      const Spec spec = load_spec(o.spec_path);
      check_unit_memory(spec, o.max_memory);
      spec.study->worker(o.save_weights);  // a bad input file fails here, not on every worker
      if (spec.adaptive.on && o.shard.count > 1)
        throw InputError("--shard " + o.shard.text() + ": an adaptive sweep decides each round "
                         "from every cell's results, so it runs whole: drop --shard (run it under "
                         "mpirun, or submit it as one task)");
      const ShardPlan plan = plan_shard(spec.grid(), spec.study->group_max(), o.shard);
      if (plan.jobs.empty())
        throw InputError("shard " + o.shard.text() + " has no work: the sweep has fewer units than shards");
      lock = std::make_unique<StoreLock>(o.store_path);
      prep = prepare(o, spec, plan);
      if (prep.extended) lock->relock_store();  // the grown store is a new file
      lock->lock_store();  // a store this run created exists only now
    } catch (const StoreWriteError& e) {
      error = e.what();
      error_code = kExitError;
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  bcast_text(error, comm);
  if (!error.empty()) {
    if (rank == 0) spdlog::error("{}", error);
    MPI_Bcast(&error_code, 1, MPI_INT, 0, comm);
    return error_code;
  }
  bcast_text(prep.spec_text, comm);
  MPI_Bcast(&prep.session, 1, MPI_INT, 0, comm);

  const Spec spec = parse_spec(prep.spec_text, o.spec_path);
  const Grid grid = spec.grid();
  const ShardPlan plan = plan_shard(grid, spec.study->group_max(), o.shard);
  std::vector<std::string> prefilled;
  for (const Column& c : spec.study->grid_columns()) prefilled.push_back(c.name);
  SweepStore store = SweepStore::open_parallel(o.store_path, comm, sweep_columns(spec, o.save_weights),
                                               prefilled);
  // every rank builds the study's worker (reads its input files) once
  const std::shared_ptr<StudyWorker> worker = spec.study->worker(o.save_weights);

  const int64_t total = prep.rows;
  // the progress lines' denominator: an adaptive sweep runs at most its budget
  const int64_t aim = spec.adaptive.on ? std::min(total, spec.adaptive.budget) : total;
  int64_t done = prep.committed, failed = prep.failed, done_now = 0;
  double write_seconds = 0, compute_seconds = 0;
  const Stopwatch clock;
  // The ETA's cost model: a network's work is its n² (the products dominate every phase; the
  // spec fixes trials and runs). Measured so far: analysis seconds per unit of work, and
  // training seconds (a network's share of its unit's) per unit of work trained. The ETA is
  // the work left times those — only the analyses for a network whose training is kept —
  // over the workers.
  const int workers = std::max(1, size - 1);
  std::vector<double> work(static_cast<size_t>(total), 0.0);
  std::vector<char> kept = prep.kept;
  kept.resize(static_cast<size_t>(total), 0);
  double untrained_left = 0, trained_left = 0, work_done = 0, work_trained = 0, train_seconds = 0;
  auto add_work = [&](const std::vector<std::vector<int64_t>>& units) {  // a round's, on rank 0
    for (const std::vector<int64_t>& unit : units)
      for (int64_t row : unit) {
        const GridPoint p = grid.point(plan.jobs[static_cast<size_t>(row)]);
        const double n = p.has("n") ? p.real("n") : 1.0;
        work[static_cast<size_t>(row)] = n * n;
        (kept[static_cast<size_t>(row)] ? trained_left : untrained_left) += n * n;
      }
  };
  // Work in flight: a busy rank has been on its current network since its last report (or
  // the start), and that much of the work left is done already (at most one network's worth).
  std::map<int, double> last_event;  // rank → clock seconds of its last report
  auto eta_seconds = [&](const std::map<int, std::string>& busy) {
    if (work_done <= 0) return std::nan("");
    const double analysis = (compute_seconds - train_seconds) / work_done;
    const double train = work_trained > 0 ? train_seconds / work_trained : 0;
    const double left = untrained_left * (analysis + train) + trained_left * analysis;
    const double per_network = (analysis + train) * work_done / static_cast<double>(std::max<int64_t>(1, done_now));
    double in_flight = 0;
    for (const auto& [r, text] : busy)
      in_flight += std::min(per_network, clock.seconds() - (last_event.count(r) ? last_event[r] : 0.0));
    return std::max(0.0, left - in_flight) / workers;
  };
  // A line per network (and per kept training) at up to 16 workers; beyond, they would flood
  // the log (hundreds a minute at 1,000 ranks), so only -v shows them and the minute's line
  // carries the counts.
  const spdlog::level::level_enum network_lines = workers <= 16 ? spdlog::level::info : spdlog::level::debug;
  std::string last_line;  // the master's last progress line
  std::map<int, std::string> busy_now;  // the last on_progress's busy ranks
  auto on_report = [&](const std::string& report, int from) {
    last_event[from] = clock.seconds();
    std::istringstream lines(report);
    std::string line, trained;
    int trained_count = 0;
    while (std::getline(lines, line)) {
      std::istringstream f(line);
      long long row;
      int status;
      double compute_s, train_s, write_s;
      f >> row >> status >> compute_s >> train_s >> write_s;
      std::string what;
      f >> std::ws;
      std::getline(f, what);
      const bool known = row >= 0 && row < total;
      const size_t r = known ? static_cast<size_t>(row) : 0;
      if (status == kTrained) {  // a unit's training is kept: "job 12"
        trained += (trained_count++ ? ", " : "") + what.substr(what.find(' ') + 1);
        if (known && !kept[r]) {
          kept[r] = 1;
          untrained_left -= work[r];
          trained_left += work[r];
        }
        continue;
      }
      if (known) {
        (kept[r] ? trained_left : untrained_left) -= work[r];
        work_done += work[r];
        if (train_s > 0) work_trained += work[r];
      }
      train_seconds += train_s;
      ++done;
      ++done_now;
      failed += status == 2;
      compute_seconds += compute_s;
      write_seconds += write_s;
      last_line = fmt::format("[{}/{}] {} | {} failed | ETA {}", done, aim, what, failed,
                              duration(eta_seconds(busy_now)));
      spdlog::log(status == kFailed ? spdlog::level::info : network_lines, "{}", last_line);
    }
    if (trained_count) {
      last_line = fmt::format("[{}/{}] trained: job{} {} (kept in the store: a stop from now on "
                              "loses only {} analyses)", done, aim, trained_count == 1 ? "" : "s",
                              trained, trained_count == 1 ? "its" : "their");
      spdlog::log(network_lines, "{}", last_line);
    }
    if (lock) lock->note(last_line + " (at " + clock_time() + ")");  // what `status` shows
  };
  // At least once a minute while work is in flight: networks done, what the busy ranks do
  // (grouped by phase: one line however many ranks), and an ETA from the compute time of the
  // networks finished so far.
  auto on_progress = [&](const std::map<int, std::string>& busy) {
    busy_now = busy;
    std::map<std::string, int> phases;  // "train 43% (7 networks)" → "train": how many ranks
    std::string sample;
    for (const auto& [rank_of, text] : busy) {
      ++phases[text.substr(0, text.find(' '))];
      if (sample.empty() || busy.size() == 1) sample = text;
    }
    std::string doing;
    for (const auto& [phase, count] : phases)
      doing += (doing.empty() ? "" : ", ") + std::to_string(count) + " in " + phase;
    const std::string line = fmt::format(
        "[{}/{}] running: {} | e.g. {} | elapsed {} | ETA {}", done, aim, doing, sample,
        duration(clock.seconds()),
        work_done > 0 ? duration(eta_seconds(busy)) : std::string("after the first network is done"));
    spdlog::info("{}", line);
    if (lock) lock->note(line + " (at " + clock_time() + ")");
  };
  // The rounds: a plain sweep has one, its pending units. An adaptive sweep's controller
  // decides each from the outcomes committed so far, which rank 0 reads back from the store
  // once every rank has synced the round's rows.
  const bool adaptive = spec.adaptive.on;
  const Outcome outcome_spec = adaptive ? adaptive_outcome(*spec.study, spec.adaptive) : Outcome{};
  AdaptiveState state;
  std::map<int64_t, int> seen;  // job → its outcome, once committed
  auto outcome_of = [&](int64_t job) {
    if (const auto it = seen.find(job); it != seen.end()) return it->second;
    const Row r = store.read_row(job, outcome_spec.columns);
    std::vector<double> values;
    for (const std::string& c : outcome_spec.columns) values.push_back(r.values.at(c).front());
    const int o = row_outcome(outcome_spec, r.status, values);
    if (o != kNotRun) seen[job] = o;
    return o;
  };
  bool first_round = true;
  auto next_round = [&]() -> std::vector<std::vector<int64_t>> {
    if (!adaptive) {
      if (!first_round) return {};
      first_round = false;
      return prep.pending;
    }
    state = replay_adaptive(grid, spec.adaptive, outcome_spec, outcome_of);
    if (state.finished) return {};
    int64_t open = 0;
    double widest = 0;
    for (const AdaptiveCell& c : state.cells) {
      open += !c.met && c.chosen < state.pool;
      if (!c.met) widest = std::max(widest, std::isfinite(c.half_width) ? c.half_width : 1.0);
    }
    if (state.rounds.size() == 1)
      spdlog::info("adaptive round 0: the first {} seed(s) of each of {} cells, {} of its {} networks "
                   "to run; a budget of {}", std::min(spec.adaptive.initial, state.pool),
                   state.cells.size(), state.waiting.size(), state.rounds.back().size(),
                   spec.adaptive.budget);
    else
      spdlog::info("adaptive round {}: {} of its {} networks to run; {} given of a budget of {}; "
                   "{} cell{} not at ±{} yet (widest ±{:.3f})", state.rounds.size() - 1,
                   state.waiting.size(), state.rounds.back().size(), state.chosen,
                   spec.adaptive.budget, open, open == 1 ? "" : "s", spec.adaptive.half_width, widest);
    return make_units(grid, spec.study->group_max(), state.waiting);
  };
  DispatchOutcome outcome;
  for (;;) {
    std::vector<std::vector<int64_t>> units;
    std::string round_error;
    if (rank == 0 && outcome.error.empty() && outcome.abandoned == 0 && outcome.left == 0 &&
        !stop_requested()) {
      try {
        units = next_round();
      } catch (const std::exception& e) {  // a row rank 0 cannot read back
        round_error = e.what();
      }
    }
    if (!round_error.empty()) outcome.error = round_error;
    int go = units.empty() ? 0 : 1;
    MPI_Bcast(&go, 1, MPI_INT, 0, comm);
    if (!go) break;
    add_work(units);
    const DispatchOutcome round =
        dispatch(comm, units, job_maker(worker, grid, plan, store, prep.session, spec.study->kept_columns()),
                 on_report, o.grace_seconds, on_progress);
    if (adaptive) {  // MPI-IO's sync-barrier-sync: every rank's rows visible to rank 0's reads
      std::string sync_error;
      for (int pass = 0; pass < 2; ++pass) {
        try {
          store.flush();
        } catch (const std::exception& e) {
          if (sync_error.empty()) sync_error = e.what();
        }
        if (pass == 0) MPI_Barrier(comm);
      }
      if (rank == 0 && outcome.error.empty()) outcome.error = sync_error;
    }
    outcome.committed += round.committed;
    outcome.abandoned += round.abandoned;
    outcome.left += round.left;
    if (outcome.error.empty()) outcome.error = round.error;
  }
  if (rank == 0 && !adaptive && first_round) outcome.left = static_cast<int64_t>(prep.pending.size());
  // A finished adaptive sweep marks the seeds it did not need, so no reader counts them pending.
  int64_t skipped = 0;
  if (rank == 0 && adaptive && state.finished && outcome.error.empty()) {
    try {
      std::vector<char> chosen(static_cast<size_t>(grid.size()), 0);
      for (const auto& round : state.rounds)
        for (int64_t job : round) chosen[static_cast<size_t>(job)] = 1;
      for (int64_t job = 0; job < grid.size(); ++job)
        if (!chosen[static_cast<size_t>(job)] && is_pending(store.read_row(job, {}).status)) {
          store.mark_skipped(job, prep.session);
          ++skipped;
        }
    } catch (const std::exception& e) {
      outcome.error = e.what();
    }
  }
  store.close();

  if (rank != 0) return kExitComplete;
  if (!outcome.error.empty()) {
    spdlog::error("stopped: {}", outcome.error);
    spdlog::error("{} of {} networks committed; every committed row is intact and the store "
                  "resumes (exit code {})", done, aim, kExitError);
    return kExitError;
  }
  if (adaptive && state.finished) {
    if (done_now > 0)
      spdlog::info("{} networks committed this run in {} ({} failed in all)", done_now,
                   duration(clock.seconds()), failed);
    spdlog::info("adaptive sweep stopped: {}; {} networks run of the {}-network grid{}; `wmsweep "
                 "status {}` shows every cell", state.reason, state.chosen, grid.size(),
                 skipped ? fmt::format(" ({} seeds marked skipped)", skipped) : std::string(),
                 o.store_path);
    if (failed > 0) spdlog::warn("{} network(s) failed; `wmsweep status {}` lists why", failed, o.store_path);
    return kExitComplete;
  }
  const int64_t pending = total - done;
  if (done == total && done_now == 0) return kExitComplete;  // was complete already
  if (done_now > 0)
    spdlog::info("{} networks committed this run in {} ({} failed in all); writing rows took "
                 "{:.2g}% of computing them", done_now, duration(clock.seconds()), failed,
                 100 * write_seconds / compute_seconds);
  else
    spdlog::info("no network committed this run ({} failed in all)", failed);
  if (adaptive) {
    spdlog::warn("incomplete: stopped {}; run the same command again to resume (exit code {})",
                 state.rounds.empty() ? std::string("before its first round")
                                      : fmt::format("in adaptive round {}", state.rounds.size() - 1),
                 kExitIncomplete);
    return kExitIncomplete;
  }
  if (pending > 0) {
    spdlog::warn("incomplete: {} of {} networks pending ({} unit(s) abandoned, {} not started); "
                 "run the same command again to resume (exit code {})",
                 pending, total, outcome.abandoned, outcome.left, kExitIncomplete);
    return kExitIncomplete;
  }
  if (failed > 0) spdlog::warn("{} network(s) failed; `wmsweep status {}` lists why", failed, o.store_path);
  return kExitComplete;
}

}  // namespace wmsweep
