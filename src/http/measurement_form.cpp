#include "http/measurement_form.h"

#include <charconv>

#include "domain/data_quality.h"
#include "ingest/normalize.h"
#include "service/evidence.h"
#include "service/measurement_runs.h"

namespace crosswalk::http {

namespace {

// The form's text fields, read with the field named in every error.
class Fields {
 public:
  explicit Fields(const MultipartForm& form) : form_(form) {}

  std::string text(const std::string& name) const {
    const auto& v = form_.values(name);
    return v.empty() ? "" : v.front();
  }
  // Every value, commas splitting them too ("sex,age" or sex=…&sex=…).
  std::vector<std::string> list(const std::string& name) const {
    std::vector<std::string> out;
    for (const std::string& v : form_.values(name))
      for (std::size_t start = 0; start <= v.size();) {
        std::size_t comma = v.find(',', start);
        if (comma == std::string::npos) comma = v.size();
        std::string item = v.substr(start, comma - start);
        while (!item.empty() && item.front() == ' ') item.erase(0, 1);
        while (!item.empty() && item.back() == ' ') item.pop_back();
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
      }
    return out;
  }
  // Every non-empty value (a form's blank inputs are sent empty).
  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> out;
    for (const std::string& v : form_.values(name))
      if (!v.empty()) out.push_back(v);
    return out;
  }

  Status number(const std::string& name, double& out) const {
    const std::string t = text(name);
    if (t.empty()) return Status::Ok();
    auto v = domain::parse_number(t);
    if (!v)
      return Status::InvalidInput(name + ": '" + ingest::normalize::truncate_utf8(t, 40) +
                                  "' is not a number");
    out = *v;
    return Status::Ok();
  }
  template <typename Int>
  Status integer(const std::string& name, Int& out) const {
    const std::string t = text(name);
    if (t.empty()) return Status::Ok();
    Int v{};
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || v < 0)
      return Status::InvalidInput(name + ": '" + ingest::normalize::truncate_utf8(t, 40) +
                                  "' is not a whole number");
    out = v;
    return Status::Ok();
  }
  Status flag(const std::string& name, bool& out) const {
    const std::string t = text(name);
    if (t.empty()) return Status::Ok();
    if (t == "true" || t == "on" || t == "1" || t == "yes")
      out = true;
    else if (t == "false" || t == "off" || t == "0" || t == "no")
      out = false;
    else
      return Status::InvalidInput(name + ": true or false");
    return Status::Ok();
  }

 private:
  const MultipartForm& form_;
};

Result<service::MeasuredFile> file_part(const MultipartForm& form, const std::string& name) {
  const UploadedFile* found = nullptr;
  for (const UploadedFile& f : form.files) {
    if (f.field != name) continue;
    if (found) return Status::InvalidInput(name + ": send one file");
    found = &f;
  }
  if (!found || (found->filename.empty() && found->size == 0))
    return Status::InvalidInput(name + ": the form has no CSV file '" + name + "'");
  std::string shown = service::safe_file_name(found->filename);
  if (shown.empty()) shown = name + ".csv";
  return service::MeasuredFile{found->file.path(), shown};
}

Status quality_fields(const Fields& f, measure::QualityOptions& o, domain::QualityPolicy& p,
                      const std::string& temp_dir) {
  for (const std::string& r : f.all("range"))
    CW_RETURN_IF_ERROR(service::parse_range("range", r, o));
  o.extra_missing_markers = f.all("missing");
  CW_RETURN_IF_ERROR(f.flag("count_duplicates", o.duplicates));
  CW_RETURN_IF_ERROR(f.number("max_missing_rate", p.max_missing_rate));
  CW_RETURN_IF_ERROR(f.number("max_duplicate_rate", p.max_duplicate_rate));
  o.temp_dir = temp_dir;
  return Status::Ok();
}

