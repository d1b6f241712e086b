#pragma once
// Study 1, "seqmatch": the sequence-matching task of the working-memory study (docs/science.md),
// FORCE-trained rate networks with feedback, classified by mechanism. The plug-in
// (study/study.h) over its pipeline (pipeline.h).
#include <memory>
#include <string>
#include <vector>

#include "study/study.h"
#include "studies/seqmatch/config.h"

namespace wmsweep {

class SeqMatchStudy : public Study {
 public:
  std::string name() const override { return "seqmatch"; }
  std::string summary() const override {
    return "study 1: sequence matching, FORCE training, mechanism labels (docs/science.md)";
  }
  std::vector<std::string> sections() const override {
    return {"task", "network", "train", "test", "analysis", "fixed_points", "grid"};
  }
  std::shared_ptr<const StudySpec> parse(const toml::table& root,
                                         std::vector<std::string>& settings) const override;
};

class SeqMatchSpec : public StudySpec {
 public:
  SeqMatchConfig config;
  std::vector<GridAxis> grid_axes;  // seed, n, pg, in, g, fb
  int n_max = 0;

  std::string study() const override { return "seqmatch"; }
  const std::vector<GridAxis>& axes() const override { return grid_axes; }
  int weight_axes() const override { return 3; }  // seed, n, pg decide J
  int group_max() const override { return config.train.group_max; }
  std::vector<Column> grid_columns() const override;
  std::vector<Column> columns(bool save_weights) const override;
  std::vector<std::string> phases() const override;
  std::vector<std::string> kept_columns() const override {
    return {"trained/w_o", "trained/w_d", "trained/x", "cost/seconds", "cost/peak_bytes"};
  }
  std::vector<Axis> curve_axes() const override;
  void describe(StoreHeader& header) const override;
  std::vector<std::pair<std::string, std::string>> input_files() const override;
  std::unique_ptr<StudyWorker> worker(bool save_weights) const override;
  int one(const GridPoint& point, const std::string& spec_text, const OneOptions& options) const override;
  StudyCalibration calibrate(const std::vector<GridPoint>& unit) const override;
  MemoryNeed memory() const override;
  std::string status(const StoreReader& store) const override;
  std::string query(const StoreReader& store, const QueryArgs& args) const override;
  std::vector<Outcome> outcomes() const override;
  std::string relabel(StoreEditor& editor) const override;
};

}  // namespace wmsweep
