// Static files of web/static, served from memory with a content hash in the URL so browsers may
// keep them for a year.
#pragma once

#include <string>

#include "http/api.h"

namespace crosswalk::web {

// "/static/app.css?v=1a2b3c4d" for "app.css".
std::string asset_url(const std::string& name);

void add_asset_routes(http::Api& api);

}  // namespace crosswalk::web
