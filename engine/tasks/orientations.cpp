#include "tasks/orientations.h"

#include <algorithm>
#include <cmath>

#include "util/rng.h"

namespace wmsweep {

int OrientationTiming::total() const {
  return steps(fixation) + steps(stim1) + steps(delay1) + steps(stim2) + steps(delay2) +
         steps(response);
}

// the tuned units' response to θ: von Mises on 2θ, preferred 2θ_j evenly on the circle
std::vector<double> population(const OrientationTask& task, double theta) {
  std::vector<double> u(task.tuned);
  for (int j = 0; j < task.tuned; ++j)
    u[j] = std::exp(task.kappa * (std::cos(2 * theta - 2 * M_PI * j / task.tuned) - 1));
  return u;
}

OrientationBatch orientation_batch(const OrientationTask& task, int batch, uint64_t key,
                                   uint64_t draw) {
  const OrientationTiming& tm = task.timing;
  const int T = tm.total(), I = task.inputs(), B = batch;
  OrientationBatch out;
  out.batch = B;
  out.steps = T;
  out.u.assign(static_cast<size_t>(I) * B * T, 0.0);
  out.target.assign(static_cast<size_t>(4) * B * T, 0.0);
  out.mask.assign(static_cast<size_t>(B) * T, 0.0);
  const uint64_t k = mix(key, draw);
  const int s1 = tm.steps(tm.fixation), e1 = s1 + tm.steps(tm.stim1);
  const int s2 = e1 + tm.steps(tm.delay1), e2 = s2 + tm.steps(tm.stim2);
  const int go = e2 + tm.steps(tm.delay2);
  for (int b = 0; b < B; ++b) {
    const double th1 = M_PI * uniform_at(k, 2 * b), th2 = M_PI * uniform_at(k, 2 * b + 1);
    out.theta1.push_back(th1);
    out.theta2.push_back(th2);
    const std::vector<double> pop1 = population(task, th1), pop2 = population(task, th2);
    for (int t = 0; t < T; ++t) {
      double* u = &out.u[(static_cast<size_t>(t) * B + b) * I];
      const bool first = t >= s1 && t < e1, second = t >= s2 && t < e2;
      if (first || second) {
        const std::vector<double>& pop = first ? pop1 : pop2;
        std::copy(pop.begin(), pop.end(), u);
      }
      if (t >= go) {
        u[task.tuned] = 1;
        double* y = &out.target[(static_cast<size_t>(t) * B + b) * 4];
        y[0] = std::cos(2 * th1), y[1] = std::sin(2 * th1);
        y[2] = std::cos(2 * th2), y[3] = std::sin(2 * th2);
        out.mask[static_cast<size_t>(t) * B + b] = 1;
      }
    }
  }
  return out;
}

double mean_angular_error_deg(const OrientationBatch& b, const double* y) {
  double sum = 0;
  for (int k = 0; k < b.batch; ++k)
    for (int item = 0; item < 2; ++item) {
      const double est = 0.5 * std::atan2(y[k * 4 + 2 * item + 1], y[k * 4 + 2 * item]);
      const double truth = item == 0 ? b.theta1[k] : b.theta2[k];
      double e = std::remainder(est - truth, M_PI);  // wrap to [−π/2, π/2]
      sum += std::fabs(e);
    }
  return sum / (2.0 * b.batch) * 180.0 / M_PI;
}

}  // namespace wmsweep
