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

#include "linalg/vmath.h"
#include "query/claims.h"
#include "query/prevalence.h"
#include "query/report.h"
#include "slurm/submit.h"
#include "sweep/aggregate.h"
#include "sweep/estimate.h"
#include "sweep/plan.h"
#include "sweep/relabel.h"
#include "sweep/run.h"
#include "pipeline/study1.h"
#include "store/netfile.h"
#include "store/rowfile.h"
#include "pipeline/study2.h"
#include "sweep/rows.h"
#include "store/sweepstore.h"
#include "sweep/grid.h"
#include "sweep/spec.h"
#include "util/errors.h"

using namespace wmsweep;

namespace {

void print_summary(const Spec& spec, const NetworkResult& r) {
  std::printf("job %lld  %s\n", static_cast<long long>(r.point.job), r.point.describe().c_str());
  std::printf("status      %s%s%s\n", r.ok ? "ok" : "FAILED", r.ok ? "" : ": ", r.reason.c_str());
  if (r.ok) {
    std::printf("error rate ");
    for (size_t k = 0; k < r.error.rate.size(); ++k)
      std::printf("  eps=%g: %.3f", spec.test.thresholds[k], r.error.rate[k]);
    std::printf("\n  study's   ");
    for (size_t k = 0; k < r.error.study_rate.size(); ++k)
      std::printf("  eps=%g: %.3f", spec.test.thresholds[k], r.error.study_rate[k]);
    std::printf("  (rmse over %d runs)\n", static_cast<int>(r.error.rmse.size()));
    std::printf("trained     %s (at most %g of runs with %s above %g)%s\n", r.trained ? "yes" : "no",
                spec.test.trained_max_rate, spec.test.trained_rmse == "study" ? "the study's rmse" : "rmse",
                spec.test.trained_epsilon, r.skipped ? ": probes skipped" : "");
    if (!r.error.phasic.empty())
      std::printf("phasic      delay1 %.3f  response %.3f  (|mean r| > %g, mean of 16 runs)\n",
                  phasic_mean(r.error, 0), phasic_mean(r.error, 1), spec.analysis.phasic_threshold);
    if (r.has_longrun) {
      std::printf("label A     %-14s (%d distinct, %s)\n",
                  mechanism_name(r.longrun.label_a.mechanism), r.longrun.label_a.distinct,
                  r.longrun.label_a.settled ? "settled" : "not settled");
      std::printf("label B     %-14s (%d distinct, %s)\n",
                  mechanism_name(r.longrun.label_b.mechanism), r.longrun.label_b.distinct,
                  r.longrun.label_b.settled ? "settled" : "not settled");
      std::printf("speed       ");
      for (size_t k = 0; k < spec.analysis.speed_at.size(); ++k)
        std::printf(" t=%d:%.2g", spec.analysis.speed_at[k], r.longrun.speed[k]);
      std::printf("  (trial end 1)\n");
    }
    auto curve = [](const char* name, const char* x, const FailureCurve& c) {
      std::printf("%-11s", name);
      for (size_t k = 0; k < c.x.size(); k += std::max<size_t>(1, c.x.size() / 6))
        std::printf(" %s=%g:%.2f/%.2f", x, c.x[k], c.fail_end[k], c.fail_settle[k]);
      std::printf("  (fail end/settle)\n");
    };
    if (r.has_fixed_points) {
      const FixedPointSet& set = r.fixed_points;
      const auto kinds = kind_counts(set);
      std::printf("points      %zu from %zu starts: %d stable, %d saddle, %d marginal, %d slow; "
                  "%d unconverged (%ld iterations, %.2fs + %.2fs spectra)\n",
                  set.points.size(), set.starts.size(), kinds[0], kinds[1], kinds[2], kinds[3],
                  unconverged_starts(set), set.iterations, set.seconds_find, set.seconds_eigen);
      for (size_t p = 0; p < std::min<size_t>(set.points.size(), 6); ++p) {
        const FixedPoint& fp = set.points[p];
        std::printf("  point %-3zu %-10s hits %-4d unstable %-3d slow %-3d q %.1e  lambda_1 %.4f%+.4fi\n",
                    p, point_kind_name(fp.kind), fp.starts, fp.unstable, fp.slow, fp.q,
                    fp.eigenvalues.empty() ? 0.0 : fp.eigenvalues[0].real(),
                    fp.eigenvalues.empty() ? 0.0 : fp.eigenvalues[0].imag());
      }
      std::printf("memories   ");
      for (const MemorySite& m : r.memories)
        std::printf(" [point %d %s, distance %.3f, slow %.2f]", m.point, point_kind_name(m.kind),
                    m.distance, m.slow_fraction);
      std::printf("\nlabel dyn.  %s\n", mechanism_name(r.dynamics));
    }
    if (r.has_robustness) curve("robustness", "sigma", r.robustness);
    if (r.has_forgetting) curve("forgetting", "d", r.forgetting);
  }
  std::printf("cost       ");
  for (const PhaseCost& c : r.phases)
    std::printf(" %s %.2fs/%.0fMB", c.name.c_str(), c.seconds, c.peak_bytes / 1048576.0);
  std::printf("\n");
}

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

// `one`'s progress: training in steps of 10%, every other phase as it starts.
Progress log_progress() {
  return [last_percent = -1](const std::string& phase, double fraction, int) mutable {
    const int percent = static_cast<int>(fraction * 100);
    if (phase == "train" && percent / 10 == last_percent / 10) return;
    last_percent = percent;
    spdlog::info("{} {:.0f}%", phase, fraction * 100);
  };
}

// Study 2: one network trained and analysed exactly as `run` does it; --out holds its store row.
int run_one_orientations(const Spec& spec, long long job, const std::string& out) {
  const Grid grid(spec.grid);
  const GridPoint point = grid.point(job);
  const OrientationTask task = orientation_task(spec);
  const Progress progress = log_progress();
  const OrientationResult r = run_orientation_network(spec, task, point, progress);
  std::printf("job %lld %s: %s\n", job, point.describe(spec.study).c_str(), row_summary(r).c_str());
  if (!out.empty()) {
    const StoreShape shape = store_shape(spec, false);
    write_row_file(out, spec.text, shape, point, to_row(shape, r));
    std::printf("wrote %s\n", out.c_str());
  }
  return r.ok ? 0 : 1;
}

int run_one(const std::string& spec_path, const std::string& job_text, const std::string& out,
            bool save_inputs, const std::string& weights_from, const std::string& inputs_from,
            double max_memory) {
  const long long job = parse_job(job_text);
  if (!out.empty()) check_out(out, {spec_path, weights_from, inputs_from});
  const Spec spec = load_spec(spec_path);
  check_unit_memory(spec, max_memory);
  if (spec.study == "orientations") {
    if (save_inputs || !weights_from.empty() || !inputs_from.empty())
      throw InputError("--save-inputs, --weights-from and --inputs-from feed study 1's FORCE "
                       "trainer; " + spec_path + " is a study-2 spec: drop them");
    return run_one_orientations(spec, job, out);
  }
  const Grid grid(spec.grid);
  const GridPoint point = grid.point(job);
  const SeqMatchTask task = make_task(spec, load_latent_source(spec));

  Weights given_weights;
  TrainingSequence sequence;
  GivenInputs given;
  if (!weights_from.empty()) {
    given_weights = read_initial_weights(weights_from);
    if (given_weights.n != point.n)
      throw InputError(weights_from + ": /init/J is " + std::to_string(given_weights.n) +
                       " units but job " + std::to_string(job) + " has n = " +
                       std::to_string(point.n));
    given.weights = &given_weights;
  }
  const size_t steps = static_cast<size_t>(spec.train.n_train) * task.timing().trial();
  if (!inputs_from.empty()) {
    sequence = read_training_sequence(inputs_from);
    if (sequence.types.size() != static_cast<size_t>(spec.train.n_train) ||
        sequence.u.size() != 2 * steps)
      throw InputError(inputs_from + ": /train holds " + std::to_string(sequence.types.size()) +
                       " trials, the spec asks train.n_train = " +
                       std::to_string(spec.train.n_train));
    given.sequence = &sequence;
  } else if (save_inputs) {
    sequence = draw_training_sequence(task, point.key(), spec.train.n_train);
  }

  const Progress progress = log_progress();
  const std::vector<NetworkResult> results = run_group(spec, task, {point}, given, {}, progress);
  const NetworkResult& r = results.front();
  print_summary(spec, r);
  if (!out.empty()) {
    write_network_file(out, spec, r, (save_inputs || given.sequence) ? &sequence : nullptr);
    std::printf("wrote %s\n", out.c_str());
  }
  return r.ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  linalg::use_single_threaded_blas();
  CLI::App app{"wmsweep: train and analyse ensembles of working-memory rate networks"};
  app.require_subcommand(1);
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
  submit_cmd->add_flag("--dry-run", dry_run, "write the scripts and print the sbatch commands only");

  auto* query = app.add_subcommand(
      "query", "prevalence of each mechanism label per hyperparameter combination, with counts, "
               "fractions and 95% Wilson intervals (study 2: per condition, the fraction of "
               "Clifford-like networks and of networks with the human signature)");
  std::string by, variant = "a", format = "table";
  query->add_option("store", store_path, "results store (HDF5)")->required();
  query->add_option("--by", by, "comma-separated grid columns: seed, n, pg, in, g, fb (study 2: "
                              "seed, n, g, sigma_rec, ordinal, activation; default "
                              "sigma_rec,ordinal,activation)");
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
      return run_one(spec_path, job, out, save_inputs, weights_from, inputs_from, memory_limit);
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
      return submit(sub);
    }
    if (query->parsed()) {
      std::vector<std::string> keys;
      std::istringstream list(by);
      for (std::string k; std::getline(list, k, ',');)
        if (!k.empty()) keys.push_back(k);
      const Where filter = parse_where(where);
      const StoreReader store(store_path);
      if (store.header().shape.study == "orientations") {
        // study 2: per condition, the Clifford-like fraction and the human signature
        if (agree || variant != "a" || claims_flag || all_networks)
          throw InputError("--variant, --agree, --claims and --all are study 1's; a study-2 store "
                           "gets the per-condition table");
        if (by.empty()) keys = {"sigma_rec", "ordinal", "activation"};
        std::fputs(format_conditions(conditions(store, keys, filter), keys, format).c_str(), stdout);
      } else if (agree && claims_flag) {
        throw InputError("--agree and --claims: choose one");
      } else if (claims_flag) {
        std::fputs(format_claims(claims(store, keys, variant, filter, all_networks), keys, variant,
                                 all_networks, format).c_str(), stdout);
      } else if (agree) {
        std::fputs(format_agreement(agreement(store, keys, variant, filter, all_networks), keys,
                                    variant, format).c_str(), stdout);
      } else {
        std::fputs(format_prevalence(prevalence(store, keys, variant, filter, all_networks), keys,
                                     format).c_str(), stdout);
      }
      return 0;
    }
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
      if (r.study == "seqmatch") {
        std::printf("labels   %s: %lld networks labelled; changed: %lld of variant A, %lld of variant B\n",
                    kLabelRule, static_cast<long long>(r.labelled), static_cast<long long>(r.changed_a),
                    static_cast<long long>(r.changed_b));
        std::printf("trained  %lld of %lld ok networks\n", static_cast<long long>(r.trained),
                    static_cast<long long>(r.ok));
        if (r.phasic_cleared)
          std::printf("phasic   cleared: the earlier engine measured mean |r|; the study's |mean r| "
                      "needs the networks run again\n");
      } else {
        std::printf("labels   study %s has no mechanism labels or trained mark to derive again: "
                    "nothing changed but the schema\n", r.study.c_str());
      }
      return 0;
    }
    if (aggregate->parsed()) {
      for (const std::string& shard : shard_files(aggregate_inputs)) probe_store(shard);
      int provided = 0;
      MPI_Init_thread(&argc, &argv, MPI_THREAD_SINGLE, &provided);
      const AggregateReport report = aggregate_stores(aggregate_inputs, aggregate_out);
      MPI_Finalize();
      std::printf("%s: %lld jobs: %lld ok, %lld failed, %zu missing\n", aggregate_out.c_str(),
                  static_cast<long long>(report.jobs), static_cast<long long>(report.ok),
                  static_cast<long long>(report.failed), report.missing.size());
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
