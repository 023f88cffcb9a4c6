// Frameworks the organization imports (OSCAL catalogs and profiles), beside the built-in catalog.
#include <set>

#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

using nlohmann::json;
namespace d = crosswalk::domain;

namespace {

const std::string& oscal_of(const std::map<std::string, std::string>& m, const std::string& key) {
  static const std::string kNone;
  auto it = m.find(key);
  return it == m.end() ? kNone : it->second;
}

}  // namespace

Result<FrameworkImportReport> SqlStore::import_framework(const FrameworkImport& f,
                                                         const Actor& actor) {
  const d::Framework& fw = f.framework;
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto cat = load_catalog();
  if (!cat.ok()) return cat.status();
  const d::Framework* old = cat->find_framework(fw.id);
  if (old && !old->imported())
    return Status::Conflict("'" + fw.id + "' is a built-in framework; import under another id");

  FrameworkImportReport report;
  report.created = old == nullptr;
  auto changes = d::compare_frameworks(old, fw);
  report.added = std::move(changes.added);
  report.removed = std::move(changes.removed);
  report.changed = std::move(changes.changed);

  int position = 0;
  if (old) {
    auto q = db_.prepare("SELECT position FROM frameworks WHERE id = ?");
    if (!q.ok()) return q.status();
    q->bind(1, fw.id);
    if (q->step()) position = static_cast<int>(q->int64(0));
    CW_RETURN_IF_ERROR(q->status());
  } else {
    auto q = db_.prepare("SELECT COALESCE(MAX(position), 0) + 1 FROM frameworks");
    if (!q.ok()) return q.status();
    if (q->step()) position = static_cast<int>(q->int64(0));
    CW_RETURN_IF_ERROR(q->status());
  }
  auto st = db_.prepare(
      "INSERT INTO frameworks (id, name, title, version, position, origin, oscal) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
      "title = excluded.title, version = excluded.version, origin = excluded.origin, "
      "oscal = excluded.oscal");
  if (!st.ok()) return st.status();
  CW_RETURN_IF_ERROR(st->bind(1, fw.id)
                         .bind(2, fw.name)
                         .bind(3, fw.title)
                         .bind(4, fw.version)
                         .bind(5, position)
                         .bind(6, fw.origin)
                         .bind(7, f.document_oscal)
                         .run());

  // Links to requirements that are going away go first (they are what the report lists).
  for (const std::string& ref : report.removed) {
    auto links = db_.prepare(
        "SELECT control_id FROM control_requirements WHERE framework_id = ? AND ref = ? "
        "ORDER BY control_id");
    if (!links.ok()) return links.status();
    links->bind(1, fw.id).bind(2, ref);
    while (links->step())
      report.dropped_links.push_back("control " + links->text(0) + " -> " + ref);
    CW_RETURN_IF_ERROR(links->status());
    auto decision =
        db_.prepare("SELECT 1 FROM requirement_decisions WHERE framework_id = ? AND ref = ?");
    if (!decision.ok()) return decision.status();
    decision->bind(1, fw.id).bind(2, ref);
    if (decision->step()) report.dropped_links.push_back("applicability decision on " + ref);
    CW_RETURN_IF_ERROR(decision->status());
    for (const char* table : {"control_requirements", "requirement_decisions", "requirements"}) {
      auto del =
          db_.prepare(std::string("DELETE FROM ") + table + " WHERE framework_id = ? AND ref = ?");
      if (!del.ok()) return del.status();
      CW_RETURN_IF_ERROR(del->bind(1, fw.id).bind(2, ref).run());
    }
  }

  std::set<std::string> groups;
  auto gst = db_.prepare(
      "INSERT INTO requirement_groups (framework_id, id, title, kind, position, parent, oscal) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (framework_id, id) DO UPDATE SET "
      "title = excluded.title, kind = excluded.kind, position = excluded.position, "
      "parent = excluded.parent, oscal = excluded.oscal");
  if (!gst.ok()) return gst.status();
  int gpos = 0;
  for (const d::RequirementGroup& g : fw.groups) {
    groups.insert(g.id);
    gst->reset();
    CW_RETURN_IF_ERROR(gst->bind(1, fw.id)
                           .bind(2, g.id)
                           .bind(3, g.title)
                           .bind(4, d::to_string(g.kind))
                           .bind(5, gpos++)
                           .bind(6, g.parent)
                           .bind(7, oscal_of(f.group_oscal, g.id))
                           .run());
  }
  auto rst = db_.prepare(
      "INSERT INTO requirements (framework_id, ref, title, kind, group_id, assessable, guidance, "
      "note, attributes, position, subgroup, subgroup_title, parent, statement, oscal) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (framework_id, ref) DO UPDATE SET title = excluded.title, "
      "kind = excluded.kind, group_id = excluded.group_id, assessable = excluded.assessable, "
      "guidance = excluded.guidance, note = excluded.note, attributes = excluded.attributes, "
      "position = excluded.position, subgroup = excluded.subgroup, "
      "subgroup_title = excluded.subgroup_title, parent = excluded.parent, "
      "statement = excluded.statement, oscal = excluded.oscal");
  if (!rst.ok()) return rst.status();
  int rpos = 0;
  for (const d::Requirement& r : fw.requirements()) {
    rst->reset();
    rst->bind(1, fw.id).bind(2, r.ref).bind(3, r.title).bind(4, d::to_string(r.kind));
    rst->bind(5, r.group).bind(6, r.assessable ? 1 : 0).bind(7, r.guidance).bind(8, r.note);
    rst->bind(9, json(r.attributes).dump()).bind(10, rpos++).bind(11, r.subgroup);
    rst->bind(12, r.subgroup_title).bind(13, r.parent).bind(14, r.statement);
    rst->bind(15, oscal_of(f.requirement_oscal, r.ref));
    CW_RETURN_IF_ERROR(rst->run());
  }
  if (old)
    for (const d::RequirementGroup& g : old->groups) {
      if (groups.count(g.id)) continue;
      auto del = db_.prepare("DELETE FROM requirement_groups WHERE framework_id = ? AND id = ?");
      if (!del.ok()) return del.status();
      CW_RETURN_IF_ERROR(del->bind(1, fw.id).bind(2, g.id).run());
    }

  json before = nullptr;
  if (old)
    before = {{"origin", json::parse(old->origin)}, {"requirements", old->requirements().size()}};
  json after = {{"origin", json::parse(fw.origin)}, {"requirements", fw.requirements().size()},
                {"added", report.added.size()},     {"removed", report.removed},
                {"changed", report.changed.size()}, {"dropped_links", report.dropped_links}};
  CW_RETURN_IF_ERROR(append_journal(actor, old ? "framework.reimport" : "framework.import",
                                    "framework", fw.id, before, after));
  CW_RETURN_IF_ERROR(commit(*tx));
  return report;
}

