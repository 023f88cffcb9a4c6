#include "service/evidence.h"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/utf8.h"

namespace crosswalk::service {

Result<store::EvidenceRecord> add_evidence(Workspace& ws, const EvidenceInput& in,
                                           const store::Actor& actor) {
  struct RemoveUpload {
    const std::string& path;
    ~RemoveUpload() {
      if (!path.empty()) ::unlink(path.c_str());  // a no-op once moved into the vault
    }
  } remove_upload{in.upload};
  if (in.controls.empty()) return Status::InvalidInput("--control: name at least one control");
  const bool has_file = !in.file.empty() || !in.upload.empty();
  if (!has_file && in.url.empty() && in.note.empty())
    return Status::InvalidInput("give the evidence: --file PATH, --url URL or --note TEXT");
  if (!in.file.empty() && !in.upload.empty())
    return Status::InvalidInput("give one file: a path or an upload");
  if (has_file && !in.url.empty())
    return Status::InvalidInput("--file and --url: give one or the other");
  if (!in.url.empty()) {
    // Only web addresses: a javascript: or data: link shown to others would be an attack.
    std::string scheme = in.url.substr(0, in.url.find(':'));
    for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const bool spaces = std::any_of(in.url.begin(), in.url.end(),
                                    [](unsigned char ch) { return ch <= 0x20 || ch == 0x7f; });
    if ((scheme != "http" && scheme != "https") || in.url.find("://") == std::string::npos ||
        spaces || in.url.size() > 2048)
      return Status::InvalidInput("--url '" + in.url.substr(0, 80) +
                                  "': an http:// or https:// address without spaces, at most "
                                  "2,048 characters");
  }
  if (in.valid_days && *in.valid_days <= 0)
    return Status::InvalidInput("--valid-days: must be a positive number of days");
  store::EvidenceRecord e;
  for (const std::string& id : in.controls)
    if (std::find(e.controls.begin(), e.controls.end(), id) == e.controls.end())
      e.controls.push_back(id);
  e.note = in.note;
  e.url = in.url;
  e.kind = has_file ? "file" : !in.url.empty() ? "url" : "note";
  e.collected_at = in.collected_at.value_or(actor.now);
  if (in.valid_days)
    e.valid_until = e.collected_at + domain::Timestamp{*in.valid_days} * domain::kSecondsPerDay;
  e.review = in.review;
  e.source = in.source;

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
    e.filename = safe_file_name(in.file);
  } else if (!in.upload.empty()) {
    auto blob = ws.vault().put_temp_file(in.upload);
    if (!blob.ok()) return blob.status();
    e.sha256 = blob->sha256;
    e.size = blob->size;
    e.filename = safe_file_name(in.upload_name);
  }
  auto id = ws.store().add_evidence(e, actor);
  if (!id.ok()) return id.status();
  e.id = id.value();
  e.created_by = actor.name;
  e.created_at = actor.now;
  return e;
}

std::string safe_file_name(std::string_view sent) {
  const auto slash = sent.find_last_of("/\\");
  if (slash != std::string_view::npos) sent.remove_prefix(slash + 1);
  constexpr std::size_t kMaxBytes = 255;
  std::string out;
  for (std::size_t i = 0; i < sent.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_sequence(sent, i, &cp);
    if (n == 0) {
      ++i;  // not UTF-8: dropped
      continue;
    }
    const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
    // Bidirectional overrides can make "evil<U+202E>fdp.exe" display as "evilexe.pdf".
    const bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
                      cp == 0x200E || cp == 0x200F || cp == 0x061C;
    if (!control && !bidi) {
      if (out.size() + n > kMaxBytes) break;
      out.append(sent.substr(i, n));
    }
    i += n;
  }
  const auto first = out.find_first_not_of(' ');
  out = first == std::string::npos ? "" : out.substr(first, out.find_last_not_of(' ') - first + 1);
  if (out.empty() || out == "." || out == "..") return "upload";
  return out;
}

Result<store::EvidenceRecord> find_evidence(Workspace& ws, const std::string& evidence_id) {
  auto item = ws.store().evidence_item(evidence_id);
  if (!item.ok()) return item.status();
  if (!item.value()) return Status::NotFound("unknown evidence '" + evidence_id + "'");
  return std::move(*item.value());
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

Result<VaultReport> verify_vault(store::Store& store, const store::Vault& vault) {
  auto items = store.evidence();
  if (!items.ok()) return items.status();
  auto refs = store.blob_references();
  if (!refs.ok()) return refs.status();
  std::map<std::string, Status> verdicts;
  for (const std::string& sha : refs.value()) verdicts[sha] = vault.verify(sha);
  // An item added between the two reads is verified too, never taken as fine.
  const auto verdict = [&](const std::string& sha) -> const Status& {
    auto it = verdicts.find(sha);
    if (it == verdicts.end()) it = verdicts.emplace(sha, vault.verify(sha)).first;
    return it->second;
  };
  VaultReport report;
  std::set<std::string> of_evidence;
  for (const auto& e : items.value()) {
    if (e.sha256.empty()) continue;
    ++report.checked;
    of_evidence.insert(e.sha256);
    const Status& s = verdict(e.sha256);
    if (!s.ok()) report.problems.push_back({e.id, e.sha256, s.message()});
  }
  for (const auto& [sha, s] : verdicts) {
    report.files.push_back(sha);
    if (!s.ok() && !of_evidence.count(sha)) report.problems.push_back({"", sha, s.message()});
  }
  return report;
}

std::string note_headline(std::string_view note) {
  return printable_excerpt(note.substr(0, note.find('\n')), 60);
}

Result<VaultReport> verify_vault(Workspace& ws) {
  return verify_vault(ws.store(), ws.vault());
}

}  // namespace crosswalk::service
