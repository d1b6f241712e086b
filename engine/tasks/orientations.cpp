#include "tasks/orientations.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "util/errors.h"
#include "util/rng.h"

namespace wmsweep {

int OrientationTiming::total() const {
  return steps(fixation) + steps(stim1) + steps(delay1) + steps(stim2) + steps(delay2) +
         steps(response);
}

int OrientationTask::steps() const {
  const OrientationTiming& tm = timing;
  return tm.steps(tm.fixation) + tm.steps(tm.stim1) + tm.steps(tm.delay1 * (1 + jitter)) +
         tm.steps(tm.stim2) + tm.steps(tm.delay2 * (1 + jitter)) + tm.steps(tm.response);
}

namespace {

// the tuned units' response to θ: von Mises on 2θ, preferred 2θ_j evenly on the circle
std::vector<double> population(const OrientationTask& task, double theta) {
  std::vector<double> u(task.tuned);
  for (int j = 0; j < task.tuned; ++j)
    u[j] = std::exp(task.kappa * (std::cos(2 * theta - 2 * M_PI * j / task.tuned) - 1));
  return u;
}

double wrap_pi(double x) {  // to [0, π)
  double r = std::fmod(x, M_PI);
  if (r < 0) r += M_PI;
  return r >= M_PI ? 0.0 : r;  // a tiny negative r rounds to π above
}

// sign of 2θ2 − 2θ1 wrapped to (−π, π]; sign(0) = 0
double ordinal_sign(double th1, double th2) {
  double d = std::remainder(2 * th2 - 2 * th1, 2 * M_PI);  // [−π, π]
  if (d <= -M_PI) d += 2 * M_PI;
  return d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0;
}

// The trials (θ1, θ2, delay lengths in steps) laid out in a batch of T steps: fixation,
// stimulus 1, delay 1, stimulus 2, delay 2, response with the go cue; silence after.
// `out`'s storage is reused: the trainer lays out a batch every iteration.
void lay_out(const OrientationTask& task, int T, std::vector<double> theta1,
             std::vector<double> theta2, const std::vector<int>& delay1,
             const std::vector<int>& delay2, OrientationBatch& out) {
  const OrientationTiming& tm = task.timing;
  const int I = task.inputs(), O = task.outputs(), B = static_cast<int>(theta1.size());
  out.delay1_end.clear();
  out.delay2_end.clear();
  out.report_step.clear();
  out.batch = B;
  out.steps = T;
  out.u.assign(static_cast<size_t>(I) * B * T, 0.0);
  out.target.assign(static_cast<size_t>(O) * B * T, 0.0);
  out.mask.assign(static_cast<size_t>(B) * T, 0.0);
  for (int b = 0; b < B; ++b) {
    const double th1 = theta1[b], th2 = theta2[b];
    const int s1 = tm.steps(tm.fixation), e1 = s1 + tm.steps(tm.stim1);
    const int s2 = e1 + delay1[b], e2 = s2 + tm.steps(tm.stim2);
    const int go = e2 + delay2[b], end = go + tm.steps(tm.response);  // end ≤ T
    out.delay1_end.push_back(s2 - 1);
    out.delay2_end.push_back(go - 1);
    out.report_step.push_back(end - 1);
    const std::vector<double> pop1 = population(task, th1), pop2 = population(task, th2);
    auto show = [&](int from, int to, const std::vector<double>& pop) {
      for (int t = from; t < to; ++t)
        std::copy(pop.begin(), pop.end(), &out.u[(static_cast<size_t>(t) * B + b) * I]);
    };
    show(s1, e1, pop1);
    show(s2, e2, pop2);
    const double sign = ordinal_sign(th1, th2);
    for (int t = go; t < end; ++t) {
      const size_t c = static_cast<size_t>(t) * B + b;
      out.u[c * I + task.tuned] = 1;
      double* y = &out.target[c * O];
      y[0] = std::cos(2 * th1), y[1] = std::sin(2 * th1);
      y[2] = std::cos(2 * th2), y[3] = std::sin(2 * th2);
      if (task.ordinal) y[4] = sign;
      out.mask[c] = 1;
    }
  }
  out.theta1 = std::move(theta1);
  out.theta2 = std::move(theta2);
}

}  // namespace

OrientationBatch orientation_batch(const OrientationTask& task, int batch, uint64_t key,
                                   uint64_t draw) {
  OrientationBatch out;
  orientation_batch(task, batch, key, draw, out);
  return out;
}

void orientation_batch(const OrientationTask& task, int batch, uint64_t key, uint64_t draw,
                       OrientationBatch& out) {
  const OrientationTiming& tm = task.timing;
  const uint64_t k = mix(key, draw), kj = mix(k, tag("orientations.jitter"));
  const size_t n_deltas = task.deltas.size();
  std::vector<double> theta1(batch), theta2(batch);
  std::vector<int> delay1(batch), delay2(batch);
  for (int b = 0; b < batch; ++b) {
    theta1[b] = M_PI * uniform_at(k, 2 * b);
    const double u2 = uniform_at(k, 2 * b + 1);
    if (n_deltas == 0) {
      theta2[b] = M_PI * u2;
    } else {
      const double n = static_cast<double>(n_deltas);
      const size_t i = std::min(static_cast<size_t>(u2 * n), n_deltas - 1);
      theta2[b] = wrap_pi(theta1[b] + task.deltas[i]);
    }
    // (1 + jitter·(2v − 1))·delay with v in [0, 1); rounding is monotone, so never past steps()
    delay1[b] = tm.steps(tm.delay1 * (1 + task.jitter * (2 * uniform_at(kj, 2 * b) - 1)));
    delay2[b] = tm.steps(tm.delay2 * (1 + task.jitter * (2 * uniform_at(kj, 2 * b + 1) - 1)));
  }
  lay_out(task, task.steps(), std::move(theta1), std::move(theta2), delay1, delay2, out);
}

OrientationBatch orientation_trials(const OrientationTask& task, const std::vector<double>& theta1,
                                    const std::vector<double>& theta2) {
  const OrientationTiming& tm = task.timing;
  const size_t B = theta1.size();
  OrientationBatch out;
  lay_out(task, tm.total(), theta1, theta2, std::vector<int>(B, tm.steps(tm.delay1)),
          std::vector<int>(B, tm.steps(tm.delay2)), out);
  return out;
}

void decode_reports(const OrientationBatch& b, const double* y, int outputs,
                    std::vector<double>& report1, std::vector<double>& report2) {
  report1.resize(b.batch);
  report2.resize(b.batch);
  for (int k = 0; k < b.batch; ++k) {
    const double* yk = y + (static_cast<size_t>(b.report_step[k]) * b.batch + k) * outputs;
    report1[k] = wrap_pi(0.5 * std::atan2(yk[1], yk[0]));
    report2[k] = wrap_pi(0.5 * std::atan2(yk[3], yk[2]));
  }
}

double mean_angular_error_deg(const OrientationBatch& b, const double* y, int outputs) {
  std::vector<double> r1, r2;
  decode_reports(b, y, outputs, r1, r2);
  double sum = 0;
  for (int k = 0; k < b.batch; ++k)  // each error wrapped to [−π/2, π/2]
    sum += std::fabs(std::remainder(r1[k] - b.theta1[k], M_PI)) +
           std::fabs(std::remainder(r2[k] - b.theta2[k], M_PI));
  return sum / (2.0 * b.batch) * 180.0 / M_PI;
}

std::vector<double> read_deltas_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the Δθ file (one Δθ in degrees per line)");
  std::vector<double> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    line = line.substr(0, line.find('#'));
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;  // blank or comment only
    const std::string text = line.substr(first, line.find_last_not_of(" \t\r") + 1 - first);
    char* end = nullptr;
    const double deg = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(deg))
      throw InputError(path + ":" + std::to_string(n) + ": '" + text +
                       "' is not a Δθ in degrees (one number per line, # comments)");
    out.push_back(deg * M_PI / 180);
  }
  if (out.empty())
    throw InputError(path + ": no Δθ values (expected one in degrees per line, # comments)");
  return out;
}

}  // namespace wmsweep
