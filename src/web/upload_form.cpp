#include "web/upload_form.h"

#include "web/site.h"

namespace crosswalk::web {

std::string UploadForm::field(const std::string& name) const {
  const auto& v = form.values(name);
  return v.empty() ? std::string() : v.front();
}

http::UploadedFile* UploadForm::file(const std::string& name) {
  for (auto& f : form.files)
    if (f.field == name) return f.filename.empty() && f.size == 0 ? nullptr : &f;
  return nullptr;
}

bool wants_json(const http::Call& c) {
  const std::string* accept = c.request.header("accept");
  return accept && accept->find("application/json") != std::string::npos;
}

http::Response upload_failure(const http::Call& c, const Status& s) {
  return wants_json(c) ? http::from_status(s) : status_page(c, s);
}

Result<UploadForm> read_upload_form(http::Api& api, const http::Call& c) {
  const std::string* type = c.request.header("content-type");
  if (!type || !http::is_multipart_form(*type))
    return Status::InvalidInput("the upload must be sent as multipart/form-data");
  auto ws = api.workspace();
  if (!ws.ok()) return ws.status();
  auto form = http::read_multipart(c.request, ws.value()->vault().temp_dir());
  if (!form.ok()) return form.status();
  return UploadForm{std::move(form).value(), wants_json(c)};
}

}  // namespace crosswalk::web
