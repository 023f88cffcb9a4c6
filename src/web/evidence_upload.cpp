#include "web/evidence_upload.h"

#include "http/api_util.h"
#include "http/multipart.h"
#include "service/evidence.h"
#include "web/site.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

d::Review initial_review(const http::Call& c) {
  return c.who ? http::initial_review(*c.who) : d::Review::kPending;
}

http::Response upload_evidence(http::Api& api, http::Call& c) {
  const std::string* accept = c.request.header("accept");
  const bool wants_json = accept && accept->find("application/json") != std::string::npos;
  auto fail = [&](const Status& s) {
    if (!wants_json) return status_page(c, s);
    const int code = s.code() == Status::Code::kNotFound       ? 404
                     : s.code() == Status::Code::kInvalidInput ? 400
                                                               : 500;
    return http::error_response(code, code == 500 ? "internal" : "bad_request", s.message());
  };
  const std::string* type = c.request.header("content-type");
  if (!type || !http::is_multipart_form(*type))
    return fail(Status::InvalidInput("the upload must be sent as multipart/form-data"));
  auto ws = api.workspace();
  if (!ws.ok()) return fail(ws.status());
  auto form = http::read_multipart(c.request, ws.value()->vault().temp_dir());
  if (!form.ok()) return fail(form.status());
  auto one = [&](const char* name) {
    const auto& v = form->values(name);
    return v.empty() ? std::string() : v.front();
  };
  service::EvidenceInput in;
  in.controls = form->values("control");
  in.note = one("note");
  if (const std::string days = one("valid_days"); !days.empty()) {
    if (days.size() > 5 || days.find_first_not_of("0123456789") != std::string::npos)
      return fail(Status::InvalidInput("valid for: a whole number of days"));
    in.valid_days = std::stoi(days);
  }
  http::UploadedFile* file = nullptr;
  for (auto& f : form->files)
    if (f.field == "file" && !file) file = &f;
  if (!file || (file->filename.empty() && file->size == 0))
    return fail(Status::InvalidInput("choose a file to upload"));
  in.upload = file->file.path();
  in.upload_name = file->filename;
  in.review = initial_review(c);
  in.source = "web";
  auto added = service::add_evidence(*ws.value(), in, {actor_name(c), api.now()});
  if (!added.ok()) return fail(added.status());
  const std::string ret = one("return");
  const std::string next = local_path(ret.empty() ? "/evidence" : ret);
  if (wants_json) return http::json_response(201, {{"id", added->id}, {"next", next}});
  return redirect(next);
}

}  // namespace crosswalk::web
