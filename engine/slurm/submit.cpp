#include "slurm/submit.h"

#include <mpi.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "store/sweepstore.h"
#include "spec/grid.h"
#include "sweep/extend.h"
#include "sweep/spec.h"
#include "sweep/units.h"
#include "util/datadir.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError(p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  if (!(out << text)) throw InputError(p.string() + ": cannot write (is the folder writable?)");
}

// The sbatch templates: WMSWEEP_TEMPLATES, else where util/datadir finds them.
fs::path template_dir() {
  if (const char* t = std::getenv("WMSWEEP_TEMPLATES")) return t;
  const fs::path found = find_data_dir("slurm", "slurm", "array.sbatch.in");
  if (!found.empty()) return found;
  throw InputError("cannot find the sbatch templates: " + data_dir_places("slurm", "slurm") +
                   ": set WMSWEEP_TEMPLATES to the folder holding array.sbatch.in");
}

// One pass over the template: inserted values are never scanned again, so a folder named
// "x{{LAUNCH}}" stays a name.
std::string fill(const std::string& text, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t at = 0;
  for (size_t open = text.find("{{"); open != std::string::npos; open = text.find("{{", at)) {
    const size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    const auto it = values.find(text.substr(open + 2, close - open - 2));
    if (it == values.end())
      throw InputError("slurm template: unknown placeholder " + text.substr(open, close + 2 - open));
    out += text.substr(at, open - at) + it->second;
    at = close + 2;
  }
  return out + text.substr(at);
}

// Runs argv[0] found on PATH with exactly these arguments — no shell, so no name or path a
// user gives is ever interpreted — and returns its exit code (−1: it could not be started)
// with its stdout and stderr.
int run_program(const std::vector<std::string>& argv, std::string& output) {
  output.clear();
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) return -1;
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    dup2(pipe_fd[1], STDOUT_FILENO);
    dup2(pipe_fd[1], STDERR_FILENO);
    close(pipe_fd[0]);
    close(pipe_fd[1]);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  char buf[4096];
  for (ssize_t n; (n = read(pipe_fd[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buf, static_cast<size_t>(n));
  }
  close(pipe_fd[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool have_sbatch() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string d; std::getline(dirs, d, ':');)
    if (access(((d.empty() ? std::string(".") : d) + "/sbatch").c_str(), X_OK) == 0) return true;
  return false;
}

// sbatch --parsable ARGS SCRIPT → job id; throws with sbatch's own words on failure.
std::string sbatch(const std::vector<std::string>& args, const fs::path& script) {
  std::vector<std::string> argv = {"sbatch", "--parsable"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(script.string());
  std::string out;
  const int code = run_program(argv, out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (code != 0)
    throw InputError("sbatch " + script.filename().string() + " failed (exit " +
                     std::to_string(code) + "): " + out);
  const size_t nl = out.find_last_of('\n');  // warnings may come first
  std::string id = nl == std::string::npos ? out : out.substr(nl + 1);
  id = id.substr(0, id.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789_") != std::string::npos)
    throw InputError("sbatch " + script.filename().string() + " answered '" + out +
                     "', not a job id: is this SLURM's sbatch?");
  return id;
}

// A value substituted into a script's shell lines: one single-quoted word, whatever it holds
// ('it'"'"'s' for it's).
std::string shell_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
  return out + "'";
}

// Names the scripts carry in #SBATCH lines and comments, where no quoting helps: control
// characters (a newline ends the line and starts a command), and SLURM's filename patterns.
void check_safe(const std::string& what, const std::string& value, const char* also_refused = "") {
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || std::strchr(also_refused, c))
      throw InputError(what + " '" + value + "' holds a " +
                       (static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? std::string("control character")
                                                                         : std::string("'") + c + "'") +
                       ", which a SLURM script cannot carry safely: choose another");
}

fs::path shard_path(const fs::path& dir, int task) {
  char name[32];
  std::snprintf(name, sizeof name, "shard_%05d.h5", task);
  return dir / "shards" / name;
}

int read_tasks(const fs::path& dir) {
  std::ifstream in(dir / "submit.log");
  if (!in) throw InputError(dir.string() + ": no submit.log: not a run folder of wmsweep submit");
  std::string line;
  std::getline(in, line);  // the first line, written by submit: tasks=K
  if (line.rfind("tasks=", 0) == 0) {
    const std::string v = line.substr(6);
    int tasks = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), tasks);
    if (ec == std::errc() && end == v.data() + v.size() && tasks >= 1 && tasks <= 1000) return tasks;
  }
  throw InputError((dir / "submit.log").string() + " is damaged: its first line is '" +
                   line.substr(0, 80) + "', not tasks=K with 1 <= K <= 1000 as submit writes it; "
                   "restore it (K is the --tasks of the submission: the shards are shard_0000I.h5, I < K)");
}

void log_line(const fs::path& dir, const std::string& line) {
  std::ofstream out(dir / "submit.log", std::ios::app);
  out << line << "\n";
}

int submit_scripts(const fs::path& dir, const std::string& array, bool dry_run) {
  // The log files' paths go on sbatch's command line as exact arguments (an #SBATCH line in the
  // script cannot quote a folder name holding spaces or quotes).
  std::vector<std::string> array_args = {"--output=" + (dir / "logs" / "task_%a.out").string()};
  if (!array.empty()) array_args.push_back("--array=" + array);
  const std::string aggregate_out = "--output=" + (dir / "logs" / "aggregate.out").string();
  if (dry_run) {
    auto line = [](const std::vector<std::string>& args) {
      std::string out;
      for (const std::string& a : args) out += " " + shell_quote(a);
      return out;
    };
    std::printf("dry run: would submit\n  sbatch --parsable%s %s\n  sbatch --parsable%s "
                "--dependency=afterany:<array job> %s\n",
                line(array_args).c_str(), shell_quote((dir / "array.sbatch").string()).c_str(),
                line({aggregate_out}).c_str(), shell_quote((dir / "aggregate.sbatch").string()).c_str());
    return 0;
  }
  if (!have_sbatch())
    throw InputError("sbatch not found on PATH: submit from a SLURM login node (or use --dry-run)");
  const std::string array_id = sbatch(array_args, dir / "array.sbatch");
  const std::string aggregate_id =
      sbatch({aggregate_out, "--dependency=afterany:" + array_id}, dir / "aggregate.sbatch");
  log_line(dir, "array=" + array_id + " tasks " + (array.empty() ? "all" : array) +
                    " aggregate=" + aggregate_id);
  std::printf("submitted array job %s (%s) and aggregation job %s (after it)\n", array_id.c_str(),
              array.empty() ? "all tasks" : ("tasks " + array).c_str(), aggregate_id.c_str());
  std::printf("watch: wmsweep status %s\n", dir.c_str());
  return 0;
}

}  // namespace

