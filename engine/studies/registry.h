#pragma once
// The studies this engine knows: the one place that lists them (registry.cpp). A spec's
// `study = "…"` picks one; the first is the default.
#include <string>
#include <vector>

#include "study/study.h"

namespace wmsweep {

const std::vector<const Study*>& studies();
// SpecError naming the known studies when `name` is none of them.
const Study& find_study(const std::string& name);

}  // namespace wmsweep
