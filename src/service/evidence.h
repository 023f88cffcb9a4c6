// Evidence: a file stored once in the vault (or a URL or a note), linked to the controls it proves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/workspace.h"

namespace crosswalk::service {

struct EvidenceInput {
  std::vector<std::string> controls;
  std::string file;
  std::string url;
  std::string note;
  std::optional<int> valid_days;                  // none: does not expire
  std::optional<domain::Timestamp> collected_at;  // default: now
};

Result<store::EvidenceRecord> add_evidence(Workspace& ws, const EvidenceInput& in,
                                           const store::Actor& actor);

// All evidence, or only that linked to `control` when it is not empty; oldest first.
Result<std::vector<store::EvidenceRecord>> list_evidence(Workspace& ws, const std::string& control);

// review: "accepted" or "rejected"; a rejection needs a note saying why.
Status review_evidence(Workspace& ws, const std::string& evidence_id, const std::string& review,
                       const std::string& note, const store::Actor& actor);

struct VaultProblem {
  std::string evidence_id;
  std::string sha256;
  std::string problem;
};

struct VaultReport {
  std::size_t checked = 0;  // evidence items with a stored file
  std::vector<VaultProblem> problems;
};

// Re-hashes every stored evidence file: a missing or altered blob is a problem.
Result<VaultReport> verify_vault(Workspace& ws);

}  // namespace crosswalk::service
