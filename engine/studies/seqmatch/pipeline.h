#pragma once
// Study 1 for one unit of work: a group of grid points that share J (one point is a group of
// one). Build → train together → test → probes, per network. Results are one struct per
// network, and a network's numbers are the same bits alone or in any group.
#include <functional>
#include <string>
#include <vector>

#include "dynamics/fixed_points.h"
#include "dynamics/memory_sites.h"
#include "dynamics/probes.h"
#include "net/weights.h"
#include "study/phases.h"
#include "studies/seqmatch/config.h"
#include "tasks/seqmatch.h"
#include "train/force.h"

namespace wmsweep {

struct NetworkResult {
  SeqMatchPoint point;
  bool ok = false;
  std::string reason;  // why not ok
  Weights weights;     // initial weights (J shared within the group)
  Readouts readouts;   // trained
  std::vector<double> train_end;   // (n) the state training ended in, where the test trials start
  std::vector<double> end_states;  // (n, 4) trial-end states from the test trials
  TestPhase test;
  ErrorRates error;
  bool trained = false;  // the error rate meets test.trained_* (spec)
  bool skipped = false;  // analysis.skip_untrained: not trained, so the long probes did not run
  LongRun longrun;
  FailureCurve robustness, forgetting;
  FixedPointSet fixed_points;          // of the trained network, input off
  std::vector<MemorySite> memories;    // the 4 trial-end states relative to those points
  Mechanism dynamics = Mechanism::mixed;  // the label from fixed points (docs/fixed-points.md)
  bool has_longrun = false, has_robustness = false, has_forgetting = false,
       has_fixed_points = false;
  std::vector<PhaseCost> phases;  // training cost is the group's, shared
};

// Optional overrides for cross-checking another implementation on identical inputs.
struct GivenInputs {
  const Weights* weights = nullptr;             // instead of drawing from the seed
  const TrainingSequence* sequence = nullptr;   // instead of drawing from the key
};

// A network's training as an earlier session kept it (the store's kept columns): with it the
// analyses give the same bits as right after training.
struct KeptTraining {
  Readouts readouts;
  std::vector<double> train_end;
  PhaseCost cost;  // what the training cost then
};

// For a unit of a sweep: per point, the training kept from an earlier session (nullptr: train
// it), and callbacks as each network's training ends and as each network is done.
struct GroupHooks {
  std::vector<const KeptTraining*> kept;  // empty, or one per point
  std::function<void(size_t k, const NetworkResult&)> trained;   // readouts, train_end and phases set
  std::function<void(size_t k, const NetworkResult&)> finished;  // the whole result
};

SeqMatchTask make_task(const SeqMatchConfig& spec, const LatentSource& latents);

std::vector<NetworkResult> run_group(const SeqMatchConfig& spec, const SeqMatchTask& task,
                                     const std::vector<SeqMatchPoint>& points,
                                     const GivenInputs& given = {},
                                     const ProbeOptions& options = {},
                                     const Progress& progress = {},
                                     const GroupHooks& hooks = {});

}  // namespace wmsweep
