#include "service/measurements.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <map>

#include "common/temp_file.h"
#include "common/utf8.h"
#include "domain/time.h"
#include "service/signing.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

std::string new_measurement_id() {
  unsigned char bytes[6];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("MEA-") + hex;
}

d::CheckOutcome outcome_of(d::Verdict v) {
  switch (v) {
    case d::Verdict::kPass:
      return d::CheckOutcome::kPass;
    case d::Verdict::kFail:
      return d::CheckOutcome::kFail;
    case d::Verdict::kInconclusive:
      return d::CheckOutcome::kError;
  }
  return d::CheckOutcome::kError;
}

std::string message_of(const MeasuredCheck& c) {
  if (c.findings.empty())
    return c.verdict == d::Verdict::kPass ? "within every limit"
                                          : std::string(to_string(c.verdict));
  std::string m = c.verdict == d::Verdict::kInconclusive ? "inconclusive: " : "";
  for (std::size_t i = 0; i < c.findings.size(); ++i) m += (i ? "; " : "") + c.findings[i];
  return m;
}

d::Verdict worst(const std::vector<MeasuredCheck>& checks) {
  d::Verdict v = d::Verdict::kPass;
  for (const auto& c : checks)
    if (c.verdict == d::Verdict::kFail ||
        (c.verdict == d::Verdict::kInconclusive && v == d::Verdict::kPass))
      v = c.verdict;
  return v;
}

}  // namespace

std::vector<std::string> default_templates(const std::string& check_key) {
  static const std::map<std::string, std::vector<std::string>> by_key = {
      {"fairness", {"AI-17", "AI-11"}},
      {"drift", {"AI-19"}},
      {"quality", {"AI-23"}},
  };
  auto it = by_key.find(check_key);
  return it == by_key.end() ? std::vector<std::string>{} : it->second;
}

