// A backup as a download, for the API and the web page: written to a scratch file of the vault
// and streamed from there; the file is unlinked once opened for sending.
#pragma once

#include "http/message.h"
#include "service/workspace.h"
#include "store/store.h"

namespace crosswalk::http {

Result<Response> backup_download(service::Workspace& ws, const store::Actor& actor);

}  // namespace crosswalk::http