bool is_run_dir(const std::string& path) {
  return fs::is_directory(path) && fs::exists(fs::path(path) / "submit.log");
}

int submit(const SubmitOptions& o) {
  const Spec spec = load_spec(o.spec_path);
  const Grid grid = spec.grid();
  const int units = static_cast<int>(make_units(grid, spec.study->group_max()).size());
  if (o.tasks < 1 || o.tasks > units)
    throw InputError("--tasks " + std::to_string(o.tasks) + ": the sweep has " +
                     std::to_string(units) + " units of work (" + std::to_string(grid.size()) +
                     " networks); use 1 to " + std::to_string(units) + " tasks");
  if (spec.adaptive.on && o.tasks > 1)
    throw InputError("--tasks " + std::to_string(o.tasks) + ": an adaptive sweep decides each round "
                     "from every cell's results, so it runs as one task: --tasks 1, with its ranks "
                     "in --ranks-per-task (docs/adaptive.md)");
  if (o.tasks > 1000)
    throw InputError("--tasks " + std::to_string(o.tasks) +
                     ": keep arrays under MaxArraySize (1001 by default): fewer tasks pack more networks each");
  if (o.ranks_per_task < 1) throw InputError("--ranks-per-task must be at least 1");
  if (o.launcher != "mpirun" && o.launcher != "srun")
    throw InputError("--launcher " + o.launcher + ": use mpirun or srun");
  const fs::path dir = fs::absolute(o.run_dir);
  // every name that reaches a script is checked or quoted (RUN_DIR and WMSWEEP are quoted in
  // the shell lines and passed to sbatch as arguments; the rest must be plain)
  check_safe("--run-dir", dir.string(), "%\\");
  check_safe("--partition", o.partition, " '\"$`\\;&|<>(){}*?#");
  check_safe("--account", o.account, " '\"$`\\;&|<>(){}*?#");
  for (const std::string& l : o.sbatch_lines) check_safe("--sbatch", l);
  if (o.time.empty() || o.time.find_first_not_of("0123456789:-") != std::string::npos)
    throw InputError("--time " + o.time + ": use [D-]HH:MM:SS, e.g. 24:00:00 or 2-00:00:00");
  if (fs::exists(dir / "submit.log"))
    throw InputError(dir.string() + " already holds a submitted sweep: resume it with "
                     "`wmsweep submit --resume " + o.run_dir + "`, or choose another --run-dir");
  std::unique_ptr<StoreReader> base;  // --extend: checked before anything is written
  Spec stored;
  if (!o.extend.empty()) {
    base = std::make_unique<StoreReader>(o.extend);
    stored = parse_spec(base->header().spec_text, o.extend + " (its stored spec)");
    if (stored.adaptive.on)
      throw InputError("--extend " + o.extend + " holds an adaptive sweep: its seeds were chosen "
                       "from its own results, which a wider grid would change; submit the wider spec "
                       "without --extend");
    const std::vector<std::string> diff = spec_differences(stored, spec);
    if (!diff.empty() && grid_extension(stored, spec).empty()) {
      std::string msg = "--extend " + o.extend + ": the spec differs from the store's by more than added grid values:";
      for (const std::string& d : diff) msg += "\n  " + d;
      throw InputError(msg + "\nsubmit the store's own spec with added seeds or values, or drop --extend");
    }
    if (input_files_digest(spec) != base->header().inputs)
      throw InputError("--extend " + o.extend + " was computed from other input files; restore them, or drop --extend");
    if (base->header().save_weights)
      throw InputError("--extend " + o.extend + " holds initial weights (--save-weights), which array tasks do not write; grow it with `wmsweep run`");
    check_extension(stored, spec, *base, o.extend);
    for (const Column& c : sweep_columns(stored, false))
      if (!base->has(c.name))
        throw InputError("--extend " + o.extend + " has no column " + c.name + ": it was made by an "
                         "earlier wmsweep (" + base->header().engine + "); finish it with that version, "
                         "or drop --extend");
  }
  fs::create_directories(dir / "shards");
  fs::create_directories(dir / "logs");
  write_text(dir / "spec.toml", spec.text);
  if (base) {  // each task's shard starts with the rows it would otherwise compute again
    // The shards are written through the MPI-IO driver, and this process forks sbatch later,
    // which must not follow MPI_Init: a child process starts MPI and writes them.
    base.reset();
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t child = fork();
    if (child < 0) throw InputError(std::string("--extend: cannot start a process (") + std::strerror(errno) + ")");
    if (child == 0) {
      int rc = 0;
      MPI_Init(nullptr, nullptr);
      try {
        int64_t copied = 0;
        const std::vector<Column> columns = sweep_columns(spec, false);
        for (int t = 0; t < o.tasks; ++t) {
          const Shard shard{t, o.tasks};
          copied += copy_into_new_store(o.extend, stored, shard_path(dir, t).string(), spec,
                                        plan_shard(grid, spec.study->group_max(), shard).jobs,
                                        store_header(spec, shard.text(), false), columns);
        }
        std::printf("seeded %d shards with the %lld rows of %s: the array computes the other %lld networks\n",
                    o.tasks, static_cast<long long>(copied), o.extend.c_str(),
                    static_cast<long long>(grid.size() - copied));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "wmsweep: seeding the shards: %s\n", e.what());
        rc = 1;
      }
      MPI_Finalize();
      std::fflush(stdout);
      std::fflush(stderr);
      _exit(rc);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      throw StoreWriteError(dir.string() + ": the shards could not be seeded from " + o.extend +
                            " (above); nothing was submitted, and the same command starts again");
  }

  std::string lines;
  if (!o.partition.empty()) lines += "#SBATCH --partition=" + o.partition + "\n";
  if (!o.account.empty()) lines += "#SBATCH --account=" + o.account + "\n";
  for (const std::string& l : o.sbatch_lines) lines += (l.rfind("#SBATCH", 0) == 0 ? l : "#SBATCH " + l) + "\n";
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  const std::string launch = o.launcher == "srun"
                                 ? "srun --mpi=pmix"
                                 : "mpirun -n " + std::to_string(o.ranks_per_task) + " --oversubscribe --bind-to none";
  std::string name = spec.name;  // a job name: no spaces, quotes or newlines into the script
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.') ch = '_';
  const std::map<std::string, std::string> values = {
      {"NAME", name},
      {"TASKS", std::to_string(o.tasks)},
      {"ARRAY", "0-" + std::to_string(o.tasks - 1) + (o.throttle > 0 ? "%" + std::to_string(o.throttle) : "")},
      {"RANKS", std::to_string(o.ranks_per_task)},
      {"TIME", o.time},
      {"RUN_DIR", shell_quote(dir.string())},
      {"SIGNAL_BEFORE", std::to_string(o.signal_before)},
      {"SBATCH_LINES", lines},
      {"LAUNCH", launch},
      {"WMSWEEP", shell_quote(exe.string())},
      {"GRACE", std::to_string(std::max(5, o.signal_before / 2))},
  };
  const fs::path templates = template_dir();
  write_text(dir / "array.sbatch", fill(read_text(templates / "array.sbatch.in"), values));
  write_text(dir / "aggregate.sbatch", fill(read_text(templates / "aggregate.sbatch.in"), values));
  std::printf("wrote %s/{spec.toml,array.sbatch,aggregate.sbatch}: %lld networks in %d tasks\n",
              dir.c_str(), static_cast<long long>(grid.size()), o.tasks);
  if (o.dry_run) return submit_scripts(dir, "", true);
  // submit.log marks a submitted sweep: written first (the jobs need it to be resumable),
  // removed again when sbatch refuses, so the same command can simply be run again
  log_line(dir, "tasks=" + std::to_string(o.tasks));
  try {
    return submit_scripts(dir, "", false);
  } catch (...) {
    fs::remove(dir / "submit.log");
    throw;
  }
}