Result<MeasurementOutcome> record_measurement(Workspace& ws, const MeasurementRequest& request,
                                              const store::Actor& actor) {
  if (request.subject.empty())
    return Status::InvalidInput("name what was measured (the AI system or dataset)");
  if (request.subject.size() > 200)
    return Status::InvalidInput("the subject is longer than 200 characters");
  if (!is_valid_utf8(request.subject) ||
      std::any_of(request.subject.begin(), request.subject.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return Status::InvalidInput("the subject must be UTF-8 text without control characters");
  if (request.freshness_days < 0 || request.evidence_valid_days < 0)
    return Status::InvalidInput("freshness and validity are days, zero or more");

  auto controls = ws.store().controls();
  if (!controls.ok()) return controls.status();
  for (const std::string& id : request.controls)
    if (std::none_of(controls->begin(), controls->end(),
                     [&](const store::ControlRecord& c) { return c.control.id == id; }))
      return Status::InvalidInput("unknown control '" + id + "'");

  MeasurementOutcome out;
  store::MeasurementRecord& m = out.record;
  m.id = new_measurement_id();
  m.kind = request.kind;
  m.subject = request.subject;
  m.verdict = std::string(d::to_string(worst(request.checks)));
  nlohmann::json inputs = nlohmann::json::array();
  if (request.document.contains("inputs"))
    inputs = nlohmann::json::parse(request.document["inputs"].dump());
  m.inputs_json = inputs.dump();

  std::vector<std::string> proven;
  for (const MeasuredCheck& check : request.checks) {
    std::vector<std::string> targets = request.controls;
    for (const auto& rec : controls.value())
      if (!rec.control.template_id.empty() &&
          std::find(check.templates.begin(), check.templates.end(), rec.control.template_id) !=
              check.templates.end() &&
          std::find(targets.begin(), targets.end(), rec.control.id) == targets.end())
        targets.push_back(rec.control.id);
    for (const std::string& control : targets) {
      store::CheckResultRecord r;
      r.check_id =
          "measurement:" + request.kind + ":" + request.subject + ":" + check.key + "@" + control;
      r.control_id = control;
      r.name = request.subject + ": " + check.name;
      r.freshness_seconds = d::Timestamp{request.freshness_days} * d::kSecondsPerDay;
      r.outcome = outcome_of(check.verdict);
      r.observed_at = actor.now;
      r.message = message_of(check);
      out.checks.push_back(std::move(r));
      if (std::find(proven.begin(), proven.end(), control) == proven.end())
        proven.push_back(control);
    }
    if (!check.findings.empty())
      m.summary += (m.summary.empty() ? "" : "; ") + check.name + ": " + message_of(check);
  }
  if (m.summary.empty()) m.summary = "within every limit";

  // The document as it will be signed: what was measured, by whom and when.
  nlohmann::json document = nlohmann::json::parse(request.document.dump());
  document["measurement"] = {{"id", m.id},
                             {"kind", m.kind},
                             {"subject", m.subject},
                             {"verdict", m.verdict},
                             {"recorded_at", d::format_datetime(actor.now)},
                             {"recorded_by", actor.name},
                             {"controls", proven}};
  document["tool"] = {{"name", "crosswalk"}, {"version", CROSSWALK_VERSION}};
  auto key = ws.store().signing_key(new_signing_key(actor.now), actor);
  if (!key.ok()) return key.status();
  auto signed_doc = sign_document(std::move(document), key.value());
  if (!signed_doc.ok()) return signed_doc.status();
  m.signing_key = key->id;

  auto file = TempFile::create(ws.vault().temp_dir(), "-measurement");
  if (!file.ok()) return file.status();
  const std::string text = signed_doc->dump(2) + "\n";
  CW_RETURN_IF_ERROR(file->write(text.data(), text.size()));
  CW_RETURN_IF_ERROR(file->close());
  auto blob = ws.vault().put_temp_file(file->path());
  if (!blob.ok()) return blob.status();

  store::EvidenceRecord e;
  e.kind = "file";
  e.sha256 = blob->sha256;
  e.size = blob->size;
  e.filename = "measurement-" + m.kind + "-" + m.id + ".json";
  e.note = "Signed " + m.kind + " measurement of " + m.subject + ": " + m.verdict;
  e.source = "measurement:" + m.id;
  e.review = d::Review::kAccepted;
  e.collected_at = actor.now;
  if (request.evidence_valid_days > 0)
    e.valid_until = actor.now + d::Timestamp{request.evidence_valid_days} * d::kSecondsPerDay;
  e.controls = proven;

  auto id = ws.store().record_measurement(m, std::move(e), out.checks, actor);
  if (!id.ok()) return id.status();
  auto stored = ws.store().measurement(id.value());
  if (!stored.ok()) return stored.status();
  if (!stored.value()) return Status::IoError("the measurement was not recorded");
  out.record = *stored.value();
  for (auto& c : out.checks) c.source = "measurement:" + out.record.id;
  out.signed_document = std::move(signed_doc.value());
  return out;
}

nlohmann::ordered_json measurement_json(const store::MeasurementRecord& m) {
  return {{"id", m.id},
          {"kind", m.kind},
          {"subject", m.subject},
          {"verdict", m.verdict},
          {"summary", m.summary},
          {"inputs", nlohmann::ordered_json::parse(m.inputs_json, nullptr, false)},
          {"evidence", m.evidence_id},
          {"signing_key", m.signing_key},
          {"recorded_by", m.created_by},
          {"recorded_at", d::format_datetime(m.created_at)}};
}

Result<nlohmann::json> measurement_document(Workspace& ws, const store::MeasurementRecord& m) {
  auto e = ws.store().evidence_item(m.evidence_id);
  if (!e.ok()) return e.status();
  if (!e.value()) return Status::NotFound("the evidence of " + m.id + " is gone");
  CW_RETURN_IF_ERROR(ws.vault().verify(e.value()->sha256).with_context(m.evidence_id));
  auto path = ws.vault().local_file(e.value()->sha256);
  if (!path.ok()) return path.status();
  std::ifstream in(path.value(), std::ios::binary);
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded())
    return Status::Corruption(m.evidence_id + ": the measurement document is not JSON");
  return doc;
}

Status verify_measurement(Workspace& ws, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot be read");
  auto document = nlohmann::json::parse(in, nullptr, false);
  if (document.is_discarded()) return Status::InvalidInput(path + ": not a JSON document");
  return verify_measurement_document(ws, document).with_context(path);
}

Status verify_measurement_document(Workspace& ws, const nlohmann::json& document) {
  auto keys = ws.store().signing_keys();
  if (!keys.ok()) return keys.status();
  return verify_document(document, keys.value());
}

}  // namespace crosswalk::service
