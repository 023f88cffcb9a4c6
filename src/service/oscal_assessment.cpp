// Readiness as OSCAL assessment-plan and assessment-results; gaps and corrective actions as a
// plan-of-action-and-milestones; the control library as a component-definition.
#include <set>

#include "domain/audit.h"
#include "oscal/document.h"
#include "oscal/ids.h"
#include "service/oscal_common.h"
#include "service/oscal_export.h"

namespace crosswalk::service {

using nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

const std::string& platform_uuid() {
  static const std::string uuid = oscal::uuid_v5("assessment-platform:crosswalk");
  return uuid;
}

ordered_json cw_prop(const std::string& name, const std::string& value) {
  return {{"name", name}, {"ns", oscal::kNamespace}, {"value", value}};
}

// A required one-line OSCAL string: "-" when the text is blank.
std::string one_line(const std::string& s) {
  std::string line = oscal::one_line(s);
  return line.empty() ? "-" : line;
}

struct Scope {
  const d::FrameworkAssessment* fa = nullptr;
  oscal::KeptOscal kept;
  std::set<std::string> controls;  // ids of the organization's controls serving the framework
  ordered_json selections;         // reviewed-controls.control-selections
};

Result<Scope> scope_of(Workspace& ws, const Snapshot& s, const std::string& framework_id) {
  Scope scope;
  scope.fa = s.framework(framework_id);
  if (!scope.fa)
    return Status::NotFound("unknown framework '" + framework_id +
                            "' (see `crosswalk framework list`)");
  auto kept = kept_oscal(ws, *scope.fa->framework);
  if (!kept.ok()) return kept.status();
  scope.kept = std::move(kept).value();
  ordered_json include = ordered_json::array(), exclude = ordered_json::array();
  const auto& reqs = scope.fa->framework->requirements();
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    if (!reqs[i].assessable) continue;
    ordered_json sel = {{"control-id", oscal::encode_id(reqs[i].ref)}};
    if (scope.fa->requirements[i].status == d::RequirementStatus::kNotApplicable)
      exclude.push_back(std::move(sel));
    else
      include.push_back(std::move(sel));
    for (const auto& link : scope.fa->requirements[i].controls)
      scope.controls.insert(s.org.controls[link.control].id);
  }
  ordered_json selection = ordered_json::object();
  if (include.empty())
    selection["include-all"] = ordered_json::object();
  else
    selection["include-controls"] = std::move(include);
  if (!exclude.empty()) selection["exclude-controls"] = std::move(exclude);
  scope.selections = ordered_json::array({std::move(selection)});
  return scope;
}

ordered_json evidence_resource(const store::EvidenceRecord& e) {
  ordered_json r = {{"uuid", oscal::uuid_v5("evidence:" + e.id)},
                    {"title", one_line(e.filename.empty() ? e.id : e.filename)}};
  if (e.kind == "file") {
    r["rlinks"] = ordered_json::array(
        {{{"href", "evidence/" + e.id + "/" + (e.filename.empty() ? "file" : e.filename)},
          {"hashes", ordered_json::array({{{"algorithm", "SHA-256"}, {"value", e.sha256}}})}}});
  } else if (e.kind == "url") {
    r["rlinks"] = ordered_json::array({{{"href", e.url}}});
  } else {
    r["citation"] = {{"text", one_line(e.note)}};
  }
  r["props"] = ordered_json::array({cw_prop("evidence-id", e.id), cw_prop("kind", e.kind)});
  return r;
}

const char* implementation_state(const Snapshot& s, const d::RequirementAssessment& ra) {
  int best = -1;
  for (const auto& link : ra.controls)
    best = std::max(best, static_cast<int>(s.org.controls[link.control].implementation));
  switch (best) {
    case static_cast<int>(d::Implementation::kImplemented):
      return "implemented";
    case static_cast<int>(d::Implementation::kPartial):
      return "partial";
    case static_cast<int>(d::Implementation::kPlanned):
      return "planned";
    default:
      return nullptr;
  }
}

}  // namespace

