// Evidence uploads from the web UI: a multipart form (drag-and-drop or a plain form post).
#pragma once

#include "domain/enums.h"
#include "http/api.h"

namespace crosswalk::web {

// Evidence added by someone who may review it is accepted on entry; anyone else's waits for a
// manager's review.
domain::Review initial_review(const http::Call& c);

// POST /evidence/upload: stores the file and links it to the form's `control`. A script asking
// for JSON (Accept: application/json, as the page's drag-and-drop does) gets 201 {"id", "next"}
// or a JSON error; a plain form post gets a redirect or an error page.
http::Response upload_evidence(http::Api& api, http::Call& c);

}  // namespace crosswalk::web