Status SqlStore::remove_framework(const std::string& id, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto q = db_.prepare("SELECT origin FROM frameworks WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("no framework '" + id + "' (see `crosswalk framework list`)");
  }
  const std::string origin = q->text(0);
  if (origin.empty())
    return Status::Conflict("'" + id + "' is a built-in framework and cannot be removed");
  json counts;
  for (const char* table : {"control_requirements", "requirement_decisions", "requirements"}) {
    auto n = db_.prepare(std::string("SELECT COUNT(*) FROM ") + table + " WHERE framework_id = ?");
    if (!n.ok()) return n.status();
    n->bind(1, id);
    if (n->step()) counts[table] = n->int64(0);
    CW_RETURN_IF_ERROR(n->status());
  }
  for (const char* table :
       {"control_requirements", "requirement_decisions", "requirements", "requirement_groups"}) {
    auto del = db_.prepare(std::string("DELETE FROM ") + table + " WHERE framework_id = ?");
    if (!del.ok()) return del.status();
    CW_RETURN_IF_ERROR(del->bind(1, id).run());
  }
  auto del = db_.prepare("DELETE FROM frameworks WHERE id = ?");
  if (!del.ok()) return del.status();
  CW_RETURN_IF_ERROR(del->bind(1, id).run());
  CW_RETURN_IF_ERROR(append_journal(actor, "framework.remove", "framework", id,
                                    {{"origin", json::parse(origin)}, {"rows", counts}}, nullptr));
  return commit(*tx);
}

Result<FrameworkImport> SqlStore::framework_oscal(const std::string& id) {
  FrameworkImport out;
  auto q = db_.prepare("SELECT oscal FROM frameworks WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("no framework '" + id + "'");
  }
  out.document_oscal = q->text(0);
  auto g = db_.prepare("SELECT id, oscal FROM requirement_groups WHERE framework_id = ?");
  if (!g.ok()) return g.status();
  g->bind(1, id);
  while (g->step())
    if (!g->text(1).empty()) out.group_oscal[g->text(0)] = g->text(1);
  CW_RETURN_IF_ERROR(g->status());
  auto r = db_.prepare("SELECT ref, oscal FROM requirements WHERE framework_id = ?");
  if (!r.ok()) return r.status();
  r->bind(1, id);
  while (r->step())
    if (!r->text(1).empty()) out.requirement_oscal[r->text(0)] = r->text(1);
  CW_RETURN_IF_ERROR(r->status());
  return out;
}

}  // namespace crosswalk::store::sql
