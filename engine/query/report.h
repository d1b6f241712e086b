#pragma once
// Text for `wmsweep status` and `wmsweep query`.
#include <string>
#include <vector>

#include "query/prevalence.h"

namespace wmsweep {

// done / failed / pending, label counts, compute time, failure reasons, who is running it
std::string status_text(const std::string& store_path);

// format: "table", "csv" or "json"
std::string format_prevalence(const std::vector<PrevalenceRow>& rows,
                              const std::vector<std::string>& by, const std::string& format);

// format: "table", "csv" or "json"; `variant` names the simulation label compared
std::string format_agreement(const std::vector<AgreementRow>& rows,
                             const std::vector<std::string>& by, const std::string& variant,
                             const std::string& format);

// Study 2's per-condition table; format: "table", "csv" or "json"
std::string format_conditions(const std::vector<ConditionRow>& rows,
                              const std::vector<std::string>& by, const std::string& format);

}  // namespace wmsweep
