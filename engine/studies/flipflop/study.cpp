// The flip-flop as a plug-in: one network's pipeline (train → test → fixed points) and its
// row, `wmsweep one`, the plan's calibration and memory model, status and query.
#include "studies/flipflop/study.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "query/table.h"
#include "store/rowfile.h"
#include "study/rows.h"
#include "util/errors.h"

namespace wmsweep {
namespace {

struct FlipFlopResult {
  bool ok = false;
  std::string reason;
  FlipFlopTraining training;
  FlipFlopAnalysis analysis;
  std::vector<PhaseCost> phases;
};

FlipFlopResult run_network(const FlipFlopConfig& c, const FlipFlopPoint& point, const Progress& progress) {
  FlipFlopResult r;
  FlipFlopTrainConfig train = c.train;
  train.n = point.n;
  train.g = point.g;
  train.sigma_rec = point.sigma_rec;
  r.phases.push_back(measure("train", [&] {
    if (progress) progress("train", 0, -1);
    r.training = train_flipflop(c.task, train, point.key(), [&](double f) {
      if (progress) progress("train", f, -1);
    });
  }));
  bool finite = r.training.loss.empty() || std::isfinite(r.training.loss.back());
  for (const std::vector<double>* block : r.training.params.blocks())
    for (double v : *block) finite = finite && std::isfinite(v);
  if (!finite) {
    r.reason = "diverged during training (a non-finite loss or parameter)";
    return r;
  }
  if (progress) progress("test", 0, 0);
  FlipFlopAnalysis a;
  const PhaseCost both = measure("fixed_points", [&] {
    a = analyse_flipflop(c.task, r.training.params, point.n, c.analysis(), point.key());
  });
  // one measured call holds two phases: split its time as the analysis clocked them
  r.phases.push_back({"test", a.seconds_test, both.peak_bytes});
  r.phases.push_back({"fixed_points", a.seconds_find + a.seconds_eigen, both.peak_bytes});
  r.analysis = std::move(a);
  r.ok = true;
  return r;
}

Row to_row(const FlipFlopSpec& spec, const FlipFlopPoint& point, const FlipFlopResult& r) {
  const FlipFlopConfig& c = spec.config;
  Row row;
  row.status = r.ok ? 1 : 2;
  row.reason = r.reason;
  auto& v = row.values;
  put_costs(spec.phases(), r.phases, v);
  const FlipFlopTraining& t = r.training;
  v["train/iterations"] = {static_cast<double>(t.iterations)};
  v["train/reached"] = {t.reached ? 1.0 : 0.0};
  for (auto [name, curve] : {std::pair{"train/loss", &t.loss}, {"train/task_loss", &t.task_loss}}) {
    std::vector<double> out(static_cast<size_t>(c.train.max_iterations), kNaN);
    std::copy_n(curve->begin(), std::min(curve->size(), out.size()), out.begin());
    v[name] = out;
  }
  if (!r.ok) return row;
  const int bits = c.task.bits, P = c.fixed_points.max_points;
  put_rnn_params(t.params, point.n, spec.n_max, bits, bits, v);
  const FlipFlopAnalysis& a = r.analysis;
  v["test/accuracy"] = {a.accuracy};
  put_fixed_points(a.fixed_points, point.n, spec.n_max, c.fixed_points, c.fixed_points.samples, v);
  std::vector<double> point_memory(static_cast<size_t>(P), -1.0), saddle(static_cast<size_t>(P), -1.0);
  for (size_t k = 0; k < a.point_memory.size() && k < point_memory.size(); ++k) point_memory[k] = a.point_memory[k];
  for (size_t k = 0; k < a.saddle_unstable.size() && k < saddle.size(); ++k) saddle[k] = a.saddle_unstable[k];
  v["memory/point_memory"] = point_memory;
  // a stable point past the stored ones (more points than max_points) cannot be indexed: −1,
  // and memory/held still counts its memory
  std::vector<double> stable_point;
  for (int p : a.memory_point) stable_point.push_back(p < P ? p : -1);
  v["memory/stable_point"] = stable_point;
  v["memory/held"] = {static_cast<double>(a.memories_held)};
  v["memory/stable"] = {static_cast<double>(a.stable)};
  v["memory/saddles"] = {static_cast<double>(a.saddles)};
  v["memory/saddle_unstable"] = saddle;
  return row;
}

// "ok, 2053 iterations, accuracy 0.994, 8 of 8 memories held, 8 stable, 10 saddles"
std::string summary(const FlipFlopSpec& spec, const FlipFlopResult& r) {
  if (!r.ok) return "FAILED: " + r.reason;
  char line[200];
  const FlipFlopAnalysis& a = r.analysis;
  std::snprintf(line, sizeof line, "ok, %d iterations%s, accuracy %.3f, %d of %d memories held, %d stable, %d saddles",
                r.training.iterations, r.training.reached ? "" : " (threshold not reached)", a.accuracy,
                a.memories_held, 1 << spec.config.task.bits, a.stable, a.saddles);
  return line;
}

class FlipFlopWorker : public StudyWorker {
 public:
  explicit FlipFlopWorker(const FlipFlopSpec& spec) : spec_(spec) {}
  std::vector<NetworkRow> run_unit(const std::vector<GridPoint>& points, const UnitIO& io) override {
    std::vector<NetworkRow> rows;
    for (const GridPoint& p : points) {
      const FlipFlopPoint point = FlipFlopPoint::from(p);
      const FlipFlopResult r = run_network(spec_.config, point, io.progress);
      NetworkRow out{to_row(spec_, point, r), summary(spec_, r), 0};
      for (const PhaseCost& c : r.phases) out.compute_seconds += c.seconds;
      if (io.finished) io.finished(rows.size(), out);
      rows.push_back(std::move(out));
    }
    return rows;
  }

