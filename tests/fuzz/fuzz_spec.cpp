// Spec parser fuzz: mutated copies of the repository's specs (bytes flipped, inserted, deleted,
// lines duplicated or cut) through parse_spec. Every input must parse or be refused with a
// SpecError; anything else escaping (or a crash, under ctest) fails. Seeded: the same inputs
// every run.   usage: fuzz_spec COUNT SPEC…
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

#include "sweep/spec.h"
#include "util/errors.h"
#include "rng.h"

namespace {

const char* kTokens[] = {"[", "]", "=", "\"", "'", ",", ".", "-", "e", "1e400", "nan", "inf",
                         "-0", "0x1F", "true", "[grid]", "[task]", "seed = [", "\n", "#", "{",
                         "}", "\\u0000", "9223372036854775808", "1e-400", "\"\"\"", "[[a]]"};

std::string mutate(std::string s, FuzzRng& rng) {
  const int edits = 1 + static_cast<int>(rng.below(6));
  for (int e = 0; e < edits; ++e) {
    const size_t at = rng.below(s.size() + 1);
    switch (rng.below(6)) {
      case 0:  // flip a byte
        if (!s.empty()) s[std::min(at, s.size() - 1)] = static_cast<char>(rng.next());
        break;
      case 1:  // insert a token
        s.insert(at, kTokens[rng.below(sizeof kTokens / sizeof *kTokens)]);
        break;
      case 2:  // delete a run
        s.erase(at, rng.below(40));
        break;
      case 3: {  // duplicate a line
        const size_t start = s.rfind('\n', at == 0 ? 0 : at - 1);
        const size_t end = s.find('\n', at);
        const size_t from = start == std::string::npos ? 0 : start;
        s.insert(at, s.substr(from, (end == std::string::npos ? s.size() : end) - from));
        break;
      }
      case 4:  // a random digit string
        s.insert(at, std::to_string(static_cast<int64_t>(rng.next())));
        break;
      default:  // cut the text here
        s.resize(at);
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: fuzz_spec COUNT SPEC...\n");
    return 2;
  }
  const long count = std::atol(argv[1]);
  std::vector<std::string> seeds;
  for (int k = 2; k < argc; ++k) {
    std::ifstream in(argv[k], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    seeds.push_back(text.str());
  }
  FuzzRng rng{20261202};
  long parsed = 0, refused = 0;
  for (long i = 0; i < count; ++i) {
    const std::string text = mutate(seeds[rng.below(seeds.size())], rng);
    try {
      const wmsweep::Spec spec = wmsweep::parse_spec(text, "fuzz");
      (void)wmsweep::sweep_columns(spec, false);  // every size the spec implies
      ++parsed;
    } catch (const wmsweep::SpecError&) {
      ++refused;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "input %ld: %s escaped parse_spec: %s\n--- input ---\n%s\n", i,
                   typeid(e).name(), e.what(), text.c_str());
      return 1;
    }
  }
  std::printf("fuzz_spec: %ld inputs: %ld parsed, %ld refused with a SpecError, 0 crashes\n", count,
              parsed, refused);
  return 0;
}
