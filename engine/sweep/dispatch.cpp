#include "sweep/dispatch.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "util/errors.h"
#include "util/stop.h"

namespace wmsweep {
namespace {

enum Tag : int { kWork = 1, kDone = 2, kHurry = 3, kFinish = 4, kProgress = 5 };

// Sleeps that start short (a reply is usually near) and back off to a cap. Blocking MPI calls
// would spin on a core, so waiting ranks sleep instead.
class Backoff {
 public:
  explicit Backoff(double cap_seconds = 5e-3) { set_cap(cap_seconds); }
  void wait() {
    std::this_thread::sleep_for(std::chrono::microseconds(us_));
    us_ = std::min(us_ * 2, cap_us_);
  }
  void reset() { us_ = 50; }
  void set_cap(double seconds) { cap_us_ = std::clamp(static_cast<int>(seconds * 1e6), 50, 100000); }

 private:
  int us_ = 50, cap_us_ = 5000;
};

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Runs a job's compute() on a thread and waits for it, waking every 20 ms to poll (the caller
// flushes finished rows and sends progress; poll() returning true abandons the unit at once)
// and to check for a stop, so the caller can give up. Returns true when it finished, false
// when it was abandoned (the thread is left running, with its job, until the process exits).
template <class Poll>
bool run_with_grace(std::unique_ptr<UnitJob>& job, double grace_seconds, Poll&& poll) {
  struct Finish {
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
  };
  auto finish = std::make_shared<Finish>();  // shared: an abandoned thread still signals it
  UnitJob* raw = job.get();
  std::thread worker([raw, finish] {
    raw->compute();
    std::lock_guard<std::mutex> lock(finish->m);
    finish->done = true;
    finish->cv.notify_one();
  });
  double stop_seen = -1;
  std::unique_lock<std::mutex> lock(finish->m);
  while (!finish->cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return finish->done; })) {
    lock.unlock();
    const bool give_up = poll();
    lock.lock();
    if (!give_up && !stop_requested()) continue;
    if (stop_seen < 0) stop_seen = now();
    if (give_up || now() - stop_seen >= grace_seconds || stop_is_urgent()) {
      worker.detach();
      job.release();  // still in use by the detached thread
      return false;
    }
  }
  lock.unlock();
  worker.join();
  return true;
}

void send_text(MPI_Comm comm, int to, int tag, const std::string& text) {
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, to, tag, comm);
}
std::string recv_text(MPI_Comm comm, int from, int tag, int* source) {
  MPI_Status st;
  MPI_Probe(from, tag, comm, &st);
  int count = 0;
  MPI_Get_count(&st, MPI_CHAR, &count);
  std::string text(static_cast<size_t>(count), '\0');
  MPI_Recv(text.data(), count, MPI_CHAR, st.MPI_SOURCE, tag, comm, MPI_STATUS_IGNORE);
  if (source) *source = st.MPI_SOURCE;
  return text;
}

DispatchOutcome run_locally(const std::vector<std::vector<int64_t>>& units, const MakeJob& make_job,
                            const OnReport& on_report, double grace_seconds,
                            const OnProgress& on_progress) {
  DispatchOutcome out;
  const double every = progress_seconds();
  double last = now();
  for (size_t u = 0; u < units.size(); ++u) {
    if (stop_requested()) {
      out.left = static_cast<int64_t>(units.size() - u);
      break;
    }
    std::unique_ptr<UnitJob> job = make_job(units[u]);
    bool announced = false;
    UnitJob* running = job.get();
    auto announce = [&] {
      try {
        const std::string rows = running->flush();
        if (!rows.empty()) on_report(rows, 0);
      } catch (const StoreWriteError& e) {
        out.error = e.what();
        return true;
      }
      if (on_progress && now() - last >= every) {
        last = now();
        on_progress({{0, running->progress()}});
      }
      if (announced || !stop_requested()) return false;
      announced = true;
      spdlog::warn("stop requested (signal {}): the running unit has {} s to finish; signal "
                   "again to stop now", stop_signal(), grace_seconds);
      return false;
    };
    if (!run_with_grace(job, grace_seconds, announce)) {
      ++out.abandoned;
      out.left = static_cast<int64_t>(units.size() - u - 1);
      break;
    }
    try {
      on_report(job->commit(), 0);
    } catch (const StoreWriteError& e) {
      out.error = e.what();
      out.left = static_cast<int64_t>(units.size() - u - 1);
      break;
    }
    ++out.committed;
  }
  return out;
}

