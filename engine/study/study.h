#pragma once
// A study is a plug-in: a task family with its own spec sections, grid axes, per-network
// pipeline, store columns, report and one-network file. sweep/, query/ and cli/ call it
// through this interface and never name one; studies/registry.cpp is the one list of them, and
// engine/studies/README.md says how to add one.
//
// Two levels: a Study parses its sections of a spec; what it returns, a StudySpec, is the
// study bound to those settings and answers everything the engine asks later.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "spec/grid.h"
#include "store/schema.h"
#include "store/sweepstore.h"
#include "study/outcome.h"
#include "study/phases.h"

namespace wmsweep {

// One network's row as the pipeline made it, with what the master logs about it.
struct NetworkRow {
  Row row;
  std::string summary;         // "ok, A limit_cycle, B mixed, err(0.05) 0.000"
  double compute_seconds = 0;  // this network's share of the unit's compute
  // Of compute_seconds, its share of a training its unit shares (0 when there is none, or it
  // was kept): the ETA then knows that a trained network has only its analyses left.
  double train_seconds = 0;
};

// What a unit gets besides its points, and how it hands work over as it goes, so that a
// stopped unit loses at most the phase in flight. The callbacks are called on the unit's
// thread; the engine commits what they hand over from the rank's main thread. Any may be empty
// (`wmsweep one`, the plan's calibration).
struct UnitIO {
  Progress progress;
  // Per point: the kept_columns() an earlier session committed when this network's training
  // ended (status 3), or a row without values when it has to train.
  std::vector<Row> kept;
  // Network k's training is done: its kept_columns(), committed now with status 3.
  std::function<void(size_t k, Row kept)> trained;
  // Network k is done: its row, committed now (run_unit still returns every row).
  std::function<void(size_t k, const NetworkRow& row)> finished;
};

// Runs units of work on a worker rank. Built once per rank (it may hold a task read from
// files); run_unit may run on a thread of its own, and must not touch MPI or the store.
class StudyWorker {
 public:
  virtual ~StudyWorker() = default;
  // The points of one unit (they share weights when the study groups them): one row each, in
  // order. Throwing is allowed; every row of the unit not yet finished is then recorded as
  // failed.
  virtual std::vector<NetworkRow> run_unit(const std::vector<GridPoint>& points, const UnitIO& io) = 0;
};

// `wmsweep one`'s options.
struct OneOptions {
  std::string out;           // file to write ("": none)
  bool save_inputs = false;  // the rest: a study may refuse them (InputError)
  std::string weights_from, inputs_from;
};

// `wmsweep plan`'s measurement of one unit, scaled to the spec's sizes.
struct StudyCalibration {
  double unit_training = 0;  // seconds to train the calibrated unit
  bool training_shared = false;  // a unit's networks train together (cost ∝ unit, not networks)
  std::vector<std::pair<std::string, double>> per_network;  // phase → seconds per network
  std::string training_note;  // how to read unit_training
};

struct MemoryNeed {
  double bytes = 0;     // peak of one rank running one unit
  std::string largest;  // the phase that needs it
};

// `wmsweep query`'s arguments, as given: a study refuses what it does not support.
struct QueryArgs {
  std::vector<std::string> by;
  std::vector<std::pair<std::string, std::string>> where;  // query/table.h: Where
  std::string variant = "a", format = "table";
  bool variant_given = false, agree = false, claims = false, all = false;
};

class StudySpec {
 public:
  virtual ~StudySpec() = default;
  virtual std::string study() const = 0;  // the registry name
  // The grid: axes in job order; the first `weight_axes` decide the initial weights; a unit
  // of work holds at most group_max networks that share them.
  virtual const std::vector<GridAxis>& axes() const = 0;
  virtual int weight_axes() const = 0;
  virtual int group_max() const = 0;
  // Store columns: the grid's (one per axis, in order), then the study's own; cost phases.
  virtual std::vector<Column> grid_columns() const = 0;
  virtual std::vector<Column> columns(bool save_weights) const = 0;
  virtual std::vector<std::string> phases() const = 0;
  virtual std::vector<Axis> curve_axes() const = 0;
  // Root attributes kept for readers of earlier stores (sizes, vocabularies).
  virtual void describe(StoreHeader& header) const = 0;
  // The files the spec reads besides itself, as (key, path), hashed into the store.
  virtual std::vector<std::pair<std::string, std::string>> input_files() const = 0;
  // The columns that hold a network's finished training (UnitIO::trained): committed with
  // status 3 as soon as its unit's training ends and read back on resume, so a stopped unit
  // does not train again. Empty: the study keeps nothing short of a whole row.
  virtual std::vector<std::string> kept_columns() const { return {}; }
  // The outcomes an adaptive sweep may aim at (study/outcome.h); none: [adaptive] is refused.
  virtual std::vector<Outcome> outcomes() const { return {}; }

  // InputError: a bad input file. save_weights: the rows also hold the initial weights.
  virtual std::unique_ptr<StudyWorker> worker(bool save_weights) const = 0;
  // `wmsweep one`: one network, as `run` computes it; prints a summary; exit code.
  virtual int one(const GridPoint& point, const std::string& spec_text, const OneOptions& options) const = 0;
  virtual StudyCalibration calibrate(const std::vector<GridPoint>& unit) const = 0;
  virtual MemoryNeed memory() const = 0;
  // The study's lines of `wmsweep status` (labels, trained, …), and `wmsweep query`.
  virtual std::string status(const StoreReader& store) const = 0;
  virtual std::string query(const StoreReader& store, const QueryArgs& args) const = 0;
  // `wmsweep relabel`: derive the study's labels again from a store's raw measurements, on a
  // copy no run holds (the caller then sets the current schema); the report's lines.
  virtual std::string relabel(StoreEditor&) const {
    return "labels   study " + study() + " has no mechanism labels or trained mark to derive again: nothing changed but the schema\n";
  }
};

class Study {
 public:
  virtual ~Study() = default;
  virtual std::string name() const = 0;     // `study = "…"` in a spec
  virtual std::string summary() const = 0;  // one line for --help and docs
  virtual std::vector<std::string> sections() const = 0;  // the spec's tables it reads
  // Reads its sections of the spec ([task], [network], [train], [analysis], [fixed_points],
  // [grid], …), noting every value in `settings`; SpecError names a bad key.
  virtual std::shared_ptr<const StudySpec> parse(const toml::table& root,
                                                 std::vector<std::string>& settings) const = 0;
};

}  // namespace wmsweep
