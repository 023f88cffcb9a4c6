#include "web/evidence_upload.h"

#include "http/api_util.h"
#include "service/evidence.h"
#include "web/site.h"
#include "web/upload_form.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

d::Review initial_review(const http::Call& c) {
  return c.who ? http::initial_review(*c.who) : d::Review::kPending;
}

http::Response upload_evidence(http::Api& api, http::Call& c) {
  auto fail = [&](const Status& s) { return upload_failure(c, s); };
  auto ws = api.workspace();
  if (!ws.ok()) return fail(ws.status());
  auto form = read_upload_form(api, c);
  if (!form.ok()) return fail(form.status());
  service::EvidenceInput in;
  in.controls = form->form.values("control");
  in.note = form->field("note");
  if (const std::string days = form->field("valid_days"); !days.empty()) {
    if (days.size() > 5 || days.find_first_not_of("0123456789") != std::string::npos)
      return fail(Status::InvalidInput("valid for: a whole number of days"));
    in.valid_days = std::stoi(days);
  }
  http::UploadedFile* file = form->file("file");
  if (!file) return fail(Status::InvalidInput("choose a file to upload"));
  in.upload = file->file.path();
  in.upload_name = file->filename;
  in.review = initial_review(c);
  in.source = "web";
  auto added = service::add_evidence(*ws.value(), in, {actor_name(c), api.now()});
  if (!added.ok()) return fail(added.status());
  const std::string ret = form->field("return");
  const std::string next = local_path(ret.empty() ? "/evidence" : ret);
  if (form->wants_json) return http::json_response(201, {{"id", added->id}, {"next", next}});
  return redirect(next);
}

}  // namespace crosswalk::web
