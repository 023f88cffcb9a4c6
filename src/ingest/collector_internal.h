// Shared by the collector runners; not part of the interface.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/collector.h"
#include "ingest/evidence_file.h"

#include <nlohmann/json.hpp>

namespace crosswalk::ingest {

// The checks parse_collector_config makes, for configs built in code.
Status validate(const CommandConfig& config);
Status validate(const FileConfig& config);
Status validate(const HostConfig& config);

// Text from a file or a tool, made safe to show: invalid UTF-8 and control characters become
// '?', and it is cut at `max_bytes` (on a character boundary, with "…").
std::string printable_excerpt(std::string_view text, std::size_t max_bytes = 160);

// Writes `report` (invalid UTF-8 replaced) to `file`, keeps it, and names it in `out`.
Status keep_json_report(EvidenceFile& file, const nlohmann::json& report, std::string name,
                        CollectorOutput& out);

}  // namespace crosswalk::ingest
