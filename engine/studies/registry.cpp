#include "studies/registry.h"

#include "spec/section.h"
#include "studies/flipflop/study.h"
#include "studies/orientations/study.h"
#include "studies/seqmatch/study.h"
#include "util/errors.h"

namespace wmsweep {

const std::vector<const Study*>& studies() {
  static const SeqMatchStudy seqmatch;          // study 1 (the default)
  static const OrientationsStudy orientations;  // study 2
  static const FlipFlopStudy flipflop;          // the 3-bit flip-flop
  static const std::vector<const Study*> all = {&seqmatch, &orientations, &flipflop};
  return all;
}

const Study& find_study(const std::string& name) {
  std::vector<std::string> names;
  for (const Study* s : studies()) {
    if (s->name() == name) return *s;
    names.push_back(s->name());
  }
  throw SpecError("study = \"" + name + "\" is not a study this wmsweep knows: " + join(names));
}

}  // namespace wmsweep