DispatchOutcome master(MPI_Comm comm, int size, const std::vector<std::vector<int64_t>>& units,
                       const OnReport& on_report, double grace_seconds,
                       const OnProgress& on_progress) {
  DispatchOutcome out;
  std::deque<size_t> pending;
  for (size_t u = 0; u < units.size(); ++u) pending.push_back(u);
  std::deque<int> idle;
  for (int w = 1; w < size; ++w) idle.push_back(w);
  int busy = 0;
  bool stopping = false;
  // The master wakes at most every 0.5% of a unit's duration: a worker then waits for its next
  // unit about 0.25% of the time, and with long units the master sleeps up to 100 ms.
  Backoff backoff(0);
  std::map<int, double> started;  // worker → when its unit was sent
  double unit_seconds = 0;        // mean so far; before any report, the age of the oldest unit
  int64_t reports = 0;
  std::map<int, std::string> doing;  // busy worker → its unit's last progress
  const double every = progress_seconds();
  double last_progress = now();
  for (;;) {
    if (stop_requested() && !stopping) {
      stopping = true;
      spdlog::warn("stop requested (signal {}): no new work; {} running unit(s) have {} s to "
                   "finish", stop_signal(), busy, grace_seconds);
      for (int w = 1; w < size; ++w) MPI_Send(nullptr, 0, MPI_CHAR, w, kHurry, comm);
    }
    while (!stopping && !idle.empty() && !pending.empty()) {
      const std::vector<int64_t>& unit = units[pending.front()];
      pending.pop_front();
      MPI_Send(unit.data(), static_cast<int>(unit.size()), MPI_INT64_T, idle.front(), kWork, comm);
      started[idle.front()] = now();
      doing[idle.front()] = "starting";
      idle.pop_front();
      ++busy;
    }
    if (busy == 0 && (pending.empty() || stopping)) break;
    for (int more = 1; more;) {  // the workers' progress, as it comes (never waited for)
      MPI_Status ps;
      MPI_Iprobe(MPI_ANY_SOURCE, kProgress, comm, &more, &ps);
      if (more) {
        int from = 0;
        const std::string text = recv_text(comm, ps.MPI_SOURCE, kProgress, &from);
        if (started.count(from)) doing[from] = text;
      }
    }
    if (on_progress && busy > 0 && now() - last_progress >= every) {
      last_progress = now();
      on_progress(doing);
    }
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(MPI_ANY_SOURCE, kDone, comm, &flag, &st);
    if (!flag) {
      if (reports == 0 && !started.empty()) {
        double oldest = now();
        for (const auto& [w, t] : started) oldest = std::min(oldest, t);
        backoff.set_cap(0.005 * (now() - oldest));
      }
      backoff.wait();
      continue;
    }
    backoff.reset();
    int from = 0;
    const std::string msg = recv_text(comm, st.MPI_SOURCE, kDone, &from);
    if (msg.size() >= 2 && msg[0] == 'R') {  // rows of a unit still running
      if (msg[1] == 'S') request_stop(SIGTERM);
      on_report(msg.substr(2), from);
      continue;
    }
    doing.erase(from);
    unit_seconds += (now() - started[from] - unit_seconds) / static_cast<double>(++reports);
    backoff.set_cap(0.005 * unit_seconds);
    started.erase(from);
    --busy;
    idle.push_back(from);
    if (msg.size() >= 2 && msg[1] == 'S') request_stop(SIGTERM);  // a worker was signalled
    if (!msg.empty() && msg[0] == 'E') {  // the worker could not write its rows: stop everyone
      if (out.error.empty()) {
        out.error = msg.substr(2);
        spdlog::error("{}", out.error);
      }
      ++out.abandoned;
      if (!stopping) {
        stopping = true;
        for (int w = 1; w < size; ++w) MPI_Send(nullptr, 0, MPI_CHAR, w, kHurry, comm);
      }
    } else if (!msg.empty() && msg[0] == 'A') {
      ++out.abandoned;
    } else {
      ++out.committed;
      on_report(msg.substr(2), from);
    }
  }
  out.left = static_cast<int64_t>(pending.size());
  for (int w = 1; w < size; ++w) MPI_Send(nullptr, 0, MPI_CHAR, w, kFinish, comm);
  // progress a worker sent just before its last report: received, so none is left unmatched
  for (int more = 1; more;) {
    MPI_Status ps;
    MPI_Iprobe(MPI_ANY_SOURCE, kProgress, comm, &more, &ps);
    if (more) recv_text(comm, ps.MPI_SOURCE, kProgress, nullptr);
  }
  return out;
}

