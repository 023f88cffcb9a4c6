#include "service/measurement_runs.h"

#include <algorithm>
#include <cctype>

#include "common/utf8.h"
#include "domain/data_quality.h"
#include "measure/report_json.h"

namespace crosswalk::service {

namespace m = crosswalk::measure;
using nlohmann::ordered_json;

namespace {

// The measure layer names the file by its path; an upload's path is a scratch file.
Status named(const Status& s, const MeasuredFile& f) {
  if (s.ok() || f.name.empty() || f.name == f.path) return s;
  std::string message = s.message();
  for (std::size_t at; (at = message.find(f.path)) != std::string::npos;)
    message.replace(at, f.path.size(), f.name);
  return s.with_message(std::move(message));
}

void rename(m::InputFile& input, const MeasuredFile& f) {
  if (!f.name.empty()) input.path = f.name;
}

}  // namespace

Status parse_limit(const std::string& name, const std::string& text, std::optional<double>& limit) {
  if (text.empty()) return Status::Ok();
  if (text == "none") {
    limit.reset();
    return Status::Ok();
  }
  auto v = domain::parse_number(text);
  if (!v || *v < 0)
    return Status::InvalidInput(name + " '" + printable_excerpt(text, 40) + "': a number, or none");
  limit = *v;
  return Status::Ok();
}

Status parse_range(const std::string& name, const std::string& text, m::QualityOptions& o) {
  auto eq = text.rfind('=');
  auto colon = text.find(':', eq == std::string::npos ? 0 : eq);
  std::optional<double> lo, hi;
  if (eq != std::string::npos && eq > 0 && colon != std::string::npos) {
    lo = domain::parse_number(text.substr(eq + 1, colon - eq - 1));
    hi = domain::parse_number(text.substr(colon + 1));
  }
  if (!lo || !hi)
    return Status::InvalidInput(name + " '" + printable_excerpt(text, 80) +
                                "': COLUMN=MIN:MAX, e.g. age=18:120");
  o.ranges[text.substr(0, eq)] = {*lo, *hi};
  return Status::Ok();
}

Status parse_reference(const std::string& name, const std::string& text,
                       domain::FairnessPolicy& p) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return Status::InvalidInput(name + " '" + printable_excerpt(text, 80) + "': ATTRIBUTE=VALUE");
  p.reference[text.substr(0, eq)] = text.substr(eq + 1);
  return Status::Ok();
}

Result<FairnessRun> run_fairness(const MeasuredFile& log, const FairnessSettings& s) {
  auto fm = m::measure_fairness(log.path, s.columns, s.policy, s.quality, s.quality_policy);
  if (!fm.ok()) return named(fm.status(), log);
  FairnessRun run{std::move(fm.value()), {}};
  rename(run.result.input, log);
  const auto& c = s.columns;
  ordered_json columns = {{"label", c.label},
                          {"prediction", c.prediction},
                          {"score", c.score},
                          {"sensitive", c.sensitive},
                          {"weight", c.weight}};
  if (c.score_threshold) columns["score_threshold"] = *c.score_threshold;
  MeasurementRequest& r = run.request;
  r.kind = "fairness";
  r.document = {{"kind", "fairness"},
                {"inputs", ordered_json::array({m::input_json(run.result.input)})},
                {"parameters",
                 {{"columns", columns},
                  {"positive", run.result.positive},
                  {"policy", m::fairness_policy_json(s.policy)},
                  {"quality_policy", m::quality_policy_json(s.quality_policy, s.quality)}}},
                {"fairness", m::fairness_json(run.result.fairness)},
                {"quality", m::quality_json(run.result.quality)}};
  r.checks = {{"fairness", "group fairness", default_templates("fairness"),
               run.result.fairness.verdict, run.result.fairness.findings},
              {"quality", "data quality of the prediction log", default_templates("quality"),
               run.result.quality.report.verdict, run.result.quality.report.findings}};
  return run;
}

Result<QualityRun> run_quality(const MeasuredFile& data, const QualitySettings& s) {
  auto q = m::measure_quality(data.path, s.options, s.policy);
  if (!q.ok()) return named(q.status(), data);
  QualityRun run{std::move(q.value()), {}};
  rename(run.result.input, data);
  MeasurementRequest& r = run.request;
  r.kind = "quality";
  r.document = {{"kind", "quality"},
                {"inputs", ordered_json::array({m::input_json(run.result.input)})},
                {"parameters", {{"policy", m::quality_policy_json(s.policy, s.options)}}},
                {"quality", m::quality_json(run.result.quality)}};
  r.checks = {{"quality", "data quality", default_templates("quality"),
               run.result.quality.report.verdict, run.result.quality.report.findings}};
  return run;
}

Result<DriftRun> run_drift(const MeasuredFile& reference, const MeasuredFile& current,
                           const DriftSettings& s) {
  auto d = m::measure_drift(reference.path, current.path, s.spec, s.options, s.thresholds);
  if (!d.ok()) return named(named(d.status(), reference), current);
  DriftRun run{std::move(d.value()), {}};
  rename(run.result.reference, reference);
  rename(run.result.current, current);
  MeasurementRequest& r = run.request;
  r.kind = "drift";
  r.document = {{"kind", "drift"},
                {"inputs", ordered_json::array({m::input_json(run.result.reference),
                                                m::input_json(run.result.current)})},
                {"parameters", m::drift_parameters_json(s.spec, s.options, s.thresholds)},
                {"drift", m::drift_json(run.result)}};
  r.checks = {
      {"drift", "data drift", default_templates("drift"), run.result.verdict, run.result.findings}};
  return run;
}

Result<SubjectLimits> subject_limits(Workspace& ws, const std::string& subject) {
  SubjectLimits limits;
  // Only an id can name a system; any other subject (free text, checked when recorded) is not
  // looked up.
  const bool id_like = !subject.empty() && subject.size() <= 64 &&
                       std::all_of(subject.begin(), subject.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                       });
  if (!id_like) return limits;
  auto system = ws.store().register_entry("ai_system", subject);
  if (!system.ok()) return system.status();
  if (!system.value()) return limits;
  limits.system = subject;
  for (auto [field, target] : {std::pair{"min_disparate_impact", &limits.min_disparate_impact},
                               std::pair{"max_parity_difference", &limits.max_parity_difference},
                               std::pair{"psi_limit", &limits.psi_limit}}) {
    const std::string& text = domain::field_text(system.value()->fields, field);
    if (text.empty()) continue;
    *target = domain::parse_number(text);
    if (!*target)
      return Status::Corruption("AI system " + subject + ": " + field + " is not a number");
  }
  return limits;
}

void apply_limits(const SubjectLimits& limits, domain::FairnessPolicy& policy) {
  const std::string source = "AI system " + limits.system;
  if (limits.min_disparate_impact) {
    policy.min_disparate_impact_ratio = limits.min_disparate_impact;
    policy.limit_origins["min_disparate_impact_ratio"] = {*limits.min_disparate_impact, source};
  }
  if (limits.max_parity_difference) {
    policy.max_demographic_parity_difference = limits.max_parity_difference;
    policy.limit_origins["max_demographic_parity_difference"] = {*limits.max_parity_difference,
                                                                 source};
  }
}

void apply_limits(const SubjectLimits& limits, domain::DriftThresholds& thresholds) {
  if (!limits.psi_limit) return;
  thresholds.psi_major = *limits.psi_limit;
  thresholds.psi_major_origin = std::pair{*limits.psi_limit, "AI system " + limits.system};
}

}  // namespace crosswalk::service