Result<OscalAssessment> oscal_assessment(Workspace& ws, const Snapshot& s,
                                         const std::string& framework_id,
                                         const std::string& plan_href) {
  auto scope = scope_of(ws, s, framework_id);
  if (!scope.ok()) return scope.status();
  const d::Framework& fw = *scope->fa->framework;
  const std::string when = d::format_datetime(s.now);
  const std::string stamp = fw.id + ":" + when;
  const ordered_json catalog = catalog_resource(fw, scope->kept);

  OscalAssessment out;
  const std::string plan_uuid = oscal::uuid_v5("assessment-plan:" + stamp);
  const std::string soa_uuid = oscal::uuid_v5("soa:" + fw.id);
  out.plan = {{"assessment-plan",
               {{"uuid", plan_uuid},
                {"metadata", oscal_metadata("Readiness assessment plan: " + fw.name, when, s.now)},
                {"import-ssp", {{"href", "#" + soa_uuid}}},
                {"reviewed-controls",
                 {{"description",
                   "Every applicable requirement of " + fw.name +
                       ", assessed continuously from the organization's controls, their evidence "
                       "and automated checks."},
                  {"control-selections", scope->selections}}},
                {"back-matter",
                 {{"resources",
                   ordered_json::array(
                       {{{"uuid", soa_uuid},
                         {"title", "Statement of Applicability: " + fw.name},
                         {"description",
                          "The organization's Statement of Applicability, which stands in for a "
                          "system security plan: which requirements apply and why."},
                         {"rlinks", ordered_json::array({{{"href", "soa/" + fw.id + ".csv"},
                                                          {"media-type", "text/csv"}}})}},
                        catalog})}}}}}};

  auto evidence = ws.store().evidence();
  if (!evidence.ok()) return evidence.status();
  const std::string plan_resource = oscal::uuid_v5("plan-resource:" + stamp);
  JsonArrayText observations, resources, findings;
  resources.add({{"uuid", plan_resource},
                 {"title", "Assessment plan"},
                 {"props", ordered_json::array({cw_prop("assessment-plan-uuid", plan_uuid)})},
                 {"rlinks", ordered_json::array({{{"href", plan_href},
                                                  {"media-type", "application/oscal.ap+json"}}})}});
  std::map<std::string, std::vector<std::string>> by_control;  // control id -> observation uuids
  for (const store::EvidenceRecord& e : evidence.value()) {
    std::vector<std::string> in_scope;
    for (const auto& c : e.controls)
      if (scope->controls.count(c)) in_scope.push_back(c);
    if (in_scope.empty()) continue;
    ordered_json res = evidence_resource(e);
    const std::string obs_uuid = oscal::uuid_v5("observation:evidence:" + e.id);
    std::string controls;
    for (const auto& c : in_scope) {
      controls += (controls.empty() ? "" : ", ") + c;
      by_control[c].push_back(obs_uuid);
    }
    ordered_json obs = {
        {"uuid", obs_uuid},
        {"title", "Evidence " + e.id},
        {"description", "Evidence " + e.id + " (" + e.kind + ", review " +
                            std::string(d::to_string(e.review)) + ") for " + controls + "."},
        {"props", ordered_json::array({cw_prop("review", std::string(d::to_string(e.review)))})},
        {"methods", ordered_json::array({"EXAMINE"})},
        {"types", ordered_json::array({"control-objective"})},
        {"origins", ordered_json::array(
                        {{{"actors", ordered_json::array({{{"type", "assessment-platform"},
                                                           {"actor-uuid", platform_uuid()}}})}}})},
        {"relevant-evidence",
         ordered_json::array(
             {{{"href", "#" + res["uuid"].get<std::string>()},
               {"description", one_line(e.filename.empty() ? e.kind : e.filename)}}})},
        {"collected", d::format_datetime(e.collected_at)}};
    if (e.valid_until) obs["expires"] = d::format_datetime(*e.valid_until);
    observations.add(obs);
    resources.add(res);
  }
  // The latest result of each check on a control in scope.
  std::map<std::size_t, const d::CheckResult*> latest;
  for (const d::CheckResult& r : s.org.check_results) {
    auto& slot = latest[r.check];
    if (!slot || slot->observed_at < r.observed_at) slot = &r;
  }
  for (const auto& [index, result] : latest) {
    const d::Check& check = s.org.checks[index];
    const std::string& control = s.org.controls[check.control].id;
    if (!scope->controls.count(control)) continue;
    const std::string outcome(d::to_string(result->outcome));
    const std::string obs_uuid =
        oscal::uuid_v5("observation:check:" + check.id + ":" + std::to_string(result->observed_at));
    by_control[control].push_back(obs_uuid);
    observations.add(
        {{"uuid", obs_uuid},
         {"title", one_line(check.name)},
         {"description", "Check " + check.id + " on " + control + ": " + outcome + "."},
         {"props",
          ordered_json::array({cw_prop("check-id", check.id), cw_prop("outcome", outcome)})},
         {"methods", ordered_json::array({"TEST"})},
         {"types", ordered_json::array({"control-objective"})},
         {"origins", ordered_json::array(
                         {{{"actors", ordered_json::array({{{"type", "assessment-platform"},
                                                            {"actor-uuid", platform_uuid()}}})}}})},
         {"collected", d::format_datetime(result->observed_at)}});
  }

  const auto& reqs = fw.requirements();
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const d::RequirementAssessment& ra = scope->fa->requirements[i];
    if (!reqs[i].assessable || ra.status == d::RequirementStatus::kNotApplicable) continue;
    const bool met = ra.status == d::RequirementStatus::kMet;
    ordered_json target = {
        {"type", "statement-id"},
        {"target-id", statement_id(reqs[i], scope->kept)},
        {"status",
         {{"state", met ? "satisfied" : "not-satisfied"},
          {"reason", met                                             ? "pass"
                     : ra.status == d::RequirementStatus::kPartlyMet ? "other"
                                                                     : "fail"}}}};
    if (const char* state = implementation_state(s, ra))
      target["implementation-status"] = {{"state", state}};
    ordered_json finding = {
        {"uuid", oscal::uuid_v5("finding:" + stamp + ":" + reqs[i].ref)},
        {"title", one_line(reqs[i].ref + " " + reqs[i].title)},
        {"description", ra.reason.empty() ? std::string(d::to_string(ra.status)) : ra.reason},
        {"props", ordered_json::array({cw_prop("status", std::string(d::to_string(ra.status)))})},
        {"target", std::move(target)}};
    std::set<std::string> related;
    for (const auto& link : ra.controls)
      for (const auto& uuid : by_control[s.org.controls[link.control].id]) related.insert(uuid);
    if (!related.empty()) {
      ordered_json rel = ordered_json::array();
      for (const auto& uuid : related) rel.push_back({{"observation-uuid", uuid}});
      finding["related-observations"] = std::move(rel);
    }
    findings.add(finding);
  }

  const auto& total = scope->fa->total;
  ordered_json result = {
      {"uuid", oscal::uuid_v5("result:" + stamp)},
      {"title", "Readiness of " + fw.name + " on " + d::format_date(s.now)},
      {"description", std::to_string(total.met) + " of " + std::to_string(total.applicable()) +
                          " applicable requirements met, " + std::to_string(total.partly_met) +
                          " partly met, " + std::to_string(total.not_met) + " not met, " +
                          std::to_string(total.not_applicable) + " not applicable."},
      {"start", when},
      {"end", when},
      {"reviewed-controls", {{"control-selections", scope->selections}}}};
  if (!observations.empty()) result["observations"] = array_placeholder("observations");
  if (!findings.empty()) result["findings"] = array_placeholder("findings");
  resources.add(catalog);
  const ordered_json skeleton = {
      {"assessment-results",
       {{"uuid", oscal::uuid_v5("assessment-results:" + stamp)},
        {"metadata", oscal_metadata("Readiness of " + fw.name, when, s.now)},
        {"import-ap", {{"href", "#" + plan_resource}}},
        {"results", ordered_json::array({std::move(result)})},
        {"back-matter", {{"resources", array_placeholder("resources")}}}}}};
  out.results = splice_arrays(skeleton.dump(), {{"observations", observations.take()},
                                                {"findings", findings.take()},
                                                {"resources", resources.take()}}) +
                "\n";
  return out;
}

