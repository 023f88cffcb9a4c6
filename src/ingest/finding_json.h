// The one JSON form of a normalized finding: API answers, `crosswalk import --json`, golden tests.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/finding.h"
#include "ingest/importer.h"

namespace crosswalk::ingest {

nlohmann::json finding_to_json(const domain::Finding& f);
nlohmann::json summary_to_json(const ImportSummary& s);

}  // namespace crosswalk::ingest
