#pragma once
// A network's outcome as a category, for adaptive seeds (sweep/adaptive.h): a study names the
// outcomes whose per-cell proportions a sweep may aim at (`[adaptive] quantity = "…"`), and
// says how a committed row's store values give its category.
#include <functional>
#include <string>
#include <vector>

namespace wmsweep {

struct Outcome {
  std::string name;                     // what [adaptive] quantity names
  std::string meaning;                  // one line for errors and docs
  std::vector<std::string> columns;     // the scalar store columns category() reads, in order
  std::vector<std::string> categories;  // the proportions estimated, one per category
  // The category of an ok row from its values of `columns` (as stored: integer columns, so a
  // row read back and a column read whole give the same doubles), or -1: the network does not
  // count (e.g. it never learned the task, for a mechanism among trained networks).
  std::function<int(const std::vector<double>&)> category;
};

}  // namespace wmsweep
