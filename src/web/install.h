// The web UI: server-rendered pages on the same routes table, roles and sessions as the API.
#pragma once

#include "http/api.h"

namespace crosswalk::web {

void install(http::Api& api);

}  // namespace crosswalk::web
