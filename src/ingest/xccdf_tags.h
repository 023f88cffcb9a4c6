// How XCCDF rule metadata becomes finding fields: result words, tags from idents and references,
// the tool named by a TestResult's test-system CPE.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/finding.h"

namespace crosswalk::ingest {

inline constexpr std::string_view kSsgRulePrefix = "xccdf_org.ssgproject.content_rule_";

// pass/fixed, fail, error/unknown, notapplicable/notchecked/informational; nullopt for anything
// else (notselected is not a finding and is handled by the caller).
std::optional<domain::FindingStatus> xccdf_status(std::string_view result);

// <ident system="…">value</ident>: "cce:cce-27445-6", "cci:cci-000366", else "ident:<value>".
void add_ident_tags(std::string_view system, std::string_view value,
                    std::vector<std::string>* tags);

// <reference href="…">text</reference>: ISO 27001:2013/2022 controls, NIST SP 800-53 controls and
// DISA CCIs become one tag per id in the text; anything else "ref:<text>".
void add_reference_tags(std::string_view href, std::string_view text,
                        std::vector<std::string>* tags);

// "cpe:/a:redhat:openscap:1.0.8" -> {"OpenSCAP", "1.0.8"}; not a CPE: {test_system, ""}.
struct ToolName {
  std::string name, version;
};
ToolName tool_from_test_system(std::string_view test_system);

}  // namespace crosswalk::ingest
