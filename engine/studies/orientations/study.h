#pragma once
// Study 2, "orientations": two orientations held in working memory (docs/study2.md), BPTT-
// trained rate networks, torus geometry, behaviour and fixed points. The plug-in
// (study/study.h) over its pipeline (pipeline.h).
#include <memory>
#include <string>
#include <vector>

#include "study/study.h"
#include "studies/orientations/config.h"

namespace wmsweep {

class OrientationsStudy : public Study {
 public:
  std::string name() const override { return "orientations"; }
  std::string summary() const override {
    return "study 2: two orientations in working memory, BPTT, torus geometry (docs/study2.md)";
  }
  std::vector<std::string> sections() const override {
    return {"task", "network", "train", "test", "analysis", "fixed_points", "grid"};
  }
  std::shared_ptr<const StudySpec> parse(const toml::table& root,
                                         std::vector<std::string>& settings) const override;
};

class OrientationsSpec : public StudySpec {
 public:
  OrientationsConfig config;
  std::vector<GridAxis> grid_axes;  // seed, n, g, sigma_rec, ordinal, activation
  int n_max = 0;
  int outputs = 4;  // 5 when any network trains the ordinal output

  static const std::vector<std::string>& torus_labels();  // clifford, standard_torus, other
  int fixed_point_starts() const {
    return config.wants("fixed_points") ? config.fixed_points.samples : 0;
  }

  std::string study() const override { return "orientations"; }
  const std::vector<GridAxis>& axes() const override { return grid_axes; }
  int weight_axes() const override { return 2; }  // seed, n
  int group_max() const override { return 1; }    // nothing is shared in training
  std::vector<Column> grid_columns() const override;
  std::vector<Column> columns(bool save_weights) const override;
  std::vector<std::string> phases() const override;
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
};

}  // namespace wmsweep
