#include "service/views.h"

#include <cmath>

namespace crosswalk::service {

using json = nlohmann::ordered_json;
namespace d = crosswalk::domain;

namespace {

double round1(double v) {
  return std::round(v * 10.0) / 10.0;
}

json links_json(const std::vector<d::RequirementLink>& links) {
  json out = json::array();
  for (const auto& l : links)
    out.push_back(
        {{"framework", l.framework}, {"ref", l.ref}, {"coverage", d::to_string(l.coverage)}});
  return out;
}

}  // namespace

json tally_json(const d::Tally& t) {
  return {{"met", t.met},
          {"partly_met", t.partly_met},
          {"not_met", t.not_met},
          {"not_applicable", t.not_applicable},
          {"applicable", t.applicable()},
          {"percent", round1(t.percent())}};
}

json readiness_json(const d::FrameworkAssessment& f) {
  json j = {{"framework", f.framework->id}, {"name", f.framework->name}};
  j.update(tally_json(f.total));
  json groups = json::array();
  for (const auto& g : f.by_group) {
    const d::RequirementGroup* group = f.framework->find_group(g.group);
    json gj = {{"group", g.group}, {"title", group ? group->title : ""}};
    gj.update(tally_json(g.tally));
    groups.push_back(std::move(gj));
  }
  j["groups"] = std::move(groups);
  return j;
}

json framework_summary_json(const d::FrameworkAssessment& f) {
  json j = {{"id", f.framework->id},
            {"name", f.framework->name},
            {"title", f.framework->title},
            {"version", f.framework->version},
            {"requirements", f.framework->requirements().size()},
            {"imported", f.framework->imported()}};
  j["readiness"] = tally_json(f.total);
  return j;
}

json framework_json(const Snapshot& s, const d::FrameworkAssessment& f) {
  json j = {{"id", f.framework->id},
            {"name", f.framework->name},
            {"title", f.framework->title},
            {"version", f.framework->version}};
  if (f.framework->imported()) j["origin"] = json::parse(f.framework->origin);
  j["readiness"] = tally_json(f.total);
  json groups = json::array();
  for (const auto& g : f.framework->groups) {
    json gj = {{"id", g.id}, {"title", g.title}, {"kind", d::to_string(g.kind)}};
    if (!g.parent.empty()) gj["parent"] = g.parent;
    groups.push_back(std::move(gj));
  }
  j["groups"] = std::move(groups);
  json reqs = json::array();
  const auto& list = f.framework->requirements();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const d::Requirement& r = list[i];
    const d::RequirementAssessment& a = f.requirements[i];
    json rj = {
        {"ref", r.ref},       {"title", r.title},           {"kind", d::to_string(r.kind)},
        {"group", r.group},   {"assessable", r.assessable}, {"status", d::to_string(a.status)},
        {"reason", a.reason}, {"guidance", r.guidance}};
    if (!r.subgroup.empty()) {
      rj["subgroup"] = r.subgroup;
      rj["subgroup_title"] = r.subgroup_title;
    }
    if (!r.note.empty()) rj["note"] = r.note;
    if (!r.parent.empty()) rj["parent"] = r.parent;
    if (!r.statement.empty()) rj["statement"] = r.statement;
    if (!r.attributes.empty()) rj["attributes"] = r.attributes;
    json controls = json::array();
    for (const auto& l : a.controls)
      controls.push_back({{"id", s.org.controls[l.control].id},
                          {"coverage", d::to_string(l.coverage)},
                          {"status", d::to_string(s.assessment.controls[l.control].state)}});
    rj["controls"] = std::move(controls);
    reqs.push_back(std::move(rj));
  }
  j["requirements"] = std::move(reqs);
  return j;
}

json counterparts_json(const Snapshot& s, const std::string& framework, const std::string& ref) {
  json out = json::array();
  auto add = [&](const std::string& other, const std::vector<std::string>& refs,
                 const d::MappingEntry& m) {
    const d::Framework* of = s.catalog.find_framework(other);
    const d::FrameworkAssessment* oa = s.framework(other);
    json items = json::array();
    for (const auto& r : refs) {
      // A plain index: GCC 12 misreads an optional<size_t> here as maybe uninitialized.
      constexpr std::size_t kUnknown = std::size_t(-1);
      const std::size_t i = of ? of->index_of(r).value_or(kUnknown) : kUnknown;
      const bool known = i != kUnknown;
      items.push_back({{"framework", other},
                       {"ref", r},
                       {"title", known ? of->requirements()[i].title : ""},
                       {"status", known && oa ? json(d::to_string(oa->requirements[i].status))
                                              : json(nullptr)}});
    }
    out.push_back({{"framework", other},
                   {"framework_name", of ? of->name : other},
                   {"relation", d::to_string(m.relation)},
                   {"strength", d::to_string(m.strength)},
                   {"rationale", m.rationale},
                   {"requirements", std::move(items)}});
  };
  for (const d::Crosswalk& cw : s.catalog.crosswalks) {
    if (cw.target == framework) {
      if (const d::MappingEntry* m = cw.find(ref)) add(cw.source, m->source_refs, *m);
    } else if (cw.source == framework) {
      for (const d::MappingEntry& m : cw.entries())
        if (std::find(m.source_refs.begin(), m.source_refs.end(), ref) != m.source_refs.end())
          add(cw.target, {m.target_ref}, m);
    }
  }
  return out;
}

