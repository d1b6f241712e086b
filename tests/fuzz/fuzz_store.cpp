// Store reader fuzz: a real store with bytes of its HDF5 metadata changed (mostly one byte, at
// most 4, in the first 8 KB, where the superblock, object headers and attributes lie), or
// truncated at random lengths, read as `status` and `query` read it. Each must succeed or be
// refused with an InputError; a crash or hang inside libhdf5 is contained by probe_store and
// reported as a damaged store. Seeded.   usage: fuzz_store STORE COUNT TRUNCATIONS WORKDIR
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

#include "store/sweepstore.h"
#include "sweep/spec.h"
#include "sweep/status.h"
#include "util/errors.h"
#include "store/sweepstore.h"
#include "util/errors.h"
#include "rng.h"

namespace {

// 0: read, 1: refused as damaged or unreadable, 2: refused for another reason
int read_store(const std::string& path) {
  try {
    (void)wmsweep::status_text(path);
    const wmsweep::StoreReader store(path);
    const wmsweep::Spec spec = wmsweep::parse_spec(store.header().spec_text, path);
    wmsweep::QueryArgs args;
    (void)spec.study->query(store, args);
    return 0;
  } catch (const wmsweep::SpecError&) {
    return 2;
  } catch (const wmsweep::InputError& e) {
    return std::string(e.what()).find("damaged store") != std::string::npos ? 1 : 2;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: fuzz_store STORE COUNT TRUNCATIONS WORKDIR\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const long count = std::atol(argv[2]), truncations = std::atol(argv[3]);
  const std::string path = std::string(argv[4]) + "/fuzzed.h5";
  FuzzRng rng{424242};
  long outcome[3] = {0, 0, 0};
  for (long i = 0; i < count + truncations; ++i) {
    std::vector<char> b = bytes;
    if (i < count) {
      const int flips = rng.below(4) ? 1 : 2 + static_cast<int>(rng.below(3));
      for (int k = 0; k < flips; ++k) b[rng.below(std::min<size_t>(b.size(), 8192))] = static_cast<char>(rng.next());
    } else {
      b.resize(rng.below(b.size()));
    }
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out.write(b.data(), static_cast<std::streamsize>(b.size()));
    }
    try {
      ++outcome[read_store(path)];
    } catch (const std::exception& e) {
      std::fprintf(stderr, "store %ld: %s escaped the reader: %s\n", i, typeid(e).name(), e.what());
      return 1;
    }
  }
  std::printf("fuzz_store: %ld changed stores and %ld truncated: %ld read, %ld refused as damaged "
              "(libhdf5 crashed or hung in the probe), %ld refused with another message; 0 crashes\n",
              count, truncations, outcome[0], outcome[1], outcome[2]);
  return 0;
}