int submit_resume(const std::string& run_dir, bool dry_run) {
  const fs::path dir = fs::absolute(run_dir);
  const int tasks = read_tasks(dir);
  const Spec spec = load_spec((dir / "spec.toml").string());
  std::vector<int> redo;
  for (int t = 0; t < tasks; ++t) {
    const fs::path p = shard_path(dir, t);
    if (!fs::exists(p)) {
      redo.push_back(t);
      continue;
    }
    const StoreReader shard(p.string());
    const Spec stored = parse_spec(shard.header().spec_text, p.string() + " (stored spec)");
    const std::vector<std::string> diff = spec_differences(stored, spec);
    if (!diff.empty())
      throw InputError((dir / "spec.toml").string() + " was changed since " + p.string() +
                       " was written (" + diff.front() + (diff.size() > 1 ? ", …" : "") +
                       "): a run folder holds one sweep; restore the spec or submit to a new --run-dir");
    const std::vector<double> status = shard.column("status");
    for (double s : status)
      if (is_pending(s)) {
        redo.push_back(t);
        break;
      }
  }
  if (redo.empty()) {
    std::printf("%s: every task's shard is complete; nothing to resubmit\n", dir.c_str());
    return 0;
  }
  std::string array;
  for (int t : redo) array += (array.empty() ? "" : ",") + std::to_string(t);
  std::printf("resubmitting %zu of %d tasks: %s\n", redo.size(), tasks, array.c_str());
  return submit_scripts(dir, array, dry_run);
}

