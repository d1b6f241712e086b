#pragma once
// Study 2 for one grid point (docs/study2.md): train a network on
// the two-orientation task by BPTT, then analyse it — torus geometry, connectivity and dynamic
// code on noise-free runs over a θ1 × θ2 grid; behaviour on noisy trials; fixed points and
// spectra with the input off, as in delay 2. A network's result depends only on the spec and
// its grid point.
#include <string>
#include <vector>

#include "dynamics/behaviour.h"
#include "dynamics/connectivity.h"
#include "dynamics/dynamic_code.h"
#include "dynamics/fixed_points.h"
#include "dynamics/torus.h"
#include "study/phases.h"
#include "studies/orientations/config.h"
#include "train/orientation_trainer.h"

namespace wmsweep {

struct OrientationResult {
  OrientationPoint point;
  bool ok = false;
  std::string reason;  // why not ok
  BpttResult training;
  bool has_geometry = false, has_behaviour = false, has_fixed_points = false;
  TorusGeometry torus;
  ConnectivityProfiles connectivity;
  DynamicCode code;
  Behaviour behaviour;
  double behaviour_error_deg = 0;  // mean |report error| of the behaviour trials
  FixedPointSet fixed_points;
  std::string fixed_points_skipped;  // why fixed points were not sought (retanh), else empty
  std::vector<PhaseCost> phases;
};

// The spec's task with its Δθ file read (InputError naming the file when it is bad): built
// once, shared by every network; each grid point sets its own ordinal condition.
OrientationTask orientation_task(const OrientationsConfig& spec);

OrientationResult run_orientation_network(const OrientationsConfig& spec, const OrientationTask& task,
                                          const OrientationPoint& point, const Progress& progress = {});

}  // namespace wmsweep
