// One normalized result of a security tool or test run, whatever format it came in.
// Importers (src/ingest) produce findings; mapping rules (domain/mapping_rules.h) turn them into
// check results of the controls they prove.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace crosswalk::domain {

enum class FindingStatus { kPass, kFail, kError, kNotApplicable };

std::string_view to_string(FindingStatus v);
std::optional<FindingStatus> parse_finding_status(std::string_view s);

struct Finding {
  std::string tool;  // the producing tool as it names itself: "Trivy", "Prowler", "OpenSCAP"
  std::string tool_version;
  std::string
      rule_id;  // the tool's id of what was tested: "CVE-2019-1549", "sshd_disable_root_login"
  std::string rule_name;  // short human title, when the file has one
  FindingStatus status = FindingStatus::kFail;
  // The tool's own word for the outcome ("notchecked", "MANUAL", "skipped"), kept for display.
  std::string status_detail;
  // Suppressed in the tool (SARIF suppressions, waivers): shown, never fails a control.
  bool suppressed = false;
  std::string severity;  // critical | high | medium | low | info, or "" when the file says nothing
  std::string resource;  // what was tested: a file path, a cloud resource id, a host, a test class
  std::string message;
  std::optional<Timestamp> observed_at;
  // Lower-case "scheme:value" references and plain tags, e.g. "cwe:79", "cve:cve-2019-1549",
  // "iso27001-2022:a.8.8", "iso27001-2013:a.12.6.1", "cce:cce-27445-6", "vulnerability".
  std::vector<std::string> tags;
  std::int64_t offset = 0;  // byte offset in the source file where this finding starts
};

}  // namespace crosswalk::domain
