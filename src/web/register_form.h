// A register entry's form, made from its kind's fields: one input per field by type (selects
// for choices and links to other entries, a textarea per list), and back from the posted form.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "domain/register.h"
#include "http/message.h"
#include "service/workspace.h"

namespace crosswalk::web {

// The template data of the form's fields with `values` filled in; `invalid` names the field a
// refusal was about ("" for none).
Result<nlohmann::ordered_json> register_form_fields(service::Workspace& ws,
                                                    const domain::RegisterKind& kind,
                                                    const domain::FieldValues& values,
                                                    const std::string& invalid);

// The posted values of every field of the kind (lists split by lines, id lists by spaces and
// commas); fields left empty are present and empty, so an edit can clear them.
domain::FieldValues register_form_values(const domain::RegisterKind& kind, const http::Form& form);

// "field NAME: …" → NAME, for marking the input a refusal is about.
std::string field_of_message(const std::string& message);

}  // namespace crosswalk::web
