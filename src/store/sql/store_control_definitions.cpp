// Controls the organization writes or rewrites: title, description and requirement links.
#include "store/sql/control_links.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

using nlohmann::json;
namespace d = crosswalk::domain;

json links_json(const std::vector<d::RequirementLink>& links) {
  json out = json::array();
  for (const auto& l : links)
    out.push_back(
        {{"framework", l.framework}, {"ref", l.ref}, {"coverage", d::to_string(l.coverage)}});
  return out;
}

Status insert_links(Database& db, const std::string& control_id,
                    const std::vector<d::RequirementLink>& links) {
  auto ins = db.prepare(
      "INSERT INTO control_requirements (control_id, framework_id, ref, coverage) VALUES (?, ?, ?, "
      "?)");
  if (!ins.ok()) return ins.status();
  for (const auto& l : links) {
    ins->reset();
    CW_RETURN_IF_ERROR(ins->bind(1, control_id)
                           .bind(2, l.framework)
                           .bind(3, l.ref)
                           .bind(4, d::to_string(l.coverage))
                           .run());
  }
  return Status::Ok();
}

Status replace_links(Database& db, const std::string& control_id,
                     const std::vector<d::RequirementLink>& links) {
  auto del = db.prepare("DELETE FROM control_requirements WHERE control_id = ?");
  if (!del.ok()) return del.status();
  CW_RETURN_IF_ERROR(del->bind(1, control_id).run());
  return insert_links(db, control_id, links);
}

Status SqlStore::create_control(const ControlDefinition& def, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto exists = db_.prepare("SELECT 1 FROM controls WHERE id = ?");
  if (!exists.ok()) return exists.status();
  exists->bind(1, def.id);
  if (exists->step()) return Status::Conflict("a control '" + def.id + "' exists already");
  CW_RETURN_IF_ERROR(exists->status());
  auto ins = db_.prepare(
      "INSERT INTO controls (id, template_id, title, description, implementation, owner, version, "
      "created_at, updated_at) VALUES (?, NULL, ?, ?, 'not-implemented', '', 1, ?, ?)");
  if (!ins.ok()) return ins.status();
  CW_RETURN_IF_ERROR(ins->bind(1, def.id)
                         .bind(2, def.title)
                         .bind(3, def.description)
                         .bind(4, actor.now)
                         .bind(5, actor.now)
                         .run());
  CW_RETURN_IF_ERROR(replace_links(db_, def.id, def.links));
  CW_RETURN_IF_ERROR(append_journal(actor, "control.create", "control", def.id, nullptr,
                                    json{{"id", def.id},
                                         {"title", def.title},
                                         {"description", def.description},
                                         {"requirements", links_json(def.links)},
                                         {"version", 1}}));
  return commit(*tx);
}

Status SqlStore::define_control(const ControlDefinition& def,
                                std::optional<std::int64_t> expected_version, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto q = db_.prepare("SELECT title, description, version FROM controls WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, def.id);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("unknown control '" + def.id + "' (see `crosswalk control list`)");
  }
  const std::string title = q->text(0), description = q->text(1);
  const std::int64_t version = q->int64(2);
  if (expected_version && *expected_version != version)
    return Status::Conflict("control '" + def.id + "' was changed by someone else (version " +
                            std::to_string(version) + ", expected " +
                            std::to_string(*expected_version) + ")");
  auto links = db_.prepare(
      "SELECT framework_id, ref, coverage FROM control_requirements WHERE control_id = ? ORDER BY "
      "framework_id, ref");
  if (!links.ok()) return links.status();
  links->bind(1, def.id);
  std::vector<d::RequirementLink> before_links;
  while (links->step())
    before_links.push_back({links->text(0), links->text(1), *d::parse_coverage(links->text(2))});
  CW_RETURN_IF_ERROR(links->status());
  auto up = db_.prepare(
      "UPDATE controls SET title = ?, description = ?, version = ?, updated_at = ? WHERE id = ?");
  if (!up.ok()) return up.status();
  CW_RETURN_IF_ERROR(up->bind(1, def.title)
                         .bind(2, def.description)
                         .bind(3, version + 1)
                         .bind(4, actor.now)
                         .bind(5, def.id)
                         .run());
  CW_RETURN_IF_ERROR(replace_links(db_, def.id, def.links));
  CW_RETURN_IF_ERROR(append_journal(actor, "control.define", "control", def.id,
                                    json{{"id", def.id},
                                         {"title", title},
                                         {"description", description},
                                         {"requirements", links_json(before_links)},
                                         {"version", version}},
                                    json{{"id", def.id},
                                         {"title", def.title},
                                         {"description", def.description},
                                         {"requirements", links_json(def.links)},
                                         {"version", version + 1}}));
  return commit(*tx);
}

}  // namespace crosswalk::store::sql
