#include "http/audit_pack_download.h"

#include "domain/time.h"
#include "http/zip_download.h"
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
  auto path = scratch_zip(ws, "audit-pack");
  if (!path.ok()) return path.status();
  auto pack = service::write_audit_pack(ws, s, ids, path.value(), actor);
  if (!pack.ok() && pack.status().code() == Status::Code::kNotFound)
    return Status::InvalidInput("framework: " + pack.status().message());
  if (!pack.ok()) return pack.status();
  return zip_download(path.value(), "audit-pack-" + domain::format_date(actor.now) + ".zip",
                      pack->journal_head);
}

}  // namespace crosswalk::http
