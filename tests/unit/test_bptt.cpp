#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "train/bptt.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {

struct Problem {
  RnnShape s{5, 3, 2, 3, 7};
  RnnParams p;
  std::vector<double> u, target, mask, noise;
};

Problem make_problem(uint64_t seed) {
  Problem q;
  const RnnShape& s = q.s;
  q.p = RnnParams::zeros(s);
  uint64_t k = 0;
  auto fill = [&](std::vector<double>& v, double scale) {
    for (double& e : v) e = scale * normal_at(seed, k++);
  };
  fill(q.p.w_rec, 1.2 / std::sqrt(s.n));
  fill(q.p.w_in, 0.8);
  fill(q.p.b, 0.3);
  fill(q.p.w_out, 0.7);
  fill(q.p.b_out, 0.2);
  fill(q.p.x0, 0.5);
  q.u.resize(static_cast<size_t>(s.inputs) * s.batch * s.steps);
  q.target.resize(static_cast<size_t>(s.outputs) * s.batch * s.steps);
  q.noise.resize(static_cast<size_t>(s.n) * s.batch * s.steps);
  fill(q.u, 1.0);
  fill(q.target, 0.5);
  fill(q.noise, 0.05);
  q.mask.assign(static_cast<size_t>(s.batch) * s.steps, 0.0);
  for (int t = 3; t < s.steps; ++t)  // a response window, and one column left out at t = 4
    for (int b = 0; b < s.batch; ++b) q.mask[static_cast<size_t>(t) * s.batch + b] = t == 4 && b == 1 ? 0 : 1;
  return q;
}

// Every parameter's gradient against central differences of the loss.
double worst_relative_error(Problem& q, const RnnLoss& l) {
  RnnTape tape;
  rnn_forward(q.s, q.p, l, q.u.data(), q.target.data(), q.mask.data(), q.noise.data(), tape);
  RnnParams g;
  rnn_backward(q.s, q.p, l, q.u.data(), q.target.data(), q.mask.data(), tape, g);
  double worst = 0;
  std::vector<double>* params[] = {&q.p.w_rec, &q.p.w_in, &q.p.b, &q.p.w_out, &q.p.b_out, &q.p.x0};
  std::vector<double>* grads[] = {&g.w_rec, &g.w_in, &g.b, &g.w_out, &g.b_out, &g.x0};
  for (int which = 0; which < 6; ++which)
    for (size_t k = 0; k < params[which]->size(); ++k) {
      double& w = (*params[which])[k];
      const double keep = w, h = 1e-6;
      w = keep + h;
      const double up = rnn_forward(q.s, q.p, l, q.u.data(), q.target.data(), q.mask.data(), q.noise.data(), tape);
      w = keep - h;
      const double down = rnn_forward(q.s, q.p, l, q.u.data(), q.target.data(), q.mask.data(), q.noise.data(), tape);
      w = keep;
      const double fd = (up - down) / (2 * h), an = (*grads[which])[k];
      // relative error; entries below 1e-4 (where the differences' own rounding, ~1e-11,
      // is what remains) are held to 1e-10 absolute instead
      const double rel = std::fabs(fd - an) / std::max(1e-4, std::fabs(fd) + std::fabs(an));
      if (rel > 1e-6) MESSAGE("parameter " << which << "[" << k << "]: differences " << fd << ", backward " << an);
      worst = std::max(worst, rel);
    }
  return worst;
}

}  // namespace

TEST_CASE("BPTT: every parameter's gradient equals central differences (tanh and retanh)") {
  for (Activation act : {Activation::tanh, Activation::retanh}) {
    Problem q = make_problem(act == Activation::tanh ? 11 : 12);
    RnnLoss l;
    l.alpha = 0.1;
    l.rate_l2 = 0.3;     // large, so its gradient is tested, not drowned
    l.weight_l2 = 0.01;
    l.act = act;
    l.output_weight = {1.0, 2.5};
    CAPTURE(static_cast<int>(act));
    CHECK(worst_relative_error(q, l) < 1e-6);
  }
}

TEST_CASE("BPTT forward: one step by hand, and the loss terms") {
  RnnShape s{2, 1, 1, 1, 1};
  RnnParams p = RnnParams::zeros(s);
  p.w_rec = {0.5, -0.2, 0.1, 0.3};
  p.w_in = {1.0, -1.0};
  p.b = {0.1, 0.2};
  p.w_out = {2.0, -1.0};
  p.b_out = {0.05};
  p.x0 = {0.4, -0.6};
  const double u[1] = {0.7}, target[1] = {0.3}, mask[1] = {1};
  RnnLoss l;
  l.alpha = 0.1;
  RnnTape tape;
  double task = 0;
  const double loss = rnn_forward(s, p, l, u, target, mask, nullptr, tape, &task);
  const double r0[2] = {std::tanh(0.4), std::tanh(-0.6)};
  const double x1[2] = {0.9 * 0.4 + 0.1 * (0.5 * r0[0] + 0.1 * r0[1] + 0.7 + 0.1),
                        0.9 * -0.6 + 0.1 * (-0.2 * r0[0] + 0.3 * r0[1] - 0.7 + 0.2)};
  CHECK(tape.x[2] == doctest::Approx(x1[0]).epsilon(1e-15));
  CHECK(tape.x[3] == doctest::Approx(x1[1]).epsilon(1e-15));
  const double y = 2 * std::tanh(x1[0]) - std::tanh(x1[1]) + 0.05;
  CHECK(tape.y[0] == doctest::Approx(y).epsilon(1e-15));
  CHECK(task == doctest::Approx((y - 0.3) * (y - 0.3)).epsilon(1e-15));
  CHECK(loss == task);
}