Result<service::MeasurementRequest> fairness(const MultipartForm& form, const Fields& f,
                                             const std::string& temp_dir,
                                             const service::SubjectLimits& limits) {
  auto log = file_part(form, "log");
  if (!log.ok()) return log.status();
  service::FairnessSettings s;
  auto& c = s.columns;
  c.label = f.text("label");
  c.prediction = f.text("prediction");
  c.score = f.text("score");
  c.weight = f.text("weight");
  c.sensitive = f.list("sensitive");
  if (!f.text("threshold").empty()) {
    double t = 0;
    CW_RETURN_IF_ERROR(f.number("threshold", t));
    c.score_threshold = t;
  }
  if (!f.text("positive").empty()) c.positive = f.text("positive");
  const std::string favourable = f.text("favourable");
  if (!favourable.empty() && favourable != "positive" && favourable != "negative")
    return Status::InvalidInput("favourable: positive or negative");
  s.policy.favourable_is_positive = favourable != "negative";
  for (const std::string& r : f.all("reference"))
    CW_RETURN_IF_ERROR(service::parse_reference("reference", r, s.policy));
  CW_RETURN_IF_ERROR(f.integer("min_group_size", s.policy.min_group_rows));
  CW_RETURN_IF_ERROR(f.flag("fairlearn_compatible", s.policy.zero_for_undefined));
  auto& p = s.policy;
  service::apply_limits(limits, p);
  for (auto [name, limit] : {std::pair{"max_dp_difference", &p.max_demographic_parity_difference},
                             std::pair{"min_dp_ratio", &p.min_demographic_parity_ratio},
                             std::pair{"max_eo_difference", &p.max_equalized_odds_difference},
                             std::pair{"min_eo_ratio", &p.min_equalized_odds_ratio},
                             std::pair{"max_eop_difference", &p.max_equal_opportunity_difference},
                             std::pair{"min_disparate_impact", &p.min_disparate_impact_ratio}})
    CW_RETURN_IF_ERROR(service::parse_limit(name, f.text(name), *limit));
  CW_RETURN_IF_ERROR(quality_fields(f, s.quality, s.quality_policy, temp_dir));
  auto run = service::run_fairness(log.value(), s);
  if (!run.ok()) return run.status();
  return std::move(run->request);
}

Result<service::MeasurementRequest> quality(const MultipartForm& form, const Fields& f,
                                            const std::string& temp_dir) {
  auto data = file_part(form, "data");
  if (!data.ok()) return data.status();
  service::QualitySettings s;
  CW_RETURN_IF_ERROR(quality_fields(f, s.options, s.policy, temp_dir));
  auto run = service::run_quality(data.value(), s);
  if (!run.ok()) return run.status();
  return std::move(run->request);
}

Result<service::MeasurementRequest> drift(const MultipartForm& form, const Fields& f,
                                          const service::SubjectLimits& limits) {
  auto reference = file_part(form, "reference");
  if (!reference.ok()) return reference.status();
  auto current = file_part(form, "current");
  if (!current.ok()) return current.status();
  service::DriftSettings s;
  s.spec.columns = f.list("columns");
  s.spec.categorical = f.list("categorical");
  s.spec.extra_missing_markers = f.all("missing");
  CW_RETURN_IF_ERROR(f.integer("bins", s.options.bins));
  CW_RETURN_IF_ERROR(f.number("epsilon", s.options.epsilon));
  service::apply_limits(limits, s.thresholds);
  CW_RETURN_IF_ERROR(f.number("psi_moderate", s.thresholds.psi_moderate));
  CW_RETURN_IF_ERROR(f.number("psi_major", s.thresholds.psi_major));
  CW_RETURN_IF_ERROR(f.number("js", s.thresholds.js));
  CW_RETURN_IF_ERROR(f.number("drift_share", s.spec.drift_share));
  for (auto [name, target] :
       {std::pair{"ks_p", &s.thresholds.ks_p}, std::pair{"ks_d", &s.thresholds.ks_d}}) {
    if (f.text(name).empty()) continue;
    double v = 0;
    CW_RETURN_IF_ERROR(f.number(name, v));
    *target = v;
  }
  auto run = service::run_drift(reference.value(), current.value(), s);
  if (!run.ok()) return run.status();
  return std::move(run->request);
}

}  // namespace

Result<service::MeasurementRequest> measurement_from_form(service::Workspace& ws,
                                                          const MultipartForm& form,
                                                          const std::string& temp_dir) {
  Fields f(form);
  const std::string kind = f.text("kind");
  if (f.text("subject").empty())
    return Status::InvalidInput("subject: name what was measured (the AI system or dataset)");
  auto limits = service::subject_limits(ws, f.text("subject"));
  if (!limits.ok()) return limits.status();
  service::MeasurementRequest request;
  if (kind == "fairness") {
    auto r = fairness(form, f, temp_dir, limits.value());
    if (!r.ok()) return r.status();
    request = std::move(r.value());
  } else if (kind == "quality") {
    auto r = quality(form, f, temp_dir);
    if (!r.ok()) return r.status();
    request = std::move(r.value());
  } else if (kind == "drift") {
    auto r = drift(form, f, limits.value());
    if (!r.ok()) return r.status();
    request = std::move(r.value());
  } else {
    return Status::InvalidInput("kind: fairness, quality or drift");
  }
  request.subject = f.text("subject");
  request.controls = f.all("control");
  CW_RETURN_IF_ERROR(f.integer("freshness_days", request.freshness_days));
  CW_RETURN_IF_ERROR(f.integer("valid_days", request.evidence_valid_days));
  return request;
}

}  // namespace crosswalk::http
