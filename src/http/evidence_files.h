// Evidence files over HTTP: the multipart/form-data variant of POST /api/v1/evidence and
// GET /api/v1/evidence/{id}/file.
#pragma once

#include <string>

#include "http/message.h"
#include "service/workspace.h"

namespace crosswalk::http {

// Form fields: `control` (one or more), `valid_days`?, `note`?, and exactly one file part `file`.
// 201 with the evidence JSON; 400 for a malformed form, 404 for an unknown control.
// `review` is the state it starts in (pending unless the caller may review evidence).
Response add_evidence_from_form(const Request& req, service::Workspace& ws,
                                const store::Actor& actor, domain::Review review);

// The stored file, streamed from the vault, as an attachment; 404 if the evidence is unknown or
// is a link or a note.
Response evidence_file(service::Workspace& ws, const std::string& evidence_id);

// `attachment; filename="…"`, plus filename*=UTF-8''… (RFC 6266, RFC 8187) when the name is not
// plain printable ASCII.
std::string attachment_disposition(const std::string& filename);

}  // namespace crosswalk::http
