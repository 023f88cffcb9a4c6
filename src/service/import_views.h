// The JSON forms of imports, findings, check history and collectors: one spelling for the CLI's
// --json and the API.
#pragma once

#include <nlohmann/json.hpp>

#include "service/imports.h"
#include "store/store.h"

namespace crosswalk::service {

nlohmann::ordered_json import_json(const store::ImportRecord& r);
nlohmann::ordered_json import_outcome_json(const ImportOutcome& o);
nlohmann::ordered_json finding_record_json(const store::FindingRecord& r);
nlohmann::ordered_json check_history_json(const store::CheckHistoryRow& r);
nlohmann::ordered_json collector_json(const store::CollectorRecord& c);
nlohmann::ordered_json collector_run_json(const store::CollectorRunRecord& r);

}  // namespace crosswalk::service