json requirement_json(const Snapshot& s, const d::FrameworkAssessment& f, std::size_t index) {
  const d::Requirement& r = f.framework->requirements()[index];
  const d::RequirementAssessment& a = f.requirements[index];
  json controls = json::array();
  for (const auto& l : a.controls)
    controls.push_back({{"id", s.org.controls[l.control].id},
                        {"title", s.org.controls[l.control].title},
                        {"coverage", d::to_string(l.coverage)},
                        {"status", d::to_string(s.assessment.controls[l.control].state)},
                        {"reason", s.assessment.controls[l.control].reason}});
  json decision = nullptr;
  for (const auto& dec : s.org.decisions)
    if (dec.framework == f.framework->id && dec.ref == r.ref)
      decision = {{"applicable", !dec.excluded},
                  {"justification", dec.justification},
                  {"partial_links_jointly_sufficient", dec.partial_links_jointly_sufficient}};
  return {{"framework", f.framework->id},
          {"ref", r.ref},
          {"title", r.title},
          {"kind", d::to_string(r.kind)},
          {"group", r.group},
          {"assessable", r.assessable},
          {"status", d::to_string(a.status)},
          {"reason", a.reason},
          {"guidance", r.guidance},
          {"attributes", r.attributes},
          {"controls", std::move(controls)},
          {"counterparts", counterparts_json(s, f.framework->id, r.ref)},
          {"decision", std::move(decision)}};
}

json control_json(const Snapshot& s, std::size_t index, const store::ControlRecord* record) {
  const d::Control& c = s.org.controls[index];
  const d::ControlStatus& st = s.assessment.controls[index];
  json j = {{"id", c.id},
            {"title", c.title},
            {"template", c.template_id.empty() ? json(nullptr) : json(c.template_id)},
            {"implementation", d::to_string(c.implementation)},
            {"status", d::to_string(st.state)},
            {"reason", st.reason},
            {"owner", c.owner},
            {"requirements", links_json(c.links)}};
  if (record) {
    j["description"] = record->description;
    j["version"] = record->version;
    j["updated_at"] = d::format_datetime(record->updated_at);
  }
  return j;
}

json template_json(const d::ControlTemplate& t) {
  return {{"id", t.id},
          {"domain", t.domain},
          {"title", t.title},
          {"description", t.description},
          {"evidence", t.evidence},
          {"requirements", links_json(t.links)}};
}

json projection_json(const Snapshot& s, const d::Projection& p) {
  json j = {{"target", p.target}, {"source", p.source}, {"assume_source_met", p.assume_source_met}};
  j.update(tally_json(p.tally));
  j["total"] = p.items.size();
  const d::Framework* target = s.catalog.find_framework(p.target);
  json items = json::array();
  for (const auto& it : p.items) {
    const d::Requirement* r = target ? target->find(it.ref) : nullptr;
    json via = json::array();
    for (const auto& m : it.via) {
      json sources = json::array();
      for (const auto& src : m.sources)
        sources.push_back({{"ref", src.ref}, {"status", d::to_string(src.status)}});
      via.push_back({{"sources", std::move(sources)},
                     {"relation", d::to_string(m.relation)},
                     {"strength", d::to_string(m.strength)},
                     {"rationale", m.rationale}});
    }
    items.push_back({{"ref", it.ref},
                     {"title", r ? r->title : ""},
                     {"kind", r ? d::to_string(r->kind) : ""},
                     {"status", d::to_string(it.status)},
                     {"basis", d::to_string(it.basis)},
                     {"reason", it.reason},
                     {"via", std::move(via)},
                     {"closing_templates", it.closing_templates}});
  }
  j["items"] = std::move(items);
  return j;
}

json evidence_json(const store::EvidenceRecord& e) {
  json j = {
      {"id", e.id},
      {"kind", e.kind},
      {"filename", e.filename},
      {"size", e.size},
      {"sha256", e.sha256.empty() ? json(nullptr) : json(e.sha256)},
      {"url", e.url.empty() ? json(nullptr) : json(e.url)},
      {"note", e.note},
      {"source", e.source},
      {"review", d::to_string(e.review)},
      {"collected_at", d::format_datetime(e.collected_at)},
      {"valid_until", e.valid_until ? json(d::format_datetime(*e.valid_until)) : json(nullptr)},
      {"controls", e.controls},
      {"created_by", e.created_by},
      {"created_at", d::format_datetime(e.created_at)}};
  return j;
}

json journal_verdict_json(const store::JournalVerdict& v) {
  json j = {{"ok", v.ok}, {"entries", v.entries}};
  if (!v.ok) {
    j["first_bad_seq"] = v.first_bad_seq;
    j["problem"] = v.problem;
  }
  return j;
}

json journal_entry_json(const store::JournalEntry& e) {
  return {{"seq", e.seq},
          {"at", e.at},
          {"actor", e.actor},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"before", json::parse(e.before)},
          {"after", json::parse(e.after)},
          {"hash", e.hash}};
}

json user_json(const store::UserRecord& u) {
  return {{"name", u.name},
          {"role", d::to_string(u.role)},
          {"created_at", d::format_datetime(u.created_at)}};
}

json token_json(const store::TokenRecord& t) {
  return {{"id", t.id},
          {"user", t.user},
          {"label", t.label},
          {"scope", t.scope},
          {"created_at", d::format_datetime(t.created_at)},
          {"expires_at", t.expires_at ? json(d::format_datetime(*t.expires_at)) : json(nullptr)}};
}

json new_token_json(const store::TokenRecord& t, const std::string& secret) {
  json j = {{"token", secret}};
  j.update(token_json(t));
  return j;
}

}  // namespace crosswalk::service
