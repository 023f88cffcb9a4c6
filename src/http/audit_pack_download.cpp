#include "http/audit_pack_download.h"

#include <filesystem>
#include <random>

#include "domain/time.h"
#include "http/evidence_files.h"
#include "service/audit_pack.h"

namespace crosswalk::http {

Result<Response> audit_pack_download(service::Workspace& ws, const service::Snapshot& s,
                                     const std::string& frameworks, const store::Actor& actor) {
  std::vector<std::string> ids;
  for (std::size_t start = 0; start < frameworks.size();) {
    std::size_t end = frameworks.find(',', start);
    if (end == std::string::npos) end = frameworks.size();
    if (end > start) ids.push_back(frameworks.substr(start, end - start));
    start = end + 1;
  }
  const std::string dir = ws.vault().temp_dir();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir + ": " + ec.message());
  std::random_device random;
  const std::string path = dir + "/audit-pack-" + std::to_string(random()) + ".zip";
  auto pack = service::write_audit_pack(ws, s, ids, path, actor);
  if (!pack.ok() && pack.status().code() == Status::Code::kNotFound)
    return Status::InvalidInput("framework: " + pack.status().message());
  if (!pack.ok()) return pack.status();
  Response r{200, "application/zip", "", {}};
  r.headers.emplace_back(
      "Content-Disposition",
      attachment_disposition("audit-pack-" + domain::format_date(actor.now) + ".zip"));
  r.headers.emplace_back("X-Journal-Head", pack->journal_head);
  r.body_file = path;
  r.remove_body_file = true;
  return r;
}

}  // namespace crosswalk::http
