// The dashboard's incidents and people lines: open incidents by severity, notifications overdue
// or not yet recorded, acknowledgements and courses people owe past their due date, documents
// due for review. Part of the dashboard's cached part: links only.
#pragma once

#include "service/workspace.h"
#include "web/site.h"

namespace crosswalk::web {

Result<json> incidents_card(service::Workspace& ws, domain::Timestamp now);
Result<json> duties_card(service::Workspace& ws, domain::Timestamp now);

}  // namespace crosswalk::web
