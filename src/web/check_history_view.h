// A control's automated checks for its page: each check with its latest outcome, where it came
// from and whether it is still fresh, and the results one by one, newest first.
#pragma once

#include <vector>

#include "store/store.h"
#include "web/site.h"

namespace crosswalk::web {

// `rows`: store::check_history of one control (newest first). Gives {"checks": [...],
// "history": [...], "any": bool}.
json check_history_view(const std::vector<store::CheckHistoryRow>& rows, domain::Timestamp now);

}  // namespace crosswalk::web