std::string run_dir_status(const std::string& run_dir) {
  const fs::path dir = fs::absolute(run_dir);
  const int tasks = read_tasks(dir);
  std::ostringstream out;
  int64_t ok = 0, failed = 0, pending = 0, skipped = 0, missing_tasks = 0;
  out << dir.string() << ": " << tasks << " tasks\n";
  for (int t = 0; t < tasks; ++t) {
    const fs::path p = shard_path(dir, t);
    std::string state;
    if (!fs::exists(p)) {
      state = "no shard yet";
      ++missing_tasks;
    } else {
      try {
        const StoreReader shard(p.string());
        int64_t k[5] = {0, 0, 0, 0, 0};  // by status; a trained row is pending
        for (double s : shard.column("status")) ++k[s == kOk ? 1 : s == kFailed ? 2 : s == kSkipped ? 4 : 0];
        ok += k[1], failed += k[2], pending += k[0], skipped += k[4];
        state = std::to_string(k[1]) + " ok, " + std::to_string(k[2]) + " failed, " +
                std::to_string(k[0]) + " pending" +
                (k[4] ? ", " + std::to_string(k[4]) + " skipped (adaptive)" : std::string());
      } catch (const InputError& e) {
        state = std::string("unreadable: ") + e.what();
      }
    }
    // what SLURM and the task itself said last
    std::string said;
    std::ifstream log(dir / "logs" / ("task_" + std::to_string(t) + ".out"));
    for (std::string line; std::getline(log, line);)
      if (line.find("CANCELLED") != std::string::npos || line.find("TIME LIMIT") != std::string::npos ||
          line.find("error") != std::string::npos || line.find(": exit ") != std::string::npos ||
          line.find("stopping") != std::string::npos)
        said = line;
    char head[32];
    std::snprintf(head, sizeof head, "task %-4d ", t);
    out << head << state << (said.empty() ? "" : "  | " + said) << "\n";
  }
  out << "total     " << ok << " ok, " << failed << " failed, " << pending << " pending";
  if (skipped) out << ", " << skipped << " skipped (adaptive)";
  if (missing_tasks) out << ", " << missing_tasks << " tasks without a shard";
  out << "\n";
  if (fs::exists(dir / "results.h5")) out << "results   " << (dir / "results.h5").string() << "\n";
  return out.str();
}

}  // namespace wmsweep
