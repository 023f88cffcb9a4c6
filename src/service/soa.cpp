#include "service/soa.h"

#include <algorithm>
#include <unordered_map>

#include "common/sha256.h"
#include "domain/register.h"
#include "service/snapshot.h"

namespace crosswalk::service {
namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

bool has_annex_a(const d::Framework& fw) {
  for (const d::Requirement& r : fw.requirements())
    if (r.kind == d::RequirementKind::kAnnexA) return true;
  return false;
}

// Every risk linked to a control, once per control it names.
Result<std::vector<d::SoaRisk>> risks_by_control(store::Store& store) {
  auto links = store.register_links_to("control", "");
  if (!links.ok()) return links.status();
  auto risks = store.register_entries("risk");
  if (!risks.ok()) return risks.status();
  std::unordered_map<std::string, const store::RegisterEntry*> by_id;
  for (const store::RegisterEntry& e : risks.value()) by_id.emplace(e.id, &e);
  std::vector<d::SoaRisk> out;
  for (const store::RegisterLink& link : links.value()) {
    if (link.kind != "risk") continue;
    if (auto it = by_id.find(link.id); it != by_id.end())
      out.push_back({link.id, d::field_text(it->second->fields, "title"),
                     d::field_text(it->second->fields, "treatment"), link.target_id});
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> soa_scopes(const catalog::Catalog& catalog) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const d::Framework& fw : catalog.frameworks)
    if (has_annex_a(fw)) out.emplace_back(fw.id, fw.name);
  if (out.size() >= 2) out.emplace_back(kCombinedSoa, "Combined (all of the above)");
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> soa_scopes(Workspace& ws) {
  auto cat = ws.store().load_catalog();
  if (!cat.ok()) return cat.status();
  return soa_scopes(cat.value());
}

Result<SoaView> soa_view(Workspace& ws, const std::string& scope, d::Timestamp now) {
  auto snap = take_snapshot(ws.store(), now);
  if (!snap.ok()) return snap.status();
  return soa_view(ws, *snap.value(), scope);
}

Result<SoaView> soa_view(Workspace& ws, const Snapshot& s, const std::string& scope) {
  SoaView v;
  v.scope = scope;
  v.generated_at = s.now;
  for (const d::FrameworkAssessment& fa : s.assessment.frameworks) {
    if (!has_annex_a(*fa.framework)) continue;
    if (scope != kCombinedSoa && fa.framework->id != scope) continue;
    v.frameworks.push_back(fa.framework->id);
    v.title += (v.title.empty() ? "" : " and ") + fa.framework->name;
  }
  if (v.frameworks.empty() || (scope == kCombinedSoa && v.frameworks.size() < 2)) {
    std::string have;
    for (const auto& [id, name] : soa_scopes(s.catalog)) have += (have.empty() ? "" : ", ") + id;
    return Status::NotFound("no Statement of Applicability for '" + scope +
                            "' (there is one for: " + have + ")");
  }
  auto risks = risks_by_control(ws.store());
  if (!risks.ok()) return risks.status();
  for (const std::string& id : v.frameworks) {
    auto rows = d::soa_rows(*s.framework(id), s.org, s.assessment.controls, risks.value());
    v.rows.insert(v.rows.end(), std::make_move_iterator(rows.begin()),
                  std::make_move_iterator(rows.end()));
  }
  v.statement_sha256 = sha256_hex(d::soa_statement(v.rows));
  v.blocking = d::soa_blocking_problems(v.rows);
  v.without_reason = d::soa_rows_without_reason(v.rows);
  auto approvals = ws.store().soa_approvals(scope);
  if (!approvals.ok()) return approvals.status();
  if (!approvals->empty()) {
    v.approved = approvals->front();
    v.approved->document.clear();
    v.approved->statement.clear();
    v.is_approved = v.approved->statement_sha256 == v.statement_sha256;
    v.version = v.approved->version + (v.is_approved ? 0 : 1);
  }
  return v;
}

Result<SoaView> approve_soa(Workspace& ws, const std::string& scope, const store::Actor& actor,
                            d::Timestamp now) {
  auto v = soa_view(ws, scope, now);
  if (!v.ok()) return v.status();
  if (!v->blocking.empty()) {
    std::string list;
    for (const std::string& b : v->blocking) list += "\n  " + b;
    return Status::InvalidInput("the Statement of Applicability cannot be approved:" + list);
  }
  if (v->is_approved)
    return Status::Conflict("version " + std::to_string(v->version) + " (approved by " +
                            v->approved->approved_by + " on " +
                            d::format_date(v->approved->approved_at) +
                            ") already says this; nothing changed since");
  CW_RETURN_IF_ERROR(ws.check_writable());
  store::SoaApproval a;
  a.scope = scope;
  a.approved_by = actor.name;
  a.approved_at = now;
  a.statement = d::soa_statement(v->rows);
  a.statement_sha256 = v->statement_sha256;
  SoaView approved = v.value();
  approved.version = v->approved ? v->approved->version + 1 : 1;
  approved.is_approved = true;
  approved.approved = a;
  approved.approved->version = approved.version;
  a.document = soa_json(approved).dump(-1, ' ', false, json::error_handler_t::replace);
  CW_RETURN_IF_ERROR(ws.store().add_soa_approval(a, v->approved ? v->approved->version : 0, actor));
  approved.approved->statement.clear();
  return approved;
}

json soa_json(const SoaView& v) {
  json rows = json::array();
  int applicable = 0, implemented = 0, partly = 0;
  for (const d::SoaRow& r : v.rows) {
    json reasons = json::array(), risks = json::array(), controls = json::array();
    for (d::InclusionReason reason : r.reasons) reasons.push_back(d::to_string(reason));
    for (const d::SoaRisk& risk : r.risks)
      risks.push_back({{"id", risk.id},
                       {"title", risk.title},
                       {"treatment", risk.treatment},
                       {"control", risk.control}});
    std::vector<std::string> owners;
    for (const d::SoaControl& c : r.controls) {
      controls.push_back(
          {{"id", c.id}, {"title", c.title}, {"owner", c.owner}, {"state", d::to_string(c.state)}});
      if (!c.owner.empty() && std::find(owners.begin(), owners.end(), c.owner) == owners.end())
        owners.push_back(c.owner);
    }
    applicable += r.applicable;
    implemented += r.applicable && r.status == d::RequirementStatus::kMet;
    partly += r.applicable && r.status == d::RequirementStatus::kPartlyMet;
    rows.push_back(
        {{"framework", r.framework},
         {"ref", r.ref},
         {"title", r.title},
         {"theme", r.theme},
         {"applicable", r.applicable},
         {"reasons", reasons},
         {"risks", risks},
         {"reason_note", r.reason_note},
         {"justification", r.justification},
         {"implementation", d::implementation_label(r)},
         {"status", d::to_string(r.status)},
         {"status_reason", r.status_reason},
         {"controls", controls},
         {"owners", owners},
         {"latest_evidence",
          r.latest_evidence ? json(d::format_datetime(*r.latest_evidence)) : json(nullptr)},
         {"review_by", r.review_by.empty() ? json(nullptr) : json(r.review_by)}});
  }
  json approved = nullptr;
  if (v.approved)
    approved = {{"version", v.approved->version},
                {"approved_by", v.approved->approved_by},
                {"approved_at", d::format_datetime(v.approved->approved_at)},
                {"statement_sha256", v.approved->statement_sha256}};
  const int total = static_cast<int>(v.rows.size());
  return {{"scope", v.scope},
          {"title", v.title},
          {"frameworks", v.frameworks},
          {"version", v.version},
          {"status", v.is_approved ? "approved" : "draft"},
          {"approved", approved},
          {"statement_sha256", v.statement_sha256},
          {"generated_at", d::format_datetime(v.generated_at)},
          {"blocking", v.blocking},
          {"without_reason", v.without_reason},
          {"summary",
           {{"rows", total},
            {"applicable", applicable},
            {"excluded", total - applicable},
            {"implemented", implemented},
            {"partly_implemented", partly},
            {"not_implemented", applicable - implemented - partly}}},
          {"rows", rows}};
}

}  // namespace crosswalk::service
