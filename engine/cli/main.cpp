// wmsweep command line. Exit codes (docs/cli.md): `one` 0 ok, 1 the network failed (diverged);
// `run` 0 complete, 1 store write error, 3 incomplete (stopped: run again to resume);
// every command: 2 bad input (spec, flags, files), a changed spec on resume, a store in use.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <cstdio>
#include <string>

#include <mpi.h>

#include <sstream>

#include "cli/report.h"
#include "linalg/vmath.h"
#include "query/table.h"
#include "slurm/submit.h"
#include "store/sweepstore.h"
#include "studies/registry.h"
#include "sweep/aggregate.h"
#include "sweep/estimate.h"
#include "sweep/plan.h"
#include "sweep/relabel.h"
#include "sweep/run.h"
#include "sweep/spec.h"
#include "sweep/status.h"
#include "util/errors.h"

using namespace wmsweep;

namespace {

// --job: a whole number as written ("", "1.5" or "3x" would otherwise run job 0 or 3)
long long parse_job(const std::string& text) {
  long long job = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, job);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw InputError("--job '" + text + "': give the job index, a whole number (0 is the first "
                     "network of the grid; is the variable that should hold it unset?)");
  return job;
}

// --out must be a new file in a folder that exists, never one of the inputs: checked before
// any training, not after it.
void check_out(const std::string& out, const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& in : inputs)
    if (!in.empty() && fs::exists(out, ec) && fs::equivalent(out, in, ec))
      throw InputError("--out " + out + " is the input " + in + ": give another file name");
  const fs::path parent = fs::path(out).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw InputError("--out " + out + ": the folder " + parent.string() + " does not exist");
  if (fs::is_directory(out, ec)) throw InputError("--out " + out + " is a folder: give a file name");
}

int run_one(const std::string& spec_path, const std::string& job_text, const OneOptions& options,
            double max_memory) {
  const long long job = parse_job(job_text);
  if (!options.out.empty()) check_out(options.out, {spec_path, options.weights_from, options.inputs_from});
  const Spec spec = load_spec(spec_path);
  check_unit_memory(spec, max_memory);
  return spec.study->one(spec.grid().point(job), spec.text, options);
}

}  // namespace

