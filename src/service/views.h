// JSON views of the service results, shared by the CLI's --json output and (later) the API.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/projection.h"
#include "service/snapshot.h"
#include "store/store.h"

namespace crosswalk::service {

nlohmann::json tally_json(const domain::Tally& t);
// {"framework", "name", "met", "partly_met", "not_met", "not_applicable", "applicable", "percent"}
nlohmann::json readiness_json(const domain::FrameworkAssessment& f);
nlohmann::json framework_summary_json(const domain::FrameworkAssessment& f);
// The framework with every requirement's status and reason.
nlohmann::json framework_json(const Snapshot& s, const domain::FrameworkAssessment& f);
nlohmann::json control_json(const Snapshot& s, std::size_t index,
                            const store::ControlRecord* record);
nlohmann::json template_json(const domain::ControlTemplate& t);
nlohmann::json projection_json(const Snapshot& s, const domain::Projection& p);
nlohmann::json evidence_json(const store::EvidenceRecord& e);
nlohmann::json journal_verdict_json(const store::JournalVerdict& v);

}  // namespace crosswalk::service
