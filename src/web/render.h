// Mustache templates from web/templates, rendered from JSON view models. Every {{value}} is
// HTML-escaped; the only unescaped insertion is the layout's {{{content}}}, our own rendered page.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace crosswalk::web {

// Renders templates/NAME.mustache with `data`. Templates may include others as partials
// ({{> name}}). An unknown or invalid template is a programming error: it throws.
std::string render(const std::string& name, const nlohmann::ordered_json& data);

}  // namespace crosswalk::web