int main(int argc, char** argv) {
  linalg::use_single_threaded_blas();
  CLI::App app{"wmsweep: train and analyse ensembles of working-memory rate networks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wmsweep " WMSWEEP_VERSION);
  std::string footer = "\nStudies (a spec's `study = \"…\"`; the first is the default):\n";
  for (const Study* s : studies()) footer += "  " + s->name() + ": " + s->summary() + "\n";
  app.footer(footer + "Adding one: engine/studies/README.md. Every command: docs/cli.md.");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "per-phase detail");

  auto* one = app.add_subcommand("one", "train and analyse one network of a sweep (one job)");
  std::string spec_path, out, weights_from, inputs_from, job;
  bool save_inputs = false;
  one->add_option("spec", spec_path, "sweep spec (TOML)")->required();
  one->add_option("--job", job, "job index in the grid (docs/spec.md: grid order)")->required();
  one->add_option("--out", out, "write weights, readouts and results to this HDF5 file");
  one->add_flag("--save-inputs", save_inputs, "also store the training inputs in --out");
  one->add_option("--weights-from", weights_from,
                  "read initial weights (/init) from an HDF5 file instead of the seed");
  one->add_option("--inputs-from", inputs_from,
                  "read training inputs (/train) from an HDF5 file instead of the seed");
  std::string max_memory;
  const std::string memory_help =
      "refuse a spec whose unit of work needs more memory than this per rank, e.g. 64G "
      "(default: this machine's memory)";
  one->add_option("--max-memory", max_memory, memory_help);

  auto* run = app.add_subcommand(
      "run", "run a sweep (or one shard) into a store; again on the same store to resume. "
             "Under mpirun: rank 0 dispatches, the other ranks compute (use cores + 1 ranks)");
  RunOptions run_opts;
  std::string shard = "0/1";
  run->add_option("spec", run_opts.spec_path, "sweep spec (TOML)")->required();
  run->add_option("--store", run_opts.store_path, "results store (default: SPEC's name .h5 here)");
  run->add_option("--shard", shard, "run only shard I of K (0 <= I < K): units u with u mod K = I")
      ->default_val("0/1");
  run->add_option("--max-memory", max_memory, memory_help);
  run->add_flag("--save-weights", run_opts.save_weights,
                "also store the initial weights (J, w_f, w_fd, w_i, x0) of every network");
  run->add_option("--grace", run_opts.grace_seconds,
                  "on SIGTERM/SIGUSR1/SIGINT, seconds running networks may take to finish "
                  "before they are abandoned (uncommitted)")
      ->default_val(60)
      ->check(CLI::Validator(
          [](std::string& v) {
            char* end = nullptr;
            const double s = std::strtod(v.c_str(), &end);
            return std::isfinite(s) && s >= 0 && s <= 1e7 && *end == '\0'
                       ? std::string()
                       : "must be a number of seconds in [0, 10000000]";
          },
          "SECONDS"));

  auto* status = app.add_subcommand(
      "status", "progress of a store (done, failed, pending, labels, time) or of a submit run folder");
  std::string store_path;
  status->add_option("store", store_path, "results store (HDF5), or the --run-dir of wmsweep submit")
      ->required();

  auto* submit_cmd = app.add_subcommand(
      "submit", "run a sweep on SLURM: an array job of K shards and an aggregation job after it; "
                "--resume DIR resubmits only unfinished tasks");
  SubmitOptions sub;
  std::string resume_dir;
  bool dry_run = false;
  submit_cmd->add_option("spec", sub.spec_path, "sweep spec (TOML)");
  submit_cmd->add_option("--run-dir", sub.run_dir, "folder for the scripts, shards, logs and results.h5");
  submit_cmd->add_option("--tasks", sub.tasks, "array tasks K (shards); at most the sweep's units")
      ->default_val(1);
  submit_cmd->add_option("--throttle", sub.throttle, "at most this many tasks at once (%T)");
  submit_cmd->add_option("--time", sub.time, "time limit per task, HH:MM:SS")->default_val("24:00:00");
  submit_cmd->add_option("--ranks-per-task", sub.ranks_per_task,
                         "MPI ranks per task (1 dispatcher + workers)")->default_val(2);
  submit_cmd->add_option("--partition", sub.partition, "SLURM partition");
  submit_cmd->add_option("--account", sub.account, "SLURM account");
  submit_cmd->add_option("--launcher", sub.launcher, "srun (srun --mpi=pmix) or mpirun")
      ->default_val("srun");
  submit_cmd->add_option("--sbatch", sub.sbatch_lines, "an extra #SBATCH line, e.g. --sbatch '--qos=long' (repeatable)");
  submit_cmd->add_option("--stop-before", sub.signal_before,
                         "seconds before the time limit the engine is told to stop cleanly")
      ->default_val(300);
  submit_cmd->add_option("--resume", resume_dir, "resubmit the unfinished tasks of this run folder");
  submit_cmd->add_flag("--dry-run", dry_run, "write the scripts (with --extend, the seeded shards too) and "
                                             "print the sbatch commands only");
  submit_cmd->add_option("--extend", sub.extend,
                         "a finished store (e.g. an earlier run folder's results.h5) that SPEC only adds "
                         "grid values to: the shards start with its rows, so the array computes only the "
                         "new networks");
  bool submit_plan = false;
  submit_cmd->add_flag("--plan", submit_plan,
                       "measure the sweep's cost here first (as `wmsweep plan`, about half a minute) "
                       "and take --tasks and --time from it unless they are given; with it "
                       "--ranks-per-task defaults to 2, as the plan assumes");

  auto* query = app.add_subcommand(
      "query", "the study's table per hyperparameter combination, with counts, fractions and 95% "
               "Wilson intervals (with mechanism labels: the prevalence of each; each study's "
               "table: docs/cli.md)");
  std::string by, variant = "a", format = "table";
  query->add_option("store", store_path, "results store (HDF5)")->required();
  query->add_option("--by", by, "comma-separated grid columns of the store (default: the study's own)");
  bool agree = false;
  query->add_option("--variant", variant,
                    "label: a or b (simulation variants), dynamics (from fixed points); "
                    "docs/science.md: how a network is counted")
      ->default_val("a");
  query->add_flag("--agree", agree,
                  "how often the dynamics label equals simulation label --variant (a or b)");
  bool claims_flag = false, all_networks = false;
  query->add_flag("--claims", claims_flag,
                  "the study's other claims per --variant label: robustness per sigma (and "
                  "slow_manifold/fixed_points), forgetting, phasic units, stable points per "
                  "memory, with 95% intervals over networks");
  query->add_flag("--all", all_networks,
                  "count every ok network; by default only those that learned the task "
                  "(test.trained_*), and the untrained ones get their own line");
  bool adaptive_flag = false;
  query->add_flag("--adaptive", adaptive_flag,
                  "an adaptive sweep's cells: seeds run, networks counted, the widest 95% interval "
                  "of [adaptive] quantity and whether it meets the target (docs/adaptive.md)");
  query->add_option("--format", format, "table, csv or json")->default_val("table");
  std::string where;
  query->add_option("--where", where, "only networks with these grid values, e.g. g=1.2,fb=5 or "
                                      "sigma_rec=0.1,activation=tanh");

  auto* aggregate = app.add_subcommand(
      "aggregate", "join the shard stores of one sweep into one file of the same schema "
                   "(exit 0: complete, 3: jobs missing, listed)");
  std::vector<std::string> aggregate_inputs;
  std::string aggregate_out;
  aggregate->add_option("inputs", aggregate_inputs, "shard stores, or their run folder")->required();
  aggregate->add_option("-o,--out", aggregate_out, "the joined file (replaced when it exists)")
      ->required();

  auto* plan_cmd = app.add_subcommand(
      "plan", "what a sweep will cost before it runs: grid, units, memory per rank, store size, "
              "core-hours and wall time at a few rank counts, and a submit line; measured on "
              "this machine by running the spec's largest unit once, scaled down");
  plan_cmd->add_option("spec", spec_path, "sweep spec (TOML)")->required();

  auto* relabel = app.add_subcommand(
      "relabel", "derive every network's mechanism labels and \"trained\" mark again from the "
                 "store's raw measurements under this engine's rules (the study's float32 rule); "
                 "brings a wmsweep-store/1 store to the current schema. Nothing is recomputed");
  relabel->add_option("store", store_path, "results store (HDF5); no run may hold it")->required();

  auto* report = app.add_subcommand(
      "report", "one self-contained HTML page of a store, to open anywhere: what ran, status and "
                "failures, the study's tables (as query prints them) and its figures; works on a "
                "store a sweep is still writing. Needs Python with h5py, pandas, matplotlib");
  ReportOptions report_opts;
  report->add_option("store", report_opts.store, "results store (HDF5)")->required();
  report->add_option("-o,--out", report_opts.out, "the HTML file (default: the store's name .html)");
  report->add_option("--variant", report_opts.variant,
                     "the figures' simulation label, a or b (studies with two variants)")
      ->default_val("a");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 2 (bad input), as documented
    return app.exit(e) == 0 ? 0 : 2;
  }
  // progress to stderr: stdout carries only the summary, so it can be piped
  spdlog::set_default_logger(spdlog::stderr_color_mt("wmsweep"));
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  try {
    const double memory_limit =
        max_memory.empty() ? physical_memory_bytes() : parse_bytes(max_memory, "--max-memory");
    if (one->parsed())
      return run_one(spec_path, job, OneOptions{out, save_inputs, weights_from, inputs_from}, memory_limit);
    if (status->parsed()) {
      std::fputs((is_run_dir(store_path) ? run_dir_status(store_path) : status_text(store_path)).c_str(),
                 stdout);
      return 0;
    }
    if (submit_cmd->parsed()) {
      if (!resume_dir.empty()) return submit_resume(resume_dir, dry_run);
      if (sub.spec_path.empty() || sub.run_dir.empty())
        throw InputError("submit: give SPEC and --run-dir DIR (or --resume DIR)");
      sub.dry_run = dry_run;
      if (submit_plan) {
        if (submit_cmd->count("--ranks-per-task") && sub.ranks_per_task != 2)
          throw InputError("submit --plan suggests tasks of 2 ranks; drop --ranks-per-task or --plan");
        const Spec spec = load_spec(sub.spec_path);
        if (spec.adaptive.on)
          throw InputError("submit --plan sizes an array of shards, and an adaptive sweep runs as one "
                           "task (docs/adaptive.md): submit it with --tasks 1, its ranks with "
                           "--ranks-per-task and --time (`wmsweep plan` prices the whole grid, its "
                           "upper bound)");
        spdlog::info("measuring the plan of {} (wmsweep plan)…", sub.spec_path);
        const SweepPlan plan = plan_sweep(spec);
        const SubmitSuggestion s = suggest_submit(plan);
        if (!submit_cmd->count("--tasks")) sub.tasks = static_cast<int>(s.tasks);
        if (!submit_cmd->count("--time")) sub.time = s.time;
        std::printf("plan: %.2f core-hours in %lld units; submitting --tasks %d --time %s "
                    "(each task 1.5x its share, at least its longest unit)\n",
                    plan.core_seconds / 3600, static_cast<long long>(plan.units), sub.tasks,
                    sub.time.c_str());
      }
      return submit(sub);
    }
    if (query->parsed()) {
      QueryArgs args;
      std::istringstream list(by);
      for (std::string k; std::getline(list, k, ',');)
        if (!k.empty()) args.by.push_back(k);
      args.where = parse_where(where);
      args.variant = variant;
      args.variant_given = query->count("--variant") > 0;
      args.format = format;
      args.agree = agree;
      args.claims = claims_flag;
      args.all = all_networks;
      const StoreReader store(store_path);
      const Spec spec = parse_spec(store.header().spec_text, store_path + " (its stored spec)");
      check_store_columns(store, spec, store_path);
      if (adaptive_flag) {
        if (!spec.adaptive.on)
          throw InputError("--adaptive: " + store_path + " holds no adaptive sweep (its spec has no [adaptive])");
        if (!by.empty() || !where.empty() || agree || claims_flag || all_networks || args.variant_given)
          throw InputError("--adaptive takes only --format: its cells are the grid's, every axis but seed");
        check_format(format);
        const Outcome outcome = adaptive_outcome(*spec.study, spec.adaptive);
        std::fputs(format_adaptive(adaptive_state(store, spec.grid(), spec.adaptive, outcome),
                                   spec.adaptive, outcome, format).c_str(), stdout);
        return 0;
      }
      std::fputs(spec.study->query(store, args).c_str(), stdout);
      return 0;
    }
    if (report->parsed()) return write_report(report_opts);
    if (plan_cmd->parsed()) {
      const Spec spec = load_spec(spec_path);
      check_unit_memory(spec, memory_limit);
      std::fputs(format_plan(spec, plan_sweep(spec)).c_str(), stdout);
      return 0;
    }
    if (relabel->parsed()) {
      const RelabelReport r = relabel_store(store_path);
      std::printf("%s: %s -> %s, %lld networks (%lld ok)\n", store_path.c_str(), r.from_schema.c_str(),
                  kStoreSchema, static_cast<long long>(r.rows), static_cast<long long>(r.ok));
      std::fputs(r.lines.c_str(), stdout);
      return 0;
    }
    if (aggregate->parsed()) {
      for (const std::string& shard : shard_files(aggregate_inputs)) probe_store(shard);
      int provided = 0;
      MPI_Init_thread(&argc, &argv, MPI_THREAD_SINGLE, &provided);
      const AggregateReport report = aggregate_stores(aggregate_inputs, aggregate_out);
      MPI_Finalize();
      std::printf("%s: %lld jobs: %lld ok, %lld failed, %zu missing%s\n", aggregate_out.c_str(),
                  static_cast<long long>(report.jobs), static_cast<long long>(report.ok),
                  static_cast<long long>(report.failed), report.missing.size(),
                  report.skipped ? (", " + std::to_string(report.skipped) + " skipped (adaptive)").c_str() : "");
      for (size_t k = 0; k < std::min<size_t>(report.failures.size(), 20); ++k)
        std::printf("failed   %s\n", report.failures[k].c_str());
      if (!report.missing.empty()) {
        std::printf("missing  jobs");
        for (size_t k = 0; k < std::min<size_t>(report.missing.size(), 50); ++k)
          std::printf(" %lld", static_cast<long long>(report.missing[k]));
        std::printf("%s\n", report.missing.size() > 50 ? " …" : "");
        return 3;  // resume the missing shards, then aggregate again
      }
      return 0;
    }
    if (run->parsed()) {
      run_opts.shard = parse_shard(shard);
      run_opts.max_memory = memory_limit;
      if (run_opts.store_path.empty()) run_opts.store_path = default_store_path(run_opts.spec_path);
      probe_store(run_opts.store_path);  // before MPI_Init: an MPI process must not fork
      int provided = 0;
      MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
      int rank = 0, size = 1;
      MPI_Comm_rank(MPI_COMM_WORLD, &rank);
      MPI_Comm_size(MPI_COMM_WORLD, &size);
      if (size > 1) spdlog::set_pattern(rank == 0 ? "[%H:%M:%S] %^%l%$ %v"
                                                  : "[%H:%M:%S] [rank " + std::to_string(rank) + "] %^%l%$ %v");
      else spdlog::set_pattern("[%H:%M:%S] %^%l%$ %v");
      if (rank != 0 && !verbose) spdlog::set_level(spdlog::level::warn);
      const int code = run_sweep(run_opts);
      spdlog::default_logger()->flush();  // not shutdown(): an abandoned unit's thread still logs
      MPI_Finalize();
      std::fflush(stdout);
      std::fflush(stderr);
      std::_Exit(code);  // an abandoned unit's thread may still be running: no destructors
    }
  } catch (const SpecError& e) {
    std::fprintf(stderr, "wmsweep: spec error: %s\n", e.what());
    return 2;
  } catch (const InputError& e) {
    std::fprintf(stderr, "wmsweep: %s\n", e.what());
    return 2;
  } catch (const StoreWriteError& e) {
    std::fprintf(stderr, "wmsweep: %s\n", e.what());
    return 1;
  }
  return 0;
}