 private:
  FlipFlopSpec spec_;  // a copy: an abandoned unit's thread may outlive the sweep's frame
};

}  // namespace

std::unique_ptr<StudyWorker> FlipFlopSpec::worker(bool) const {
  return std::make_unique<FlipFlopWorker>(*this);
}

int FlipFlopSpec::one(const GridPoint& grid_point, const std::string& spec_text, const OneOptions& o) const {
  if (o.save_inputs || !o.weights_from.empty() || !o.inputs_from.empty())
    throw InputError("--save-inputs, --weights-from and --inputs-from feed study 1's FORCE "
                     "trainer; this spec is of study flipflop: drop them");
  const FlipFlopPoint point = FlipFlopPoint::from(grid_point);
  const FlipFlopResult r = run_network(config, point, one_progress());
  std::printf("job %lld %s: %s\n", static_cast<long long>(point.job), grid_point.describe().c_str(),
              summary(*this, r).c_str());
  if (!o.out.empty()) {
    write_row_file(o.out, spec_text, study(), point.job, point_values(grid_point),
                   store_columns(grid_columns(), phases(), columns(false)), to_row(*this, point, r));
    std::printf("wrote %s\n", o.out.c_str());
  }
  return r.ok ? 0 : 1;
}

// One network, a few BPTT iterations (training scales with iterations: max_iterations is an
// upper bound, the threshold stops it earlier), few test trials and starts.
StudyCalibration FlipFlopSpec::calibrate(const std::vector<GridPoint>& unit) const {
  StudyCalibration plan;
  plan.training_note = "per network, at most (to max_iterations; the threshold stops it earlier)";
  FlipFlopConfig small = config;
  small.train.max_iterations = std::min(config.train.max_iterations, 20);
  small.train.threshold = 0;  // run every calibration iteration
  small.test_trials = std::min(config.test_trials, 8);
  small.fixed_points.samples = std::min(config.fixed_points.samples, 16);
  const FlipFlopResult r = run_network(small, FlipFlopPoint::from(unit.front()), {});
  plan.unit_training = seconds_of(r.phases, "train") * config.train.max_iterations / small.train.max_iterations;
  const std::pair<const char*, double> scale[] = {
      {"test", static_cast<double>(config.test_trials) / small.test_trials},
      {"fixed_points", static_cast<double>(config.fixed_points.samples) / small.fixed_points.samples}};
  for (const auto& [phase, factor] : scale) {
    const double s = seconds_of(r.phases, phase) * factor;
    if (s > 0) plan.per_network.push_back({phase, s});
  }
  return plan;
}

MemoryNeed FlipFlopSpec::memory() const {
  const double d = sizeof(double), N = n_max, T = config.task.steps, I = config.task.bits;
  const double B = config.train.batch, Bt = config.test_trials, S = config.fixed_points.samples;
  MemoryNeed out{d * (4 * B * T * N + 3 * B * T * I + 8 * N * N),
                 "training (" + std::to_string(config.train.batch) + " trials × " +
                     std::to_string(config.task.steps) + " steps × n kept for BPTT)"};
  const double test = d * (3 * Bt * T * N + S * N + 8 * N * N);
  if (test > out.bytes) out = {test, "test trials and fixed points (analysis.test_trials)"};
  return out;
}

std::string FlipFlopSpec::status(const StoreReader& store) const {
  const std::vector<double> status = store.column("status"), reached = store.column("train/reached"),
                            held = store.column("memory/held");
  const int memories = 1 << config.task.bits;
  int64_t ok = 0, trained = 0, all_held = 0;
  for (int64_t r = 0; r < store.rows(); ++r) {
    if (status[r] != 1) continue;
    ++ok;
    trained += reached[r] == 1;
    all_held += held[r] == memories;
  }
  std::ostringstream out;
  out << "trained   " << trained << " of " << ok << " reached train.threshold\n";
  out << "memories  " << all_held << " of " << ok << " hold every one of the " << memories
      << " memories at a stable point of its own\n";
  return out.str();
}

// Per --by combination (default n, g, sigma_rec): networks, trained, mean accuracy, how many
// hold every memory at a stable point (Wilson interval), mean stable points and saddles, and
// the share of saddles with exactly one unstable direction.
std::string FlipFlopSpec::query(const StoreReader& store, const QueryArgs& a) const {
  if (a.agree || a.variant_given || a.claims || a.all)
    throw InputError("--variant, --agree, --claims and --all are for stores with mechanism labels; "
                     "a store of study flipflop gets its per-combination table");
  check_format(a.format);
  const std::vector<Column> grid = grid_columns();
  const std::vector<std::string> by = a.by.empty() ? std::vector<std::string>{"n", "g", "sigma_rec"} : a.by;
  check_by(grid, by);
  const std::vector<bool> keep = selected(store, grid, a.where);
  const std::vector<std::vector<double>> keys = row_keys(store, by);
  const std::vector<double> status = store.column("status"), reached = store.column("train/reached"),
                            accuracy = store.column("test/accuracy"), held = store.column("memory/held"),
                            stable = store.column("memory/stable"), saddles = store.column("memory/saddles"),
                            unstable = store.column("memory/saddle_unstable");
  const size_t P = store.find("memory/saddle_unstable")->count();
  const int memories = 1 << config.task.bits;
  struct Sums {
    int64_t networks = 0, failed = 0, pending = 0, reached = 0, all_held = 0, saddles = 0, one = 0;
    double accuracy = 0, stable = 0, saddle_count = 0;
  };
  std::map<std::vector<double>, Sums> groups;
  for (size_t r = 0; r < keys.size(); ++r) {
    if (!keep[r]) continue;
    Sums& s = groups[keys[r]];
    if (!is_committed(status[r])) { s.pending += is_pending(status[r]); continue; }
    if (status[r] == 2) { ++s.failed; continue; }
    ++s.networks;
    s.reached += reached[r] == 1;
    s.all_held += held[r] == memories;
    s.accuracy += accuracy[r];
    s.stable += stable[r];
    s.saddle_count += saddles[r];
    for (size_t k = 0; k < P; ++k) {
      const double u = unstable[r * P + k];
      if (u < 0) continue;
      ++s.saddles;
      s.one += u == 1;
    }
  }
  const char* fields[] = {"networks", "reached", "accuracy", "all_held", "all_held_fraction", "ci_low",
                          "ci_high", "stable", "saddles", "one_unstable", "failed", "pending"};
  std::ostringstream out;
  auto values = [&](const Sums& s, const char* missing) {
    const double nan = std::nan("");
    const double n = static_cast<double>(s.networks);
    const auto [lo, hi] = wilson_interval(s.all_held, s.networks);
    return std::vector<std::string>{
        std::to_string(s.networks), std::to_string(s.reached), estimate(n ? s.accuracy / n : nan, missing),
        std::to_string(s.all_held), estimate(n ? s.all_held / n : nan, missing), estimate(lo, missing),
        estimate(hi, missing), estimate(n ? s.stable / n : nan, missing),
        estimate(n ? s.saddle_count / n : nan, missing),
        estimate(s.saddles ? static_cast<double>(s.one) / s.saddles : nan, missing),
        std::to_string(s.failed), std::to_string(s.pending)};
  };
  if (a.format == "csv") {
    for (const std::string& k : by) out << k << ",";
    for (size_t f = 0; f < std::size(fields); ++f) out << (f ? "," : "") << fields[f];
    out << "\n";
    for (const auto& [key, s] : groups) {
      for (size_t k = 0; k < by.size(); ++k) out << key_text(grid, by[k], key[k]) << ",";
      const auto v = values(s, "");
      for (size_t f = 0; f < v.size(); ++f) out << (f ? "," : "") << v[f];
      out << "\n";
    }
  } else if (a.format == "json") {
    out << "[\n";
    size_t i = 0;
    for (const auto& [key, s] : groups) {
      out << "  {";
      for (size_t k = 0; k < by.size(); ++k) out << "\"" << by[k] << "\": " << number(key[k]) << ", ";
      const auto v = values(s, "null");
      for (size_t f = 0; f < v.size(); ++f) out << (f ? ", " : "") << "\"" << fields[f] << "\": " << v[f];
      out << "}" << (++i < groups.size() ? "," : "") << "\n";
    }
    out << "]\n";
  } else {
    char line[256];
    out << "networks that hold all " << memories << " memories at stable points of their own; "
           "stable, saddles: means per network; 1 unst.: the share of (stored) saddles with one "
           "unstable direction\n";
    out << key_cells(by);
    std::snprintf(line, sizeof line, "%8s %7s %8s  %-9s %-16s %6s %7s %8s %6s %7s\n", "networks",
                  "reached", "accuracy", "all held", "95% CI (Wilson)", "stable", "saddles",
                  "1 unst.", "failed", "pending");
    out << line;
    for (const auto& [key, s] : groups) {
      const auto v = values(s, "-");
      const auto [lo, hi] = wilson_interval(s.all_held, s.networks);
      std::snprintf(line, sizeof line, "%8lld %7lld %8s  %-9s %-16s %6s %7s %8s %6lld %7lld\n",
                    static_cast<long long>(s.networks), static_cast<long long>(s.reached), v[2].c_str(),
                    (std::to_string(s.all_held) + "/" + std::to_string(s.networks)).c_str(),
                    interval(lo, hi).c_str(), v[7].c_str(), v[8].c_str(), v[9].c_str(),
                    static_cast<long long>(s.failed), static_cast<long long>(s.pending));
      out << key_cells(grid, by, key) << line;
    }
  }
  return out.str();
}

}  // namespace wmsweep
