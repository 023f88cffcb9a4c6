#include "http/zip_download.h"

#include <filesystem>
#include <random>

#include "http/evidence_files.h"

namespace crosswalk::http {

Result<std::string> scratch_zip(service::Workspace& ws, const std::string& prefix) {
  const std::string dir = ws.vault().temp_dir();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir + ": " + ec.message());
  std::random_device random;
  return dir + "/" + prefix + "-" + std::to_string(random()) + ".zip";
}

Response zip_download(const std::string& path, const std::string& filename,
                      const std::string& journal_head) {
  Response r{200, "application/zip", "", {}};
  r.headers.emplace_back("Content-Disposition", attachment_disposition(filename));
  r.headers.emplace_back("X-Journal-Head", journal_head);
  r.body_file = path;
  r.remove_body_file = true;
  return r;
}

}  // namespace crosswalk::http
