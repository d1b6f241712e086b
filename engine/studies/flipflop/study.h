#pragma once
// The 3-bit flip-flop (Sussillo & Barak 2013), the standard test of fixed-point finders: a
// tanh rate network trained by BPTT to hold the sign of the last pulse on each of `bits`
// channels; its fixed points at zero input, one stable point per memory with saddles between.
// The plug-in (study/study.h) over task.h, train.h and analysis.h; the worked example of
// engine/studies/README.md.
#include <memory>
#include <string>
#include <vector>

#include "study/fixed_points.h"
#include "study/study.h"
#include "studies/flipflop/analysis.h"
#include "studies/flipflop/task.h"
#include "studies/flipflop/train.h"

namespace wmsweep {

struct FlipFlopConfig {
  FlipFlopTask task;
  FlipFlopTrainConfig train;  // n, g and sigma_rec come from the grid point
  int test_trials = FlipFlopAnalysisConfig{}.test_trials;
  // starts: test states plus noise; 2^3 memories and their saddles need many starts and slots
  FixedPointsConfig fixed_points = [] {
    const FlipFlopAnalysisConfig a;
    FixedPointsConfig c;
    c.finder = a.finder;
    c.samples = a.samples;
    c.sample_noise = a.sample_noise;
    c.max_points = a.max_points;
    return c;
  }();
  FlipFlopAnalysisConfig analysis() const;  // the analysis these settings ask for
};

// One network: axes seed, n, g, sigma_rec (grid order).
struct FlipFlopPoint {
  int64_t job = 0;
  uint64_t seed = 0;
  int n = 0;
  double g = 0, sigma_rec = 0;
  static FlipFlopPoint from(const GridPoint& p);
  uint64_t key() const;  // every random stream of the network: weights, batches, starts
};

class FlipFlopStudy : public Study {
 public:
  std::string name() const override { return "flipflop"; }
  std::string summary() const override {
    return "the 3-bit flip-flop: BPTT, one stable fixed point per memory (docs/flipflop.md)";
  }
  std::vector<std::string> sections() const override {
    return {"task", "network", "train", "analysis", "fixed_points", "grid"};
  }
  std::shared_ptr<const StudySpec> parse(const toml::table& root,
                                         std::vector<std::string>& settings) const override;
};

class FlipFlopSpec : public StudySpec {
 public:
  FlipFlopConfig config;
  std::vector<GridAxis> grid_axes;
  int n_max = 0;

  std::string study() const override { return "flipflop"; }
  const std::vector<GridAxis>& axes() const override { return grid_axes; }
  int weight_axes() const override { return 4; }  // every axis: the key is the whole point
  int group_max() const override { return 1; }    // each network trains alone
  std::vector<Column> grid_columns() const override;
  std::vector<Column> columns(bool save_weights) const override;
  std::vector<std::string> phases() const override { return {"train", "test", "fixed_points"}; }
  std::vector<Axis> curve_axes() const override;
  void describe(StoreHeader& header) const override;
  std::vector<std::pair<std::string, std::string>> input_files() const override { return {}; }
  std::unique_ptr<StudyWorker> worker(bool save_weights) const override;
  int one(const GridPoint& point, const std::string& spec_text, const OneOptions& options) const override;
  StudyCalibration calibrate(const std::vector<GridPoint>& unit) const override;
  MemoryNeed memory() const override;
  std::string status(const StoreReader& store) const override;
  std::string query(const StoreReader& store, const QueryArgs& args) const override;
  std::vector<Outcome> outcomes() const override;
};

}  // namespace wmsweep
