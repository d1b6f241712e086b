// Prints a small BPTT problem, the engine's loss and every gradient, as text for
// tests/reference/bptt_reference.py (an independent numpy forward and backward):
//   dump_bptt ACT SEED   (ACT: tanh or retanh)
// Lines: "name count v1 v2 …", arrays in the engine's column-major order.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "train/bptt.h"
#include "util/rng.h"

using namespace wmsweep;

namespace {
void put(const char* name, const std::vector<double>& v) {
  std::printf("%s %zu", name, v.size());
  for (double e : v) std::printf(" %.17g", e);
  std::printf("\n");
}
}  // namespace

int main(int argc, char** argv) {
  const std::string act = argc > 1 ? argv[1] : "tanh";
  const uint64_t seed = argc > 2 ? std::stoull(argv[2]) : 1;
  const RnnShape s{12, 4, 3, 5, 20};
  RnnParams p = RnnParams::zeros(s);
  uint64_t k = 0;
  auto fill = [&](std::vector<double>& v, double scale) {
    for (double& e : v) e = scale * normal_at(seed, k++);
  };
  fill(p.w_rec, 1.0 / std::sqrt(12.0));
  fill(p.w_in, 0.8);
  fill(p.b, 0.2);
  fill(p.w_out, 0.5);
  fill(p.b_out, 0.1);
  fill(p.x0, 0.4);
  std::vector<double> u(4 * 5 * 20), target(3 * 5 * 20), noise(12 * 5 * 20), mask(5 * 20, 0.0);
  fill(u, 1.0);
  fill(target, 0.5);
  fill(noise, 0.03);
  for (int t = 12; t < 20; ++t)
    for (int b = 0; b < 5; ++b) mask[t * 5 + b] = 1;
  RnnLoss l;
  l.alpha = 0.1;
  l.rate_l2 = 1e-2;
  l.weight_l2 = 1e-3;
  l.act = act == "retanh" ? Activation::retanh : Activation::tanh;
  l.output_weight = {1.0, 1.0, 2.0};
  RnnTape tape;
  const double loss = rnn_forward(s, p, l, u.data(), target.data(), mask.data(), noise.data(), tape);
  RnnParams g;
  rnn_backward(s, p, l, u.data(), target.data(), mask.data(), tape, g);
  std::printf("shape 5 %d %d %d %d %d\n", s.n, s.inputs, s.outputs, s.batch, s.steps);
  std::printf("config 4 %.17g %.17g %.17g %d\n", l.alpha, l.rate_l2, l.weight_l2,
              l.act == Activation::retanh ? 1 : 0);
  put("output_weight", l.output_weight);
  for (auto [name, v] : {std::pair{"w_rec", &p.w_rec}, {"w_in", &p.w_in}, {"b", &p.b},
                         {"w_out", &p.w_out}, {"b_out", &p.b_out}, {"x0", &p.x0},
                         {"u", &u}, {"target", &target}, {"noise", &noise}, {"mask", &mask},
                         {"g_w_rec", &g.w_rec}, {"g_w_in", &g.w_in}, {"g_b", &g.b},
                         {"g_w_out", &g.w_out}, {"g_b_out", &g.b_out}, {"g_x0", &g.x0}})
    put(name, *v);
  std::printf("loss 1 %.17g\n", loss);
  return 0;
}
