// Measurements of AI systems: the history with a form that runs one on uploaded CSV files (the
// same run as `crosswalk ai measure … --record` and POST /api/v1/measurements), and one
// measurement drawn from its signed document: per-group rates as bars, disparities against
// their limits, drift per column, data quality per column.
#include <algorithm>
#include <cstdio>

#include "domain/time.h"
#include "http/api_util.h"
#include "http/measurement_form.h"
#include "service/measurements.h"
#include "web/pages.h"
#include "web/site.h"
#include "web/upload_form.h"
#include "web/view_format.h"

namespace crosswalk::web {

namespace d = crosswalk::domain;

namespace {

constexpr int kShown = 100;

std::string number_text(const json& v) {
  if (!v.is_number()) return "undefined";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v.get<double>());
  return buf;
}

json row_of(const store::MeasurementRecord& m) {
  std::string inputs;
  const json parsed = json::parse(m.inputs_json, nullptr, false);
  if (parsed.is_array())
    for (const json& i : parsed)
      if (i.is_object())
        inputs += (inputs.empty() ? "" : ", ") + i.value("file", "") + " (" +
                  std::to_string(i.value("rows", 0)) + " rows)";
  return {{"id", m.id},
          {"href", "/measurements/" + m.id},
          {"when", when(m.created_at)},
          {"kind", m.kind},
          {"subject", m.subject},
          {"verdict", m.verdict},
          {"failed", m.verdict != "pass"},
          {"summary", clip(m.summary, 300)},
          {"inputs", inputs},
          {"by", m.created_by}};
}

http::Response list_page(http::Api& api, const http::Call& c, const std::string& error,
                         const std::string& kind, int status) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string subject = http::query_value(c.request, "subject");
  auto list = ws.value()->store().measurements(subject, kShown);
  if (!list.ok()) return status_page(c, list.status());
  json rows = json::array();
  for (const auto& m : list.value()) rows.push_back(row_of(m));
  const std::string chosen = kind.empty() ? "fairness" : kind;
  return page(c, "Measurements", "measurements", "measurements",
              {{"rows", rows},
               {"subject", subject},
               {"error", error},
               {"kind_fairness", chosen == "fairness"},
               {"kind_quality", chosen == "quality"},
               {"kind_drift", chosen == "drift"}},
              status);
}

http::Response run(http::Api& api, http::Call& c) {
  auto form = read_upload_form(api, c);
  if (!form.ok()) return upload_failure(c, form.status());
  auto ws = api.workspace();
  if (!ws.ok()) return upload_failure(c, ws.status());
  const std::string kind = form->field("kind");
  auto refuse = [&](const Status& s) {
    if (form->wants_json || s.code() != Status::Code::kInvalidInput) return upload_failure(c, s);
    return list_page(api, c, s.message(), kind, 400);
  };
  auto request =
      http::measurement_from_form(*ws.value(), form->form, ws.value()->vault().temp_dir());
  if (!request.ok()) return refuse(request.status());
  auto out = service::record_measurement(*ws.value(), request.value(), {actor_name(c), api.now()});
  if (!out.ok()) return refuse(out.status());
  const std::string next = "/measurements/" + out->record.id;
  if (form->wants_json) return http::json_response(201, {{"id", out->record.id}, {"next", next}});
  return redirect(next);
}

// A rate of the document as a bar 0..100 wide and its text.
json rate_view(const json& rate) {
  const json v = rate.value("value", json());
  json out = {{"text", number_text(v)}, {"defined", v.is_number()}};
  if (v.is_number()) {
    char w[16];
    std::snprintf(w, sizeof w, "%.1f", std::clamp(v.get<double>(), 0.0, 1.0) * 100);
    out["width"] = w;
  } else {
    out["reason"] = rate.value("undefined_reason", "");
  }
  char counts[96];
  std::snprintf(counts, sizeof counts, "%g / %g", rate.value("numerator", 0.0),
                rate.value("denominator", 0.0));
  out["counts"] = counts;
  return out;
}

json fairness_view(const json& fairness) {
  json views = json::array();
  for (const json& v : fairness.value("views", json::array())) {
    std::string title;
    for (const json& a : v.value("attributes", json::array()))
      title += (title.empty() ? "" : " × ") + a.get<std::string>();
    json groups = json::array();
    for (const json& g : v.value("groups", json::array())) {
      const json& rates = g.value("rates", json::object());
      groups.push_back({{"group", g.value("group", "")},
                        {"rows", g.value("counts", json::object()).value("rows", 0)},
                        {"reference", g.value("reference", false)},
                        {"small", g.value("insufficient_sample", false)},
                        {"selection", rate_view(rates.value("selection_rate", json::object()))},
                        {"tpr", rate_view(rates.value("tpr", json::object()))},
                        {"fpr", rate_view(rates.value("fpr", json::object()))},
                        {"precision", rate_view(rates.value("precision", json::object()))},
                        {"di", g.contains("disparate_impact")
                                   ? number_text(g["disparate_impact"].value("value", json()))
                                   : ""}});
    }
    json disparities = json::array();
    for (const json& x : v.value("disparities", json::array())) {
      std::string limit;
      if (x.contains("limit") && x["limit"].is_object())
        for (const auto& [k, val] : x["limit"].items())
          limit = (k == "max" ? "≤ " : "≥ ") + number_text(val);
      const std::string verdict = x.value("verdict", "");
      disparities.push_back(
          {{"metric", x.value("metric", "")},
           {"value", number_text(x.value("value", json()))},
           {"why", x.value("undefined_reason", "")},
           {"limit", limit},
           {"verdict", verdict},
           {"failed", verdict == "fail" || verdict == "inconclusive"},
           {"between", x.value("worst_group", "") +
                           (x.contains("best_group") ? " vs " + x.value("best_group", "") : "")}});
    }
    views.push_back({{"title", title},
                     {"verdict", v.value("verdict", "")},
                     {"groups", groups},
                     {"disparities", disparities}});
  }
  return views;
}