void worker(MPI_Comm comm, const MakeJob& make_job, double grace_seconds) {
  Backoff backoff;
  auto hurry_pending = [&] {
    int flag = 0;
    MPI_Iprobe(0, kHurry, comm, &flag, MPI_STATUS_IGNORE);
    if (flag) {
      MPI_Recv(nullptr, 0, MPI_CHAR, 0, kHurry, comm, MPI_STATUS_IGNORE);
      request_stop(SIGUSR1);
    }
  };
  for (;;) {
    hurry_pending();
    int flag = 0;
    MPI_Status st;
    MPI_Iprobe(0, MPI_ANY_TAG, comm, &flag, &st);
    if (!flag) {
      backoff.wait();
      continue;
    }
    backoff.reset();
    if (st.MPI_TAG == kFinish) {
      MPI_Recv(nullptr, 0, MPI_CHAR, 0, kFinish, comm, MPI_STATUS_IGNORE);
      return;
    }
    if (st.MPI_TAG != kWork) continue;  // kHurry: handled above on the next pass
    int count = 0;
    MPI_Get_count(&st, MPI_INT64_T, &count);
    std::vector<int64_t> unit(static_cast<size_t>(count));
    MPI_Recv(unit.data(), count, MPI_INT64_T, 0, kWork, comm, MPI_STATUS_IGNORE);
    std::unique_ptr<UnitJob> job = make_job(unit);
    UnitJob* running = job.get();
    const double every = progress_seconds() / 2;
    double last = now();
    std::string sent, write_error;
    const bool finished = run_with_grace(job, grace_seconds, [&] {
      hurry_pending();
      try {  // rows finished so far, on the same tag as the unit's end so they arrive first
        const std::string rows = running->flush();
        if (!rows.empty()) send_text(comm, 0, kDone, std::string("R") + (stop_requested() ? "S" : "-") + rows);
      } catch (const StoreWriteError& e) {
        write_error = e.what();
        return true;
      }
      // a small eager send (the master drains them as they come): every half interval, and
      // when the unit enters a new phase (at most every 2 s, so short phases show too)
      const std::string text = running->progress();
      const double since = now() - last;
      if (since >= every || (since >= 2 && text.substr(0, text.find(' ')) != sent.substr(0, sent.find(' ')))) {
        last = now();
        sent = text;
        send_text(comm, 0, kProgress, text);
      }
      return false;
    });
    const std::string stop = stop_requested() ? "S" : "-";
    if (!write_error.empty()) {
      send_text(comm, 0, kDone, "E" + stop + write_error);
      continue;
    }
    if (!finished) {
      send_text(comm, 0, kDone, "A" + stop);
      continue;
    }
    std::string report;
    try {
      report = "D" + stop + job->commit();
    } catch (const StoreWriteError& e) {
      report = "E" + stop + e.what();  // the master stops the sweep; this worker waits for it
    }
    send_text(comm, 0, kDone, report);
  }
}

}  // namespace

double progress_seconds() {
  static const double seconds = [] {
    const char* v = std::getenv("WMSWEEP_PROGRESS_SECONDS");
    const double s = v ? std::atof(v) : 60.0;
    return s > 0 ? s : 60.0;
  }();
  return seconds;
}

DispatchOutcome dispatch(MPI_Comm comm, const std::vector<std::vector<int64_t>>& units,
                         const MakeJob& make_job, const OnReport& on_report,
                         double grace_seconds, const OnProgress& on_progress) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (size == 1) return run_locally(units, make_job, on_report, grace_seconds, on_progress);
  if (rank == 0) return master(comm, size, units, on_report, grace_seconds, on_progress);
  worker(comm, make_job, grace_seconds);
  return {};
}

}  // namespace wmsweep
