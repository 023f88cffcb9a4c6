// Zips made for one answer (audit packs, backups): written to a scratch file of the vault and
// streamed from there; the file is unlinked once opened for sending.
#pragma once

#include <string>

#include "http/message.h"
#include "service/workspace.h"

namespace crosswalk::http {

// A new file name in the vault's scratch directory (which is created if needed).
Result<std::string> scratch_zip(service::Workspace& ws, const std::string& prefix);

// Sends `path` as the attachment `filename`; X-Journal-Head names the last entry it holds.
Response zip_download(const std::string& path, const std::string& filename,
                      const std::string& journal_head);

}  // namespace crosswalk::http
