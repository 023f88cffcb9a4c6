// Multipart forms posted from the pages (evidence files, tools' results): read into the vault's
// scratch directory, and answered as JSON to the page's script (Accept: application/json, as its
// drag-and-drop sends) or as a page to a plain form post.
#pragma once

#include <string>

#include "common/status.h"
#include "http/api.h"
#include "http/multipart.h"

namespace crosswalk::web {

struct UploadForm {
  http::MultipartForm form;
  bool wants_json = false;

  // The first value of a text field, or "".
  std::string field(const std::string& name) const;
  // The first file part named `name`, or nullptr when there is none or no file was chosen.
  http::UploadedFile* file(const std::string& name);
};

bool wants_json(const http::Call& c);

// A failure as the caller wants it: a JSON error for the script, an error page otherwise.
http::Response upload_failure(const http::Call& c, const Status& s);

// InvalidInput when the request is not multipart/form-data or is malformed.
Result<UploadForm> read_upload_form(http::Api& api, const http::Call& c);

}  // namespace crosswalk::web
