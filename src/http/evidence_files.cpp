#include "http/evidence_files.h"

#include <cctype>
#include <string_view>

#include "http/api_util.h"
#include "http/multipart.h"
#include "service/evidence.h"
#include "service/views.h"

namespace crosswalk::http {

Response add_evidence_from_form(const Request& req, service::Workspace& ws,
                                const store::Actor& actor, domain::Review review) {
  auto form = read_multipart(req, ws.vault().temp_dir());
  if (!form.ok()) return from_status(form.status());
  service::EvidenceInput in;
  in.controls = form->values("control");
  if (in.controls.empty())
    return error_response(400, "bad_request", "control: name at least one control");
  const auto& days = form->values("valid_days");
  if (days.size() > 1) return error_response(400, "bad_request", "valid_days: give it once");
  if (!days.empty() && !days[0].empty()) {
    const std::string& d = days[0];
    if (d.size() > 6 || d.find_first_not_of("0123456789") != std::string::npos)
      return error_response(400, "bad_request", "valid_days: a whole number of days");
    in.valid_days = std::stoi(d);
  }
  const auto& notes = form->values("note");
  if (notes.size() > 1) return error_response(400, "bad_request", "note: give it once");
  if (!notes.empty()) in.note = notes[0];

  UploadedFile* file = nullptr;
  for (auto& f : form->files) {
    if (f.field != "file")
      return error_response(400, "bad_request",
                            "unexpected file part '" + f.field + "' (the file goes in 'file')");
    if (file) return error_response(400, "bad_request", "file: send exactly one file");
    file = &f;
  }
  if (!file) return error_response(400, "bad_request", "file: the form has no file part 'file'");
  if (file->filename.empty() && file->size == 0)
    return error_response(400, "bad_request", "file: no file was chosen");
  in.upload = file->file.path();
  in.upload_name = file->filename;
  in.source = "api";
  in.review = review;
  auto e = service::add_evidence(ws, in, actor);
  if (!e.ok()) return from_status(e.status());
  return json_response(201, service::evidence_json(e.value()));
}

Response evidence_file(service::Workspace& ws, const std::string& evidence_id) {
  auto e = service::find_evidence(ws, evidence_id);
  if (!e.ok()) return from_status(e.status());
  if (e->sha256.empty())
    return error_response(404, "not_found",
                          "evidence '" + evidence_id + "' is a " + e->kind + ", it has no file");
  auto file = ws.vault().local_file(e->sha256);
  if (!file.ok()) return from_status(file.status());
  Response res{200, "application/octet-stream", "", {}};
  res.headers.emplace_back("Content-Disposition", attachment_disposition(e->filename));
  res.headers.emplace_back("ETag", "\"" + e->sha256 + "\"");
  res.body_file = std::move(file).value();
  return res;
}

std::string attachment_disposition(const std::string& filename) {
  std::string ascii;
  bool plain = true;
  for (std::size_t i = 0; i < filename.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(filename[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ascii.push_back(static_cast<char>(c));
      continue;
    }
    plain = false;
    if ((c & 0xC0) != 0x80) ascii.push_back('_');  // one '_' per character, not per byte
  }
  std::string out = "attachment; filename=\"" + ascii + "\"";
  if (plain) return out;
  static const char* kHex = "0123456789ABCDEF";
  out += "; filename*=UTF-8''";
  for (unsigned char c : filename) {
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace crosswalk::http
