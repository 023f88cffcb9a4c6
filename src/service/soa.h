// The Statement of Applicability of one framework with an Annex A (ISO 27001, ISO 42001), or
// of both together ("combined"), with its approvals: what it says now, which version that is,
// and approving it (docs/soa.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/soa.h"
#include "service/snapshot.h"
#include "service/workspace.h"
#include "store/store.h"

namespace crosswalk::service {

inline constexpr const char* kCombinedSoa = "combined";

struct SoaView {
  std::string scope;                    // a framework id or "combined"
  std::string title;                    // "ISO/IEC 27001:2022", or both names
  std::vector<std::string> frameworks;  // ids, in catalog order
  std::vector<domain::SoaRow> rows;
  std::string statement_sha256;  // of domain::soa_statement(rows)
  // The newest approval (its document left out); the SoA is that version while its statement
  // is unchanged, and a draft of the next version otherwise.
  std::optional<store::SoaApproval> approved;
  std::int64_t version = 1;
  bool is_approved = false;
  std::vector<std::string> blocking;        // soa_blocking_problems
  std::vector<std::string> without_reason;  // soa_rows_without_reason
  domain::Timestamp generated_at = 0;
};

// The scopes there are: every framework with Annex A items, then "combined" when there are two
// or more.
std::vector<std::pair<std::string, std::string>> soa_scopes(const catalog::Catalog& catalog);
Result<std::vector<std::pair<std::string, std::string>>> soa_scopes(Workspace& ws);

// NotFound for an unknown scope or a framework without Annex A. The rows come from `s` (the
// server passes its cached assessment); risks and approvals are read from the store.
Result<SoaView> soa_view(Workspace& ws, const Snapshot& s, const std::string& scope);
// The same from a snapshot taken now.
Result<SoaView> soa_view(Workspace& ws, const std::string& scope, domain::Timestamp now);

// Approves what the SoA says now as its next version, by `actor` at `now`. InvalidInput listing
// the rows at fault when an exclusion lacks a justification; Conflict when it is already
// approved unchanged (naming the version), or when another approval came first.
Result<SoaView> approve_soa(Workspace& ws, const std::string& scope, const store::Actor& actor,
                            domain::Timestamp now);

// {"scope", "title", "version", "status": "approved"|"draft", "approved": {...}|null,
//  "statement_sha256", "generated_at", "blocking": [...], "without_reason": [...],
//  "summary": {"rows", "applicable", "excluded", "implemented", ...}, "rows": [...]}
nlohmann::json soa_json(const SoaView& view);

}  // namespace crosswalk::service
