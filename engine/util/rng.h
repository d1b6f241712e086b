#pragma once
// Counter-based random numbers: draw i of a stream is a pure function of (key, i).
// Why: a network's randomness must depend only on (spec, grid point), never on the order
// in which work ran, so any draw can be recomputed anywhere (a resumed run, a shortcut that
// skips ahead, a test) and gives the same bits. Portable: no std:: distributions, whose
// algorithms differ between standard libraries.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace wmsweep {

inline constexpr uint64_t splitmix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline constexpr uint64_t mix(uint64_t h, uint64_t v) { return splitmix64(h ^ splitmix64(v)); }

// FNV-1a, for turning a stream's name into part of its key.
inline constexpr uint64_t tag(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

// A double's bits, to mix a real value into a key exactly (0.1 and 0.1 + 1 ulp differ).
inline uint64_t bits_of(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

// uniform in [0, 1) with 53 random bits
inline double uniform_at(uint64_t key, uint64_t i) {
  return static_cast<double>(splitmix64(key + i * 0xd1b54a32d192ed03ULL) >> 11) * 0x1.0p-53;
}

// standard normal (Box–Muller on two uniforms of the counter pair (2i, 2i+1))
double normal_at(uint64_t key, uint64_t i);

// Sequential view of a stream, for code that draws in a fixed order.
class Rng {
 public:
  explicit Rng(uint64_t key) : key_(key) {}
  double uniform() { return uniform_at(key_, next_++); }
  double normal() { return normal_at(key_, next_++); }
  // uniform integer in [0, n)
  uint64_t below(uint64_t n) { return static_cast<uint64_t>(uniform() * static_cast<double>(n)); }

 private:
  uint64_t key_;
  uint64_t next_ = 0;
};

}  // namespace wmsweep
