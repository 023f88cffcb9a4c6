#include "service/import_views.h"

#include "domain/time.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;
using nlohmann::json;
using nlohmann::ordered_json;

namespace {

ordered_json parsed(const std::string& text) {
  return ordered_json::parse(text, nullptr, false);
}

}  // namespace

ordered_json import_json(const store::ImportRecord& r) {
  ordered_json j{
      {"id", r.id},
      {"format", r.format},
      {"filename", r.filename},
      {"sha256", r.sha256},
      {"size", r.size},
      {"scope", r.scope},
      {"status", r.error.empty() ? "imported" : "refused"},
      {"error", r.error},
      {"findings", r.findings},
      {"passed", r.passed},
      {"failed", r.failed},
      {"errors", r.errors},
      {"not_applicable", r.not_applicable},
      {"suppressed", r.suppressed},
      {"mapped", r.mapped},
      {"checks", r.checks},
      {"evidence", r.evidence_id.empty() ? ordered_json(nullptr) : ordered_json(r.evidence_id)},
      {"runs", parsed(r.runs_json)},
      {"warnings", parsed(r.warnings_json)},
      {"created_by", r.created_by},
      {"created_at", d::format_datetime(r.created_at)}};
  return j;
}

ordered_json import_outcome_json(const ImportOutcome& o) {
  ordered_json j = import_json(o.record);
  ordered_json checks = ordered_json::array();
  for (const ImportedCheck& c : o.checks)
    checks.push_back({{"check", c.check_id},
                      {"name", c.name},
                      {"control", c.control_id},
                      {"outcome", d::to_string(c.outcome)},
                      {"message", c.message},
                      {"rule", c.rule_id},
                      {"rationale", c.rationale}});
  j["check_results"] = std::move(checks);
  j["unadopted_templates"] = o.unadopted_templates;
  return j;
}

ordered_json finding_record_json(const store::FindingRecord& r) {
  const d::Finding& f = r.finding;
  ordered_json j = {{"import", r.import_id},
                    {"n", r.n},
                    {"tool", f.tool},
                    {"rule_id", f.rule_id},
                    {"rule_name", f.rule_name},
                    {"status", d::to_string(f.status)},
                    {"status_detail", f.status_detail},
                    {"suppressed", f.suppressed},
                    {"severity", f.severity},
                    {"resource", f.resource},
                    {"message", f.message},
                    {"observed_at", f.observed_at ? ordered_json(d::format_datetime(*f.observed_at))
                                                  : ordered_json(nullptr)},
                    {"tags", f.tags},
                    {"controls", r.controls},
                    {"byte_offset", f.offset}};
  return j;
}

ordered_json check_history_json(const store::CheckHistoryRow& r) {
  return {{"check", r.check_id},
          {"name", r.check_name},
          {"control", r.control_id},
          {"freshness_seconds", r.freshness_seconds},
          {"outcome", d::to_string(r.outcome)},
          {"observed_at", d::format_datetime(r.observed_at)},
          {"message", r.message},
          {"source", r.source}};
}

ordered_json collector_json(const store::CollectorRecord& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"kind", c.kind},
          {"config", parsed(c.config_json)},
          {"schedule", c.schedule},
          {"controls", c.controls},
          {"freshness_seconds", c.freshness_seconds},
          {"evidence_valid_days", c.evidence_valid_days},
          {"enabled", c.enabled},
          {"version", c.version},
          {"created_by", c.created_by},
          {"created_at", d::format_datetime(c.created_at)},
          {"updated_at", d::format_datetime(c.updated_at)}};
}

ordered_json collector_run_json(const store::CollectorRunRecord& r) {
  return {{"id", r.id},
          {"collector", r.collector_id},
          {"trigger", r.trigger},
          {"scheduled_for", r.scheduled_for ? ordered_json(d::format_datetime(*r.scheduled_for))
                                            : ordered_json(nullptr)},
          {"started_at", d::format_datetime(r.started_at)},
          {"finished_at", d::format_datetime(r.finished_at)},
          {"outcome", r.outcome},
          {"message", r.message},
          {"missed", r.missed},
          {"evidence", r.evidence_id.empty() ? ordered_json(nullptr) : ordered_json(r.evidence_id)},
          {"runner", r.runner}};
}

}  // namespace crosswalk::service
