#pragma once
// The study's claims beyond prevalence, as numbers with intervals over networks
// (`wmsweep query --claims`), per mechanism label among the networks that learned the task:
//   robustness         per σ, the mean failure fraction at the trial end (robustness/fail_end)
//   robustness_ratio   per σ, that mean of slow_manifold networks over that of fixed_points ones
//   forgetting         the median extra delay d at which a network first fails (any run of that d
//                      fails at the trial end); a network that never fails in the range counts as
//                      beyond it (+inf)
//   forgetting_never   the fraction of networks that never fail in the range (Wilson interval)
//   phasic_delay1, phasic_response   the mean fraction of phasic units (|mean r| > threshold)
//   efficiency         stable fixed points found per memory (fixed_points/kinds[stable] / 4 trial
//                      ends): the study's slow manifolds hold the memories with fewer attractors
// Means and medians carry a 95% percentile bootstrap interval over networks (bootstrap() below).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "studies/seqmatch/prevalence.h"
#include "studies/seqmatch/study.h"

namespace wmsweep {

struct Interval {
  double value = 0, lo = 0, hi = 0;  // NaN when no network is measured
};

// The statistic of `values` and its 95% percentile bootstrap interval: `resamples` resamples
// of the same size, index i of each drawn as splitmix64() mod size from one fixed seed, so the
// draws depend only on the size (tests/analysis/check_claims.py replays them in numpy). The
// bounds are the sorted resample statistics at ⌊0.025·B⌋ and ⌈0.975·B⌉ − 1.
Interval bootstrap(const std::vector<double>& values,
                   const std::function<double(const std::vector<double>&)>& statistic,
                   int resamples = 2000);
// The ratio of two groups' means; each resample draws the numerator group, then the denominator's.
Interval bootstrap_ratio(const std::vector<double>& numerator, const std::vector<double>& denominator,
                         int resamples = 2000);
double mean_of(const std::vector<double>& v);
double median_of(std::vector<double> v);  // +inf values sort last

struct ClaimRow {
  std::vector<double> keys;  // the --by columns' values
  std::string claim;         // one of the names above
  std::string label;         // the mechanism (robustness_ratio: "slow_manifold/fixed_points")
  double x = 0;              // σ for robustness rows, NaN otherwise
  int64_t networks = 0;      // networks measured (the ratio: numerator's + denominator's)
  Interval estimate;
  std::string interval;      // "bootstrap" or "wilson"
};

// `variant`: the label (a, b or dynamics); all = true takes every ok network, trained or not.
std::vector<ClaimRow> claims(const StoreReader& store, const std::vector<std::string>& by,
                             const std::string& variant, const SeqMatchSpec& spec,
                             const Where& where = {}, bool all = false);

std::string format_claims(const std::vector<ClaimRow>& rows, const std::vector<std::string>& by,
                          const std::string& variant, bool all, const std::string& format);

}  // namespace wmsweep
