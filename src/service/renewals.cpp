#include "service/renewals.h"

#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "service/evidence.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

constexpr std::string_view kCollectorPrefix = "collector:";
constexpr std::string_view kImportPrefix = "import:";
constexpr int kImportsScanned = 2000;  // evidence of older imports is named by its file alone

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// How people know an evidence item: its file name, URL, or the start of its note.
std::string evidence_name(const store::EvidenceRecord& e) {
  if (e.kind == "url") return e.url;
  if (e.kind == "note") return note_headline(e.note);
  return e.filename;
}

// "Trivy, Grype (sarif file 'scan.sarif')"
std::string import_label(const store::ImportRecord& r) {
  std::string tools;
  const auto runs = nlohmann::json::parse(r.runs_json, nullptr, false);
  if (runs.is_array())
    for (const auto& run : runs) {
      const std::string tool = run.is_object() ? run.value("tool", "") : "";
      if (!tool.empty() && tools.find(tool) == std::string::npos)
        tools += (tools.empty() ? "" : ", ") + tool;
    }
  if (tools.empty()) tools = "the tool";
  return tools + " (" + r.format + " file '" + r.filename + "')";
}

}  // namespace

Result<RenewalList> list_renewals(Workspace& ws, const d::Organization& given, d::Timestamp now,
                                  d::Timestamp horizon_seconds) {
  store::Store& st = ws.store();
  // The organization's evidence facts again, from the records, to know each item's id.
  d::Organization org;
  org.controls = given.controls;
  org.checks = given.checks;
  org.check_results = given.check_results;
  std::unordered_map<std::string, std::size_t> control_index;
  for (std::size_t i = 0; i < org.controls.size(); ++i)
    control_index.emplace(org.controls[i].id, i);
  auto records = st.evidence();
  if (!records.ok()) return records.status();
  d::RenewalSources sources;
  for (const store::EvidenceRecord& e : records.value())
    for (const std::string& control : e.controls) {
      auto it = control_index.find(control);
      if (it == control_index.end()) continue;
      org.evidence.push_back({it->second, e.review, e.collected_at, e.valid_until});
      sources.evidence.push_back({e.id, evidence_name(e), e.source});
    }
  sources.check_sources.assign(org.checks.size(), "");

  // A first look says which evidence came from imports and which checks are due, so that only
  // their imports and results are read.
  std::set<std::string> import_evidence;
  std::set<std::size_t> due_checks, check_controls;
  for (const d::RenewalItem& item : d::renewals(org, sources, now, horizon_seconds)) {
    if (item.kind == d::RenewalKind::kEvidence && item.source == "import")
      import_evidence.insert(item.evidence_id);
    if (item.kind == d::RenewalKind::kCheck)
      for (std::size_t k : item.facts) {
        due_checks.insert(k);
        check_controls.insert(org.checks[k].control);
      }
  }
  std::unordered_map<std::string, std::string> import_of_evidence;
  for (int offset = 0; !import_evidence.empty() && offset < kImportsScanned; offset += 200) {
    auto page = st.imports(200, offset);
    if (!page.ok()) return page.status();
    for (const store::ImportRecord& r : page.value()) {
      if (r.evidence_id.empty() || !import_evidence.erase(r.evidence_id)) continue;
      import_of_evidence[r.evidence_id] = std::string(kImportPrefix) + r.id;
      sources.labels[std::string(kImportPrefix) + r.id] = import_label(r);
    }
    if (page->size() < 200) break;
  }
  for (std::size_t i = 0; i < sources.evidence.size(); ++i)
    if (auto it = import_of_evidence.find(sources.evidence[i].id); it != import_of_evidence.end())
      sources.evidence[i].source = it->second;
  for (std::size_t c : check_controls) {
    auto rows = st.check_history(org.controls[c].id, 5000);
    if (!rows.ok()) return rows.status();
    std::unordered_map<std::string, std::string> latest_source;  // rows are newest first
    for (const store::CheckHistoryRow& r : rows.value())
      latest_source.try_emplace(r.check_id, r.source);
    for (std::size_t k : due_checks)
      if (org.checks[k].control == c)
        if (auto it = latest_source.find(org.checks[k].id); it != latest_source.end())
          sources.check_sources[k] = it->second;
  }
  for (const std::string& source : sources.check_sources)
    if (starts_with(source, kImportPrefix) && !sources.labels.count(source)) {
      auto r = st.import_record(source.substr(kImportPrefix.size()));
      if (!r.ok()) return r.status();
      if (r.value()) sources.labels[source] = import_label(*r.value());
    }
  auto collectors = st.collectors();
  if (!collectors.ok()) return collectors.status();
  for (const store::CollectorRecord& c : collectors.value())
    sources.labels[std::string(kCollectorPrefix) + c.id] =
        c.name + (c.enabled ? "" : " (disabled)");

  RenewalList out;
  out.now = now;
  out.until = now + std::max<d::Timestamp>(horizon_seconds, 0);
  for (const d::RenewalItem& item : d::renewals(org, sources, now, horizon_seconds)) {
    RenewalView v;
    v.kind = item.kind;
    v.action = item.action;
    v.due = item.due;
    v.overdue = item.overdue;
    for (std::size_t c : item.controls) v.controls.push_back(org.controls[c].id);
    v.evidence_id = item.evidence_id;
    if (item.kind == d::RenewalKind::kCheck)
      for (std::size_t k : item.facts) v.checks.push_back(org.checks[k].id);
    if (starts_with(item.source, kCollectorPrefix))
      v.collector_id = item.source.substr(kCollectorPrefix.size());
    if (starts_with(item.source, kImportPrefix))
      v.import_id = item.source.substr(kImportPrefix.size());
    v.subject = item.subject;
    v.todo = item.todo;
    out.overdue += v.overdue;
    out.items.push_back(std::move(v));
  }
  return out;
}

}  // namespace crosswalk::service
