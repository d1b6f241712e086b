#include "tasks/seqmatch.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "util/rng.h"

namespace wmsweep {

int Timing::start(Period p) const {
  switch (p) {
    case Period::stim1: return 0;
    case Period::delay1: return stim1;
    case Period::stim2: return stim1 + delay1;
    case Period::delay2: return stim1 + delay1 + stim2;
    case Period::response: return stim1 + delay1 + stim2 + delay2;
  }
  return 0;
}

Period Timing::period(int step) const {
  if (step < stim1) return Period::stim1;
  step -= stim1;
  if (step < delay1) return Period::delay1;
  step -= delay1;
  if (step < stim2) return Period::stim2;
  step -= stim2;
  if (step < delay2) return Period::delay2;
  return Period::response;
}

SeqMatchTask::SeqMatchTask(const TaskConfig& c, LatentSource latents)
    : dt_(c.dt), tau_(c.tau), encoding_(c.encoding), latents_(std::move(latents)) {
  auto steps = [&c](double length) { return static_cast<int>(std::lround(length / c.dt)); };
  timing_ = {steps(c.stim1), steps(c.delay1), steps(c.stim2), steps(c.delay2), steps(c.response)};
}

void SeqMatchTask::input(int type, Period p, uint64_t key, uint64_t draw, double* u) const {
  if (p == Period::stim1) {
    latents_.sample(digit1(type), key, draw, u);
  } else if (p == Period::stim2) {
    latents_.sample(digit2(type), key, draw, u);
  } else {
    u[0] = u[1] = 0.0;
  }
}

bool SeqMatchTask::memory_target(int type, Period p, double* zd) const {
  int digit;
  if (p == Period::delay1) digit = digit1(type);
  else if (p == Period::delay2) digit = digit2(type);
  else return false;
  zd[0] = latents_.class_mean(digit)[0];
  zd[1] = latents_.class_mean(digit)[1];
  return true;
}

double SeqMatchTask::max_encoding() const {
  return *std::max_element(encoding_.begin(), encoding_.end());
}

std::vector<int> SeqMatchTask::balanced_types(uint64_t key, int count) {
  std::vector<int> types(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) types[static_cast<size_t>(i)] = i % 4;
  Rng rng(key);  // Fisher–Yates
  for (int i = count - 1; i > 0; --i)
    std::swap(types[static_cast<size_t>(i)], types[rng.below(static_cast<uint64_t>(i) + 1)]);
  return types;
}

}  // namespace wmsweep
