#pragma once
// `wmsweep submit`: a sweep as a SLURM array job (task I runs shard I/K into RUN_DIR/shards/)
// plus an aggregation job that runs after it (afterany) and writes RUN_DIR/results.h5.
// The scripts come from the templates in slurm/ (next to the build folder, or
// $WMSWEEP_TEMPLATES); RUN_DIR keeps the spec, the scripts, the shards and the logs:
//   RUN_DIR/spec.toml  array.sbatch  aggregate.sbatch  submit.log  shards/  logs/
#include <string>
#include <vector>

namespace wmsweep {

struct SubmitOptions {
  std::string spec_path, run_dir;
  int tasks = 1;
  int throttle = 0;                 // at most this many tasks at once (0: no limit)
  std::string time = "24:00:00";    // per task
  int ranks_per_task = 2;           // MPI ranks per task: 1 dispatcher + workers
  std::string partition, account;
  std::string launcher = "srun";    // srun --mpi=pmix, or "mpirun" where the site wants it
  std::vector<std::string> sbatch_lines;  // extra "#SBATCH …" lines, as given
  int signal_before = 300;          // seconds before the limit the engine is told to stop
  bool dry_run = false;             // write the scripts and print the commands only
  // A whole-grid store of an earlier spec that the new one only adds grid values to: each
  // task's shard starts with its rows (sweep/extend.h), so the array computes only the new
  // points. A child process starts MPI for that step (this one forks sbatch afterwards).
  std::string extend;
};

// Returns the exit code (0 submitted or written; 2 bad input, e.g. no sbatch).
int submit(const SubmitOptions& options);

// Resubmits only the array tasks whose shard is missing or has uncommitted rows, then the
// aggregation again; refuses when RUN_DIR/spec.toml no longer matches the shards' spec.
int submit_resume(const std::string& run_dir, bool dry_run);

// Per-shard and total progress, and which tasks failed and why (shards and SLURM logs).
std::string run_dir_status(const std::string& run_dir);

bool is_run_dir(const std::string& path);

}  // namespace wmsweep
