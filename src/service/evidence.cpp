#include "service/evidence.h"

#include <algorithm>
#include <filesystem>

namespace crosswalk::service {

Result<store::EvidenceRecord> add_evidence(Workspace& ws, const EvidenceInput& in,
                                           const store::Actor& actor) {
  if (in.controls.empty()) return Status::InvalidInput("--control: name at least one control");
  if (in.file.empty() && in.url.empty() && in.note.empty())
    return Status::InvalidInput("give the evidence: --file PATH, --url URL or --note TEXT");
  if (!in.file.empty() && !in.url.empty())
    return Status::InvalidInput("--file and --url: give one or the other");
  if (in.valid_days && *in.valid_days <= 0)
    return Status::InvalidInput("--valid-days: must be a positive number of days");
  store::EvidenceRecord e;
  e.controls = in.controls;
  e.note = in.note;
  e.url = in.url;
  e.kind = !in.file.empty() ? "file" : !in.url.empty() ? "url" : "note";
  e.collected_at = in.collected_at.value_or(actor.now);
  if (in.valid_days)
    e.valid_until = e.collected_at + domain::Timestamp{*in.valid_days} * domain::kSecondsPerDay;
  // Evidence recorded by a person through the CLI is accepted on entry; review states exist for
  // evidence arriving from other people and tools.
  e.review = domain::Review::kAccepted;
  e.source = "cli";

  // Check controls before touching the vault, so bad input leaves no trace.
  auto controls = ws.store().controls();
  if (!controls.ok()) return controls.status();
  for (const std::string& id : in.controls) {
    bool found = false;
    for (const auto& c : controls.value()) found = found || c.control.id == id;
    if (!found)
      return Status::NotFound("unknown control '" + id + "' (see `crosswalk control list`)");
  }
  CW_RETURN_IF_ERROR(ws.check_writable());
  if (!in.file.empty()) {
    auto blob = ws.vault().put_file(in.file);
    if (!blob.ok()) return blob.status();
    e.sha256 = blob->sha256;
    e.size = blob->size;
    e.filename = std::filesystem::path(in.file).filename().string();
  }
  auto id = ws.store().add_evidence(e, actor);
  if (!id.ok()) return id.status();
  e.id = id.value();
  e.created_by = actor.name;
  e.created_at = actor.now;
  return e;
}

Result<std::vector<store::EvidenceRecord>> list_evidence(Workspace& ws,
                                                         const std::string& control) {
  auto items = ws.store().evidence();
  if (!items.ok() || control.empty()) return items;
  std::erase_if(items.value(), [&](const store::EvidenceRecord& e) {
    return std::find(e.controls.begin(), e.controls.end(), control) == e.controls.end();
  });
  return items;
}

Status review_evidence(Workspace& ws, const std::string& evidence_id, const std::string& review,
                       const std::string& note, const store::Actor& actor) {
  auto r = domain::parse_review(review);
  if (!r || *r == domain::Review::kPending)
    return Status::InvalidInput("review '" + review + "' is not one of accepted, rejected");
  if (*r == domain::Review::kRejected && note.empty())
    return Status::InvalidInput("--note: say why the evidence is rejected");
  CW_RETURN_IF_ERROR(ws.check_writable());
  return ws.store().review_evidence(evidence_id, *r, note, actor);
}

Result<VaultReport> verify_vault(Workspace& ws) {
  auto items = ws.store().evidence();
  if (!items.ok()) return items.status();
  VaultReport report;
  for (const auto& e : items.value()) {
    if (e.sha256.empty()) continue;
    ++report.checked;
    Status s = ws.vault().verify(e.sha256);
    if (!s.ok()) report.problems.push_back({e.id, e.sha256, s.message()});
  }
  return report;
}

}  // namespace crosswalk::service
