#pragma once
// Where the 2-D "digit" inputs come from: one Gaussian per class (synthetic, the default),
// or a user table of (latent, label) pairs with labels 0/1. Every Euler step of a stimulus
// draws a fresh sample of its class, as in the study.
#include <array>
#include <string>
#include <cstdint>
#include <vector>

namespace wmsweep {

struct LatentTable {
  std::vector<double> latents;  // (count, 2) row-major
  std::vector<int> labels;      // (count), each 0 or 1
};

class LatentSource {
 public:
  static LatentSource synthetic(const std::array<std::array<double, 2>, 2>& means, double std);
  // Throws InputError naming `origin` if a class is missing or a label is not 0/1.
  static LatentSource from_table(const LatentTable& table, const std::string& origin);

  // The class-mean latent: the memory target for a remembered digit.
  const std::array<double, 2>& class_mean(int digit) const { return mean_[digit]; }
  // Draw number `draw` of stream `key` for a digit: out (2)
  void sample(int digit, uint64_t key, uint64_t draw, double* out) const;

 private:
  std::array<std::array<double, 2>, 2> mean_{};
  double std_ = 0;
  std::array<std::vector<double>, 2> pool_;  // file source: the samples of each class, (m, 2)
};

}  // namespace wmsweep
