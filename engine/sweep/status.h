#pragma once
// `wmsweep status STORE`: what a store holds (done, failed, pending, compute spent, the
// study's own counts, the failures), while a run writes it or after.
#include <string>

namespace wmsweep {

std::string status_text(const std::string& store_path);

}  // namespace wmsweep
