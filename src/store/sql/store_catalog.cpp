#include <set>

#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

using nlohmann::json;
namespace d = crosswalk::domain;

namespace {

// Runs one prepared statement per row; `bind` fills the parameters for each item.
template <typename Items, typename Bind>
Status insert_all(Database& db, const char* sql, const Items& items, Bind bind) {
  auto st = db.prepare(sql);
  if (!st.ok()) return st.status();
  for (const auto& item : items) {
    st->reset();
    bind(*st, item);
    CW_RETURN_IF_ERROR(st->run());
  }
  return Status::Ok();
}

// Deletes rows of `table` whose key is not in `keep`; a foreign-key error means the
// organization still uses them.
Status delete_missing(Database& db, const std::string& table, const std::string& what,
                      const std::set<std::pair<std::string, std::string>>& keep,
                      const std::string& key1, const std::string& key2,
                      const std::string& where = "") {
  auto q = db.prepare("SELECT " + key1 + ", " + key2 + " FROM " + table +
                      (where.empty() ? "" : " WHERE " + where));
  if (!q.ok()) return q.status();
  std::vector<std::pair<std::string, std::string>> gone;
  while (q->step()) {
    std::pair<std::string, std::string> k{q->text(0), q->text(1)};
    if (!keep.count(k)) gone.push_back(k);
  }
  CW_RETURN_IF_ERROR(q->status());
  auto del = db.prepare("DELETE FROM " + table + " WHERE " + key1 + " = ? AND " + key2 + " = ?");
  if (!del.ok()) return del.status();
  for (const auto& [a, b] : gone) {
    del->reset();
    del->bind(1, a).bind(2, b);
    Status s = del->run();
    if (s.code() == Status::Code::kConflict)
      return Status::Conflict("the new catalog drops " + what + " " + a + " " + b +
                              ", which the organization still uses");
    CW_RETURN_IF_ERROR(s);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> SqlStore::catalog_sha256() {
  auto q = db_.prepare("SELECT value FROM catalog_meta WHERE key = 'sha256'");
  if (!q.ok()) return q.status();
  if (q->step()) return q->text(0);
  CW_RETURN_IF_ERROR(q->status());
  return std::string();
}

Status SqlStore::replace_catalog(const catalog::Catalog& cat) {
  Database& db = db_;
  std::set<std::pair<std::string, std::string>> fw_keys, group_keys, req_keys, tpl_keys;
  int pos = 0;
  for (const d::Framework& fw : cat.frameworks) {
    fw_keys.insert({fw.id, fw.id});
    auto st = db.prepare(
        "INSERT INTO frameworks (id, name, title, version, position) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title, "
        "version = excluded.version, position = excluded.position");
    if (!st.ok()) return st.status();
    CW_RETURN_IF_ERROR(st->bind(1, fw.id)
                           .bind(2, fw.name)
                           .bind(3, fw.title)
                           .bind(4, fw.version)
                           .bind(5, pos++)
                           .run());
    int gpos = 0;
    CW_RETURN_IF_ERROR(insert_all(db,
                                  "INSERT INTO requirement_groups (framework_id, id, title, kind, "
                                  "position) VALUES (?, ?, ?, ?, ?) "
                                  "ON CONFLICT (framework_id, id) DO UPDATE SET title = "
                                  "excluded.title, kind = excluded.kind, "
                                  "position = excluded.position",
                                  fw.groups, [&](Statement& s, const d::RequirementGroup& g) {
                                    group_keys.insert({fw.id, g.id});
                                    s.bind(1, fw.id)
                                        .bind(2, g.id)
                                        .bind(3, g.title)
                                        .bind(4, d::to_string(g.kind))
                                        .bind(5, gpos++);
                                  }));
    int rpos = 0;
    CW_RETURN_IF_ERROR(insert_all(
        db,
        "INSERT INTO requirements (framework_id, ref, title, kind, group_id, assessable, "
        "guidance, note, attributes, position, subgroup, subgroup_title) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (framework_id, ref) DO UPDATE SET title = excluded.title, "
        "kind = excluded.kind, group_id = excluded.group_id, assessable = excluded.assessable, "
        "guidance = excluded.guidance, note = excluded.note, attributes = excluded.attributes, "
        "position = excluded.position, subgroup = excluded.subgroup, "
        "subgroup_title = excluded.subgroup_title",
        fw.requirements(), [&](Statement& s, const d::Requirement& r) {
          req_keys.insert({fw.id, r.ref});
          s.bind(1, fw.id).bind(2, r.ref).bind(3, r.title).bind(4, d::to_string(r.kind));
          s.bind(5, r.group).bind(6, r.assessable ? 1 : 0).bind(7, r.guidance).bind(8, r.note);
          s.bind(9, json(r.attributes).dump()).bind(10, rpos++);
          s.bind(11, r.subgroup).bind(12, r.subgroup_title);
        }));
  }

  // Crosswalks and template links belong to the catalog alone: rewrite them.
  CW_RETURN_IF_ERROR(
      db.exec("DELETE FROM crosswalk_sources; DELETE FROM crosswalk_entries; "
              "DELETE FROM crosswalks; DELETE FROM template_requirements"));
  for (const d::Crosswalk& cw : cat.crosswalks) {
    auto st = db.prepare("INSERT INTO crosswalks (id, target_id, source_id) VALUES (?, ?, ?)");
    if (!st.ok()) return st.status();
    CW_RETURN_IF_ERROR(st->bind(1, cw.id).bind(2, cw.target).bind(3, cw.source).run());
    int epos = 0;
    CW_RETURN_IF_ERROR(insert_all(
        db,
        "INSERT INTO crosswalk_entries (crosswalk_id, target_id, target_ref, relation, strength, "
        "rationale, position) VALUES (?, ?, ?, ?, ?, ?, ?)",
        cw.entries(), [&](Statement& s, const d::MappingEntry& e) {
          s.bind(1, cw.id)
              .bind(2, cw.target)
              .bind(3, e.target_ref)
              .bind(4, d::to_string(e.relation));
          s.bind(5, d::to_string(e.strength)).bind(6, e.rationale).bind(7, epos++);
        }));
    for (const d::MappingEntry& e : cw.entries()) {
      int spos = 0;
      CW_RETURN_IF_ERROR(insert_all(
          db,
          "INSERT INTO crosswalk_sources (crosswalk_id, target_ref, source_id, source_ref, "
          "position) "
          "VALUES (?, ?, ?, ?, ?)",
          e.source_refs, [&](Statement& s, const std::string& ref) {
            s.bind(1, cw.id).bind(2, e.target_ref).bind(3, cw.source).bind(4, ref).bind(5, spos++);
          }));
    }
  }
  int tpos = 0;
  CW_RETURN_IF_ERROR(insert_all(
      db,
      "INSERT INTO control_templates (id, domain, title, description, evidence, position) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET domain = excluded.domain, "
      "title = excluded.title, description = excluded.description, evidence = excluded.evidence, "
      "position = excluded.position",
      cat.templates, [&](Statement& s, const d::ControlTemplate& t) {
        tpl_keys.insert({t.id, t.id});
        s.bind(1, t.id).bind(2, t.domain).bind(3, t.title).bind(4, t.description);
        s.bind(5, json(t.evidence).dump()).bind(6, tpos++);
      }));
  for (const d::ControlTemplate& t : cat.templates)
    CW_RETURN_IF_ERROR(insert_all(
        db,
        "INSERT INTO template_requirements (template_id, framework_id, ref, coverage) VALUES (?, "
        "?, ?, ?)",
        t.links, [&](Statement& s, const d::RequirementLink& l) {
          s.bind(1, t.id).bind(2, l.framework).bind(3, l.ref).bind(4, d::to_string(l.coverage));
        }));

  CW_RETURN_IF_ERROR(
      delete_missing(db, "control_templates", "control template", tpl_keys, "id", "id"));
  // Frameworks the organization imported are not the catalog's to drop.
  const std::string builtin = "framework_id IN (SELECT id FROM frameworks WHERE origin = '')";
  CW_RETURN_IF_ERROR(
      delete_missing(db, "requirements", "requirement", req_keys, "framework_id", "ref", builtin));
  CW_RETURN_IF_ERROR(
      delete_missing(db, "requirement_groups", "group", group_keys, "framework_id", "id", builtin));
  CW_RETURN_IF_ERROR(
      delete_missing(db, "frameworks", "framework", fw_keys, "id", "id", "origin = ''"));

  auto meta = db.prepare(
      "INSERT INTO catalog_meta (key, value) VALUES ('sha256', ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  if (!meta.ok()) return meta.status();
  return meta->bind(1, cat.sha256).run();
}

Status SqlStore::seed_catalog(const catalog::Catalog& cat, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto before = catalog_sha256();
  if (!before.ok()) return before.status();
  if (before.value() == cat.sha256) return Status::Ok();  // already seeded (checked under lock)
  CW_RETURN_IF_ERROR(replace_catalog(cat));
  json after = {
      {"sha256", cat.sha256}, {"templates", cat.templates.size()}, {"frameworks", json::array()}};
  for (const auto& fw : cat.frameworks)
    after["frameworks"].push_back({{"id", fw.id}, {"requirements", fw.requirements().size()}});
  for (const auto& cw : cat.crosswalks) after["crosswalks"].push_back(cw.id);
  CW_RETURN_IF_ERROR(append_journal(
      actor, "catalog.seed", "catalog", "catalog",
      before.value().empty() ? json(nullptr) : json{{"sha256", before.value()}}, after));
  return commit(*tx);
}

Result<catalog::Catalog> SqlStore::load_catalog() {
  catalog::Catalog cat;
  auto sha = catalog_sha256();
  if (!sha.ok()) return sha.status();
  cat.sha256 = sha.value();

  auto fq = db_.prepare(
      "SELECT id, name, title, version, origin FROM frameworks ORDER BY origin <> '', position");
  if (!fq.ok()) return fq.status();
  while (fq->step()) {
    d::Framework fw;
    fw.id = fq->text(0);
    fw.name = fq->text(1);
    fw.title = fq->text(2);
    fw.version = fq->text(3);
    fw.origin = fq->text(4);
    cat.frameworks.push_back(std::move(fw));
  }
  CW_RETURN_IF_ERROR(fq->status());
  for (d::Framework& fw : cat.frameworks) {
    auto gq = db_.prepare(
        "SELECT id, title, kind, parent FROM requirement_groups WHERE framework_id = ? "
        "ORDER BY position");
    if (!gq.ok()) return gq.status();
    gq->bind(1, fw.id);
    while (gq->step())
      fw.groups.push_back(
          {gq->text(0), gq->text(1), *d::parse_requirement_kind(gq->text(2)), gq->text(3)});
    CW_RETURN_IF_ERROR(gq->status());
    auto rq = db_.prepare(
        "SELECT ref, title, kind, group_id, assessable, guidance, note, attributes, subgroup, "
        "subgroup_title, parent, statement FROM requirements WHERE framework_id = ? "
        "ORDER BY position");
    if (!rq.ok()) return rq.status();
    rq->bind(1, fw.id);
    while (rq->step()) {
      d::Requirement r;
      r.ref = rq->text(0);
      r.title = rq->text(1);
      r.kind = *d::parse_requirement_kind(rq->text(2));
      r.group = rq->text(3);
      r.assessable = rq->int64(4) != 0;
      r.guidance = rq->text(5);
      r.note = rq->text(6);
      r.attributes =
          json::parse(rq->text(7)).get<std::map<std::string, std::vector<std::string>>>();
      r.subgroup = rq->text(8);
      r.subgroup_title = rq->text(9);
      r.parent = rq->text(10);
      r.statement = rq->text(11);
      fw.add_requirement(std::move(r));
    }
    CW_RETURN_IF_ERROR(rq->status());
  }

  auto cq = db_.prepare("SELECT id, target_id, source_id FROM crosswalks ORDER BY id");
  if (!cq.ok()) return cq.status();
  while (cq->step()) {
    d::Crosswalk cw;
    cw.id = cq->text(0);
    cw.target = cq->text(1);
    cw.source = cq->text(2);
    cat.crosswalks.push_back(std::move(cw));
  }
  CW_RETURN_IF_ERROR(cq->status());
  for (d::Crosswalk& cw : cat.crosswalks) {
    auto eq = db_.prepare(
        "SELECT e.target_ref, e.relation, e.strength, e.rationale, s.source_ref "
        "FROM crosswalk_entries e LEFT JOIN crosswalk_sources s "
        "ON s.crosswalk_id = e.crosswalk_id AND s.target_ref = e.target_ref "
        "WHERE e.crosswalk_id = ? ORDER BY e.position, s.position");
    if (!eq.ok()) return eq.status();
    eq->bind(1, cw.id);
    std::vector<d::MappingEntry> entries;
    while (eq->step()) {
      if (entries.empty() || entries.back().target_ref != eq->text(0))
        entries.push_back({eq->text(0),
                           {},
                           *d::parse_relation(eq->text(1)),
                           *d::parse_strength(eq->text(2)),
                           eq->text(3)});
      if (!eq->is_null(4)) entries.back().source_refs.push_back(eq->text(4));
    }
    CW_RETURN_IF_ERROR(eq->status());
    for (auto& e : entries) cw.add_entry(std::move(e));
  }

  auto tq = db_.prepare(
      "SELECT t.id, t.domain, t.title, t.description, t.evidence, r.framework_id, r.ref, "
      "r.coverage "
      "FROM control_templates t LEFT JOIN template_requirements r ON r.template_id = t.id "
      "LEFT JOIN requirements q ON q.framework_id = r.framework_id AND q.ref = r.ref "
      "LEFT JOIN frameworks f ON f.id = r.framework_id "
      "ORDER BY t.position, f.position, r.coverage, q.position");
  if (!tq.ok()) return tq.status();
  while (tq->step()) {
    if (cat.templates.empty() || cat.templates.back().id != tq->text(0)) {
      d::ControlTemplate t;
      t.id = tq->text(0);
      t.domain = tq->text(1);
      t.title = tq->text(2);
      t.description = tq->text(3);
      t.evidence = json::parse(tq->text(4)).get<std::vector<std::string>>();
      cat.templates.push_back(std::move(t));
    }
    if (!tq->is_null(5))
      cat.templates.back().links.push_back(
          {tq->text(5), tq->text(6), *d::parse_coverage(tq->text(7))});
  }
  CW_RETURN_IF_ERROR(tq->status());
  return cat;
}

}  // namespace crosswalk::store::sql