Result<ordered_json> oscal_poam(Workspace& ws, const Snapshot& s, const std::string& framework_id) {
  auto scope = scope_of(ws, s, framework_id);
  if (!scope.ok()) return scope.status();
  const d::Framework& fw = *scope->fa->framework;
  const std::string when = d::format_datetime(s.now);
  const std::string stamp = fw.id + ":" + when;

  ordered_json items = ordered_json::array(), findings = ordered_json::array(),
               risks = ordered_json::array();
  const auto& reqs = fw.requirements();
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    const d::RequirementAssessment& ra = scope->fa->requirements[i];
    if (!reqs[i].assessable) continue;
    if (ra.status != d::RequirementStatus::kNotMet && ra.status != d::RequirementStatus::kPartlyMet)
      continue;
    const std::string finding_uuid = oscal::uuid_v5("poam-finding:" + stamp + ":" + reqs[i].ref);
    const std::string status(d::to_string(ra.status));
    findings.push_back(
        {{"uuid", finding_uuid},
         {"title", one_line(reqs[i].ref + " " + reqs[i].title)},
         {"description", ra.reason.empty() ? status : ra.reason},
         {"target",
          {{"type", "statement-id"},
           {"target-id", statement_id(reqs[i], scope->kept)},
           {"status",
            {{"state", "not-satisfied"},
             {"reason", ra.status == d::RequirementStatus::kPartlyMet ? "other" : "fail"}}}}}});
    items.push_back(
        {{"uuid", oscal::uuid_v5("poam-item:" + fw.id + ":" + reqs[i].ref)},
         {"title", one_line("Close the gap on " + reqs[i].ref + " " + reqs[i].title)},
         {"description", "Requirement " + reqs[i].ref + " of " + fw.name + " is " + status +
                             (ra.reason.empty() ? "." : ": " + ra.reason)},
         {"props", ordered_json::array({cw_prop("kind", "gap"), cw_prop("status", status)})},
         {"related-findings", ordered_json::array({{{"finding-uuid", finding_uuid}}})}});
  }

  auto actions = ws.store().register_entries("corrective_action");
  if (!actions.ok()) return actions.status();
  for (const store::RegisterEntry& a : actions.value()) {
    const d::ActionState state = d::corrective_action_state(a.fields, s.now);
    if (state == d::ActionState::kClosed) continue;
    const auto& f = a.fields;
    const std::string risk_uuid = oscal::uuid_v5("corrective-action-risk:" + a.id);
    const bool done = state == d::ActionState::kCompleted;
    ordered_json risk = {
        {"uuid", risk_uuid},
        {"title", one_line(d::field_text(f, "title"))},
        {"description", d::field_text(f, "root_cause").empty()
                            ? "Corrective action " + a.id + "; no root cause recorded yet."
                            : d::field_text(f, "root_cause")},
        {"statement", d::field_text(f, "action")},
        {"props", ordered_json::array({cw_prop("corrective-action", a.id),
                                       cw_prop("state", std::string(d::to_string(state)))})},
        {"status", done ? "remediating" : "open"},
        {"remediations", ordered_json::array({{{"uuid", oscal::uuid_v5("remediation:" + a.id)},
                                               {"lifecycle", done ? "completed" : "planned"},
                                               {"title", one_line(d::field_text(f, "title"))},
                                               {"description", d::field_text(f, "action")}}})}};
    if (auto due = d::parse_datetime(d::field_text(f, "due_date")))
      risk["deadline"] = d::format_datetime(*due);
    if (!d::field_text(f, "owner").empty())
      risk["props"].push_back(cw_prop("owner", one_line(d::field_text(f, "owner"))));
    for (const char* link : {"findings", "incidents"}) {
      auto it = f.find(link);
      if (it == f.end()) continue;
      for (const auto& id : it->second) risk["props"].push_back(cw_prop(link, id));
    }
    risks.push_back(std::move(risk));
    items.push_back(
        {{"uuid", oscal::uuid_v5("poam-item:" + a.id)},
         {"title", one_line(a.id + " " + d::field_text(f, "title"))},
         {"description", d::field_text(f, "action")},
         {"props", ordered_json::array({cw_prop("kind", "corrective-action"),
                                        cw_prop("state", std::string(d::to_string(state)))})},
         {"related-risks", ordered_json::array({{{"risk-uuid", risk_uuid}}})}});
  }
  if (items.empty())
    items.push_back({{"uuid", oscal::uuid_v5("poam-item:none:" + fw.id)},
                     {"title", "Nothing open"},
                     {"description", "No requirement of " + fw.name +
                                         " is open and no corrective action is outstanding."}});
  ordered_json poam = {
      {"uuid", oscal::uuid_v5("poam:" + stamp)},
      {"metadata", oscal_metadata("Plan of action and milestones: " + fw.name, when, s.now)}};
  if (!risks.empty()) poam["risks"] = std::move(risks);
  if (!findings.empty()) poam["findings"] = std::move(findings);
  poam["poam-items"] = std::move(items);
  poam["back-matter"] = {{"resources", ordered_json::array({catalog_resource(fw, scope->kept)})}};
  return ordered_json{{"plan-of-action-and-milestones", std::move(poam)}};
}

