// The audit pack as a download, for the API and the web page: written to a scratch file of the
// vault and streamed from there; the file is unlinked once opened for sending.
#pragma once

#include <string>

#include "http/message.h"
#include "service/snapshot.h"
#include "service/workspace.h"

namespace crosswalk::http {

// `frameworks`: comma-separated framework ids, "" for every framework.
Result<Response> audit_pack_download(service::Workspace& ws, const service::Snapshot& s,
                                     const std::string& frameworks, const store::Actor& actor);

}  // namespace crosswalk::http
