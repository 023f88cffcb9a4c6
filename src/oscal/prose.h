// OSCAL parts as readable text: a control's statement with its parameters filled in.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace crosswalk::oscal {

// Parameter id -> how it reads in prose: its values, its choices or its label
// ("[Assignment: organization-defined personnel]").
std::map<std::string, std::string> param_texts(const nlohmann::json& params);

// The part and its sub-parts as Markdown lines ("a. Define …", nested items indented), with
// {{ insert: param, id }} replaced from `params` (an unknown id stays in brackets).
std::string render_part(const nlohmann::json& part,
                        const std::map<std::string, std::string>& params);

}  // namespace crosswalk::oscal
