// What the register routes, the audit routes and their pages share: a body's fields, the
// answer to a save, who may sign off, and reports as downloads.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/register.h"
#include "http/router.h"
#include "report/document.h"
#include "service/registers.h"

namespace crosswalk::http {

bool may_sign_off(const Principal& who);
// {"fields": {NAME: VALUE, …}} into field values (InvalidInput naming the problem).
Result<domain::FieldValues> fields_of_body(const nlohmann::ordered_json& body);
// The saved entry as JSON with its notices, Location and ETag.
Response saved_response(int status, const std::string& kind, const service::SavedEntry& saved,
                        service::Workspace& ws);

// A report document as a download: PDF, or Markdown when `pdf` is false.
Result<Response> document_download(const report::Document& doc, bool pdf,
                                   const std::string& filename);

}  // namespace crosswalk::http
