// Measurements of AI systems over HTTP: the history, one measurement with its signed document,
// a new one from uploaded CSV files (the same run as `crosswalk ai measure … --record`), and the
// public keys that verify the documents. Import-scoped tokens may post measurements, so a
// pipeline can send its evaluation run.
#include "domain/time.h"
#include "http/api.h"
#include "http/api_util.h"
#include "http/measurement_form.h"
#include "http/multipart.h"
#include "service/measurements.h"

namespace crosswalk::http {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

void Api::add_measurement_routes() {
  using A = d::Action;

  router_.add(
      {"GET", "/api/v1/measurements", A::kRead,
       "Recorded measurements (fairness, drift, data quality), newest first (?subject=, "
       "?limit= up to 500, default 100)",
       [this](Call& c) {
         int limit = 100;
         const std::string text = query_value(c.request, "limit");
         if (!text.empty()) {
           if (text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos ||
               std::stoi(text) < 1 || std::stoi(text) > 500)
             return error_response(400, "bad_request", "limit: 1 to 500");
           limit = std::stoi(text);
         }
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto list = ws.value()->store().measurements(query_value(c.request, "subject"), limit);
         if (!list.ok()) return from_status(list.status());
         json items = json::array();
         for (const auto& m : list.value()) items.push_back(service::measurement_json(m));
         return json_response(200, {{"items", items}});
       }});

  router_.add({"GET", "/api/v1/measurements/{id}", A::kRead,
               "One measurement and its signed document (inputs' sha256, parameters, per-group "
               "counts and rates, results, signature)",
               [this](Call& c) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto m = ws.value()->store().measurement(c.params["id"]);
                 if (!m.ok()) return from_status(m.status());
                 if (!m.value())
                   return error_response(404, "not_found",
                                         "unknown measurement '" + c.params["id"] + "'");
                 auto doc = service::measurement_document(*ws.value(), *m.value());
                 if (!doc.ok()) return from_status(doc.status());
                 json body = service::measurement_json(*m.value());
                 body["document"] = json::parse(doc->dump());
                 return json_response(200, body);
               }});

  router_.add(
      {"POST", "/api/v1/measurements", A::kImport,
       "Measure and record: multipart/form-data with `kind` (fairness, quality, drift), "
       "`subject`, the CSV file parts (`log`; `data`; `reference` and `current`) and the options "
       "of `crosswalk ai measure` as fields (docs/measurements.md). 201 with the measurement and "
       "its check results; 400 naming the field, or the file, column and row, and nothing kept",
       [this](Call& c) {
         const std::string* type = c.request.header("content-type");
         if (!type || !is_multipart_form(*type))
           return error_response(415, "unsupported_media_type",
                                 "send multipart/form-data with the CSV files as file parts");
         auto ws = workspace();
         if (!ws.ok()) return from_status(ws.status());
         auto form = read_multipart(c.request, ws.value()->vault().temp_dir());
         if (!form.ok()) return from_status(form.status());
         auto request = measurement_from_form(*ws.value(), *form, ws.value()->vault().temp_dir());
         if (!request.ok()) return from_status(request.status());
         auto out = service::record_measurement(*ws.value(), request.value(),
                                                {"api:" + c.who->user, clock_()});
         if (!out.ok()) return from_status(out.status());
         json body = service::measurement_json(out->record);
         body["check_results"] = json::array();
         for (const auto& r : out->checks)
           body["check_results"].push_back({{"control", r.control_id},
                                            {"check", r.check_id},
                                            {"outcome", std::string(d::to_string(r.outcome))},
                                            {"message", r.message}});
         Response res = json_response(201, body);
         res.headers.emplace_back("Location", "/api/v1/measurements/" + out->record.id);
         return res;
       }});

  router_.add({"GET", "/api/v1/signing-keys", A::kRead,
               "The public keys (Ed25519, base64) that verify measurement documents",
               [this](Call&) {
                 auto ws = workspace();
                 if (!ws.ok()) return from_status(ws.status());
                 auto keys = ws.value()->store().signing_keys();
                 if (!keys.ok()) return from_status(keys.status());
                 json items = json::array();
                 for (const auto& k : keys.value())
                   items.push_back({{"id", k.id},
                                    {"algorithm", k.algorithm},
                                    {"public_key", k.public_key},
                                    {"created_at", d::format_datetime(k.created_at)}});
                 return json_response(200, {{"items", items}});
               }});
}

}  // namespace crosswalk::http
