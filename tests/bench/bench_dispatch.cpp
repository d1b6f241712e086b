// What the master costs, measured with jobs that only sleep, under mpirun:
//   mpirun -n P --oversubscribe bench_dispatch [empty_jobs=20000] [ranks=1000] [job_seconds=60]
//                                              [emulate_seconds=20]
// 1. `empty_jobs` empty units through the P - 1 workers: the master's CPU time per job (handing
//    out a unit, taking its report) and the round trip a worker sees between two units.
// 2. The master's load at `ranks` ranks with units of `job_seconds`, emulated: reports must
//    reach it at (ranks - 1) / job_seconds per second, so the P - 1 workers sleep
//    (P - 1) / rate seconds per unit. Its CPU time over the wall time, for `emulate_seconds`,
//    is the fraction of the time it is busy. Sleeping workers cost no core, so P can be far
//    above the core count (64 workers is plenty).
#include <mpi.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "sweep/dispatch.h"

using namespace wmsweep;

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double cpu_seconds() {  // this process, all threads
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

class SleepJob : public UnitJob {
 public:
  explicit SleepJob(double seconds) : seconds_(seconds) {}
  void compute() override {
    if (seconds_ > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds_));
  }
  std::string commit() override { return "ok"; }

 private:
  double seconds_;
};

struct Measured {
  double wall, cpu;
  int64_t reports;
};
Measured run(int64_t jobs, double job_seconds) {
  std::vector<std::vector<int64_t>> units;
  for (int64_t j = 0; j < jobs; ++j) units.push_back({j});
  int64_t reports = 0;
  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = now(), c0 = cpu_seconds();
  dispatch(
      MPI_COMM_WORLD, units, [&](const std::vector<int64_t>&) { return std::make_unique<SleepJob>(job_seconds); },
      [&](const std::string&, int) { ++reports; }, 60);
  const Measured m{now() - t0, cpu_seconds() - c0, reports};
  MPI_Barrier(MPI_COMM_WORLD);
  return m;
}
}  // namespace

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int64_t empty_jobs = argc > 1 ? std::atoll(argv[1]) : 20000;
  const int ranks = argc > 2 ? std::atoi(argv[2]) : 1000;
  const double job_seconds = argc > 3 ? std::atof(argv[3]) : 60;
  const double emulate_seconds = argc > 4 ? std::atof(argv[4]) : 20;
  if (size < 2) {
    if (rank == 0) std::fprintf(stderr, "bench_dispatch: run under mpirun -n 2 or more\n");
    MPI_Finalize();
    return 2;
  }
  const int workers = size - 1;
  const Measured busy = run(empty_jobs, 0);
  const double rate = (ranks - 1) / job_seconds;  // reports per second at the master
  const int64_t rounds = std::max<int64_t>(1, std::llround(emulate_seconds * rate / workers));
  const Measured load = run(rounds * workers, workers / rate);
  if (rank == 0) {
    std::printf("%lld empty jobs through %d workers: %.0f jobs/s; master CPU %.1f us per job; "
                "a worker waits %.0f us between two jobs\n",
                static_cast<long long>(busy.reports), workers, busy.reports / busy.wall,
                1e6 * busy.cpu / busy.reports, 1e6 * (busy.wall * workers / busy.reports));
    std::printf("%d ranks with %.0f-s jobs, emulated by %d workers sleeping %.2f s per job "
                "(%.1f reports/s, %lld jobs in %.1f s): master busy %.3f%% of the time\n",
                ranks, job_seconds, workers, workers / rate, load.reports / load.wall,
                static_cast<long long>(load.reports), load.wall, 100 * load.cpu / load.wall);
  }
  MPI_Finalize();
  return 0;
}