json drift_view(const json& drift) {
  json columns = json::array();
  for (const json& c : drift.value("columns", json::array())) {
    const json level = c.value("drift", json::object()).value("level", json());
    columns.push_back(
        {{"column", c.value("column", "")},
         {"type", c.value("type", json()).is_string() ? c["type"] : "—"},
         {"psi", number_text(c.value("psi", json()))},
         {"js", number_text(c.value("js_distance_base2", json()))},
         {"ks", c.contains("ks") ? number_text(c["ks"].value("statistic", json())) : ""},
         {"level", level.is_string() ? level.get<std::string>() : ""},
         {"drifted", level.is_string() && level != "none"},
         {"skipped", c.value("skipped_reason", "")}});
  }
  return columns;
}

json quality_view(const json& quality) {
  json columns = json::array();
  for (const json& c : quality.value("columns", json::array())) {
    const json summary = c.value("summary", json::object());
    columns.push_back(
        {{"column", c.value("column", "")},
         {"missing", c.value("missing", 0)},
         {"distinct",
          std::to_string(c.value("distinct", 0)) + (c.value("distinct_capped", false) ? "+" : "")},
         {"min", summary.empty() ? "" : number_text(summary.value("min", json()))},
         {"max", summary.empty() ? "" : number_text(summary.value("max", json()))},
         {"mean", summary.empty() ? "" : number_text(summary.value("mean", json()))},
         {"out_of_range",
          c.contains("out_of_range") ? std::to_string(c["out_of_range"].get<long long>()) : ""}});
  }
  return {{"verdict", quality.value("verdict", "")},
          {"rows", quality.value("rows", 0)},
          {"duplicates", quality.value("duplicate_rows", 0)},
          {"empty", quality.value("empty_rows", 0)},
          {"findings", quality.value("findings", json::array())},
          {"columns", columns}};
}

http::Response detail_page(http::Api& api, const http::Call& c) {
  auto ws = api.workspace();
  if (!ws.ok()) return status_page(c, ws.status());
  const std::string id = c.params.at("id");
  auto found = ws.value()->store().measurement(id);
  if (!found.ok()) return status_page(c, found.status());
  if (!found->has_value())
    return error_page(c, 404, "Not found", "There is no measurement " + id + ".");
  const store::MeasurementRecord& m = **found;
  auto document = service::measurement_document(*ws.value(), m);
  if (!document.ok()) return status_page(c, document.status());
  const nlohmann::json& doc = document.value();
  json data = row_of(m);
  json inputs = json::array();
  for (const auto& i : doc.value("inputs", nlohmann::json::array()))
    inputs.push_back({{"file", i.value("file", "")},
                      {"rows", i.value("rows", 0)},
                      {"bytes", i.value("bytes", 0)},
                      {"sha256", i.value("sha256", "")}});
  data["input_files"] = inputs;
  data["controls"] = json::array();
  for (const auto& control : doc.value("measurement", nlohmann::json::object())
                                 .value("controls", nlohmann::json::array()))
    data["controls"].push_back(
        {{"id", control}, {"href", "/controls/" + control.get<std::string>()}});
  const auto& sig = doc.value("signature", nlohmann::json::object());
  data["signature_algorithm"] = sig.value("algorithm", "");
  data["signature_key"] = sig.value("key_id", "");
  data["public_key"] = sig.value("public_key", "");
  data["evidence"] = m.evidence_id;
  data["evidence_href"] = "/api/v1/evidence/" + m.evidence_id + "/file";
  const json ordered = json::parse(doc.dump());
  data["has_fairness"] = ordered.contains("fairness");
  data["has_drift"] = ordered.contains("drift");
  if (ordered.contains("fairness")) data["fairness"] = fairness_view(ordered["fairness"]);
  if (ordered.contains("quality")) data["quality"] = quality_view(ordered["quality"]);
  if (ordered.contains("drift")) {
    data["drift"] = drift_view(ordered["drift"]);
    data["drift_findings"] = ordered["drift"].value("findings", json::array());
  }
  data["fairness_findings"] = ordered.contains("fairness")
                                  ? ordered["fairness"].value("findings", json::array())
                                  : json::array();
  return page(c, "Measurement " + m.id, "measurements", "measurement", data);
}

}  // namespace

void add_measurement_pages(http::Api& api) {
  add_page(api, "GET", "/measurements", d::Action::kRead,
           "Measurements of AI systems (fairness, drift, data quality)",
           [&api](http::Call& c) { return list_page(api, c, "", "", 200); });
  add_page(api, "POST", "/measurements", d::Action::kImport,
           "Run and record a measurement on uploaded CSV files (multipart form)",
           [&api](http::Call& c) { return run(api, c); });
  add_page(api, "GET", "/measurements/{id}", d::Action::kRead,
           "One measurement: per-group rates, disparities, drift, data quality, signature",
           [&api](http::Call& c) { return detail_page(api, c); });
}

}  // namespace crosswalk::web
