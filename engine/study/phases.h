#pragma once
// What each phase of a network's pipeline cost: wall seconds and peak memory. Every study's
// pipeline times its phases with measure(), and the store keeps one value per phase.
#include <functional>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/resources.h"

namespace wmsweep {

struct PhaseCost {
  std::string name;
  double seconds = 0;
  long peak_bytes = 0;  // peak resident memory of the process during the phase
};

// Called as a network enters each phase and as long phases advance: the phase, the fraction of
// it done, and which network of the unit it is (−1: all of them, as in a group's training).
using Progress = std::function<void(const std::string& phase, double fraction, int network)>;

// The seconds of phase `name` (0 when it did not run).
double seconds_of(const std::vector<PhaseCost>& phases, const std::string& name);

// `wmsweep one`'s progress on the log: training in steps of 10%, every other phase as it starts.
Progress one_progress();

// Runs fn, timing it; the peak-memory window restarts at the phase's start.
template <class Fn>
PhaseCost measure(const std::string& name, Fn&& fn) {
  reset_peak_rss();
  Stopwatch clock;
  try {
    fn();
  } catch (const std::bad_alloc&) {  // the row's reason then says where memory ran out
    throw std::runtime_error("out of memory in the " + name + " phase (sweep/estimate.h: "
                             "--max-memory; lower the spec's sizes)");
  }
  return {name, clock.seconds(), peak_rss_bytes()};
}

}  // namespace wmsweep
