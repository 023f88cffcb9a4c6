// Evidence: a file stored once in the vault (or a URL or a note), linked to the controls it proves.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/workspace.h"

namespace crosswalk::service {

struct EvidenceInput {
  std::vector<std::string> controls;
  std::string file;
  // An uploaded file in the vault's temp directory: moved into the vault (removed whatever
  // happens); `upload_name` is the name its sender gave it.
  std::string upload;
  std::string upload_name;
  std::string url;
  std::string note;
  std::optional<int> valid_days;                  // none: does not expire
  std::optional<domain::Timestamp> collected_at;  // default: now
  // Evidence a person records through the CLI is accepted on entry; the web UI leaves evidence of
  // people who may not review it pending.
  domain::Review review = domain::Review::kAccepted;
  std::string source = "cli";
};

Result<store::EvidenceRecord> add_evidence(Workspace& ws, const EvidenceInput& in,
                                           const store::Actor& actor);

// A file name as sent by a client or typed by a user, made safe to store and show: the base name
// only, without control, bidirectional-override or invalid UTF-8 characters, at most 255 bytes;
// "upload" when nothing is left.
std::string safe_file_name(std::string_view sent);

// One evidence item; NotFound if there is none with this id.
Result<store::EvidenceRecord> find_evidence(Workspace& ws, const std::string& evidence_id);

// All evidence, or only that linked to `control` when it is not empty; oldest first.
Result<std::vector<store::EvidenceRecord>> list_evidence(Workspace& ws, const std::string& control);

// review: "accepted" or "rejected"; a rejection needs a note saying why.
Status review_evidence(Workspace& ws, const std::string& evidence_id, const std::string& review,
                       const std::string& note, const store::Actor& actor);

struct VaultProblem {
  std::string evidence_id;  // "" for a file kept only by an import
  std::string sha256;
  std::string problem;

  // What to name in a message: the evidence item, or "imported file".
  std::string subject() const { return evidence_id.empty() ? "imported file" : evidence_id; }
};

struct VaultReport {
  std::size_t checked = 0;         // evidence items with a stored file
  std::vector<std::string> files;  // every distinct file re-hashed
  std::vector<VaultProblem> problems;
};

// How people know a note-only evidence item: its first line, cut between characters at 60 bytes.
std::string note_headline(std::string_view note);

// Re-hashes every stored file the data refers to, each once (evidence items may share one; a
// refused import keeps its file without an evidence item): a missing or altered blob is a problem.
Result<VaultReport> verify_vault(store::Store& store, const store::Vault& vault);
Result<VaultReport> verify_vault(Workspace& ws);

}  // namespace crosswalk::service
