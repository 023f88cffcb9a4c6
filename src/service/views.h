// JSON views of the service results, shared by the CLI's --json output and (later) the API.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/projection.h"
#include "service/snapshot.h"
#include "store/store.h"

namespace crosswalk::service {

nlohmann::ordered_json tally_json(const domain::Tally& t);
// {"framework", "name", "met", "partly_met", "not_met", "not_applicable", "applicable", "percent"}
nlohmann::ordered_json readiness_json(const domain::FrameworkAssessment& f);
nlohmann::ordered_json framework_summary_json(const domain::FrameworkAssessment& f);
// The framework with every requirement's status and reason.
nlohmann::ordered_json framework_json(const Snapshot& s, const domain::FrameworkAssessment& f);
// The other standards' requirements mapped to this one, read in either direction of each
// crosswalk: [{"framework", "framework_name", "relation", "strength", "rationale",
// "requirements": [{"framework", "ref", "title", "status"}]}].
nlohmann::ordered_json counterparts_json(const Snapshot& s, const std::string& framework,
                                         const std::string& ref);
// One requirement with its status, reason, controls, counterparts and SoA decision.
nlohmann::ordered_json requirement_json(const Snapshot& s, const domain::FrameworkAssessment& f,
                                        std::size_t index);

nlohmann::ordered_json control_json(const Snapshot& s, std::size_t index,
                                    const store::ControlRecord* record);
nlohmann::ordered_json template_json(const domain::ControlTemplate& t);
nlohmann::ordered_json projection_json(const Snapshot& s, const domain::Projection& p);
nlohmann::ordered_json evidence_json(const store::EvidenceRecord& e);
nlohmann::ordered_json journal_verdict_json(const store::JournalVerdict& v);
nlohmann::ordered_json journal_entry_json(const store::JournalEntry& e);
// Never the password hash.
nlohmann::ordered_json user_json(const store::UserRecord& u);
// Never the token or its hash.
nlohmann::ordered_json token_json(const store::TokenRecord& t);
// A token just created: its secret (shown this once) followed by token_json.
nlohmann::ordered_json new_token_json(const store::TokenRecord& t, const std::string& secret);

}  // namespace crosswalk::service
