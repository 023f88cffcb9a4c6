// Shared by the collector runners; not part of the interface.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "common/utf8.h"
#include "ingest/collector.h"
#include "ingest/evidence_file.h"

#include <nlohmann/json.hpp>

namespace crosswalk::ingest {

// The checks parse_collector_config makes, for configs built in code.
Status validate(const CommandConfig& config);
Status validate(const FileConfig& config);
Status validate(const HostConfig& config);

// Writes `report` (invalid UTF-8 replaced) to `file`, keeps it, and names it in `out`.
Status keep_json_report(EvidenceFile& file, const nlohmann::json& report, std::string name,
                        CollectorOutput& out);

}  // namespace crosswalk::ingest
