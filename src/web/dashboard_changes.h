// The dashboard's "To renew" and "Changed since yesterday": the plain structs of
// service/renewals.h and service/changes.h as view models. Both go into the dashboard's cached
// part, so they hold links only (no form, no CSRF token).
#pragma once

#include "service/snapshot.h"
#include "service/workspace.h"
#include "web/site.h"

namespace crosswalk::web {

Result<json> renewals_card(service::Workspace& ws, const service::Snapshot& s);
Result<json> changes_card(service::Workspace& ws, const service::Snapshot& s);

}  // namespace crosswalk::web
