// The audit pack (docs/audit-pack.md): one zip an auditor takes away and checks offline. It
// holds the Statement of Applicability (CSV, XLSX, PDF), readiness and the gap list of each
// standard in scope, the risk register, audit reports, management review minutes, every
// register, the evidence files themselves with their index, and manifest.json: every file's
// SHA-256 and size, the journal's head, signed with the organization's Ed25519 key.
// verify_audit_pack re-reads a pack without the database and names every altered, missing or
// unexpected file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "service/snapshot.h"
#include "service/workspace.h"
#include "service/zip_archive.h"

namespace crosswalk::service {

struct AuditPackSummary {
  std::vector<std::string> frameworks;
  int files = 0;           // beside manifest.json
  int evidence_files = 0;  // of them, evidence from the vault
  std::int64_t bytes = 0;  // uncompressed
  std::int64_t journal_seq = 0;
  std::string journal_head;  // hash of the last journal entry
  std::string key_id;        // the key that signed the manifest
};

// `frameworks`: the standards in scope (ids; empty for every framework). The zip is written
// beside `out_path` and renamed onto it once complete: a failure (a full disk) leaves no file.
Result<AuditPackSummary> write_audit_pack(Workspace& ws, const Snapshot& s,
                                          const std::vector<std::string>& frameworks,
                                          const std::string& out_path, const store::Actor& actor);

using PackProblem = ArchiveProblem;

struct AuditPackVerdict {
  bool ok = false;
  int files = 0;  // listed in the manifest
  std::vector<PackProblem> problems;
  std::string key_id;  // from the manifest's signature, checked against its public key
  std::string generated_at, journal_head;
  std::int64_t journal_seq = 0;
  std::vector<std::string> frameworks;
};

// InvalidInput when `path` is not a zip or has no readable manifest; otherwise the verdict,
// which is ok only with a valid signature and every file as listed.
Result<AuditPackVerdict> verify_audit_pack(const std::string& path);

}  // namespace crosswalk::service
