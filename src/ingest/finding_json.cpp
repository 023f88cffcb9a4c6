#include "ingest/finding_json.h"

namespace crosswalk::ingest {

using nlohmann::json;

json finding_to_json(const domain::Finding& f) {
  json j{
      {"tool", f.tool},         {"rule_id", f.rule_id},   {"status", domain::to_string(f.status)},
      {"severity", f.severity}, {"resource", f.resource}, {"message", f.message},
      {"tags", f.tags},         {"offset", f.offset}};
  if (!f.tool_version.empty()) j["tool_version"] = f.tool_version;
  if (!f.rule_name.empty()) j["rule_name"] = f.rule_name;
  if (!f.status_detail.empty()) j["status_detail"] = f.status_detail;
  if (f.suppressed) j["suppressed"] = true;
  if (f.observed_at) j["observed_at"] = domain::format_datetime(*f.observed_at);
  return j;
}

json summary_to_json(const ImportSummary& s) {
  json runs = json::array();
  for (const ToolRun& r : s.runs) {
    json run{{"tool", r.tool},
             {"tool_version", r.tool_version},
             {"findings", r.findings},
             {"completed", r.completed},
             {"errors", r.errors}};
    if (r.started_at) run["started_at"] = domain::format_datetime(*r.started_at);
    runs.push_back(std::move(run));
  }
  return json{{"format", to_string(s.format)},
              {"findings", s.findings},
              {"bytes", s.bytes},
              {"runs", std::move(runs)},
              {"warnings", s.warnings}};
}

}  // namespace crosswalk::ingest