Result<ordered_json> oscal_component_definition(Workspace& ws, const Snapshot& s) {
  auto records = ws.store().controls();
  if (!records.ok()) return records.status();
  std::map<std::string, std::string> descriptions;
  for (const auto& r : records.value()) descriptions[r.control.id] = r.description;
  ordered_json components = ordered_json::array(), resources = ordered_json::array();
  // Each framework's catalog resource, made once: an imported one means reading its kept OSCAL.
  std::map<std::string, ordered_json> resource_of;
  for (const d::Control& c : s.org.controls) {
    std::map<std::string, std::vector<const d::RequirementLink*>> by_framework;
    for (const auto& link : c.links) by_framework[link.framework].push_back(&link);
    ordered_json implementations = ordered_json::array();
    for (const auto& [framework_id, links] : by_framework) {
      const d::Framework* fw = s.catalog.find_framework(framework_id);
      if (!fw) continue;
      auto cached = resource_of.find(fw->id);
      if (cached == resource_of.end()) {
        auto kept = kept_oscal(ws, *fw);
        if (!kept.ok()) return kept.status();
        cached = resource_of.emplace(fw->id, catalog_resource(*fw, kept.value())).first;
        resources.push_back(cached->second);
      }
      const ordered_json& res = cached->second;
      ordered_json reqs = ordered_json::array();
      for (const d::RequirementLink* l : links)
        reqs.push_back(
            {{"uuid", oscal::uuid_v5("implemented:" + c.id + ":" + fw->id + ":" + l->ref)},
             {"control-id", oscal::encode_id(l->ref)},
             {"description", c.title + " serves " + l->ref + " " +
                                 (l->coverage == d::Coverage::kFull ? "fully" : "in part") + "."},
             {"props",
              ordered_json::array({cw_prop("coverage", std::string(d::to_string(l->coverage)))})}});
      implementations.push_back({{"uuid", oscal::uuid_v5("implementation:" + c.id + ":" + fw->id)},
                                 {"source", "#" + res["uuid"].get<std::string>()},
                                 {"description", "How " + c.id + " serves " + fw->name + "."},
                                 {"implemented-requirements", std::move(reqs)}});
    }
    const std::string description = descriptions[c.id];
    ordered_json component = {
        {"uuid", oscal::uuid_v5("component:" + c.id)},
        {"type", "process-procedure"},
        {"title", one_line(c.id + " " + c.title)},
        {"description", description.empty() ? c.title : description},
        {"props", ordered_json::array(
                      {cw_prop("control-id", c.id),
                       cw_prop("implementation", std::string(d::to_string(c.implementation)))})}};
    if (!c.owner.empty()) component["props"].push_back(cw_prop("owner", one_line(c.owner)));
    if (!c.template_id.empty()) component["props"].push_back(cw_prop("template", c.template_id));
    if (!implementations.empty()) component["control-implementations"] = std::move(implementations);
    components.push_back(std::move(component));
  }
  const std::string when = d::format_datetime(s.now);
  ordered_json doc = {{"uuid", oscal::uuid_v5("component-definition:" + when)},
                      {"metadata", oscal_metadata("Control library", when, s.now)}};
  if (!components.empty()) doc["components"] = std::move(components);
  if (!resources.empty()) doc["back-matter"] = {{"resources", std::move(resources)}};
  return ordered_json{{"component-definition", std::move(doc)}};
}

}  // namespace crosswalk::service
