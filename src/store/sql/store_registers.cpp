// Register entries (risks, assets, AI systems, …): the current version of each, every earlier
// version, and the links their link fields make (what the SoA reads as a control's reasons).
#include <algorithm>
#include <charconv>

#include "store/sql/column_codec.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

json fields_json(const d::FieldValues& fields) {
  json out = json::object();
  for (const auto& [name, values] : fields) out[name] = values;
  return out;
}

d::FieldValues fields_of(const std::string& text) {
  d::FieldValues out;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (it->is_array())
      for (const json& v : *it)
        if (v.is_string()) out[it.key()].push_back(v.get<std::string>());
  return out;
}

constexpr const char* kEntryColumns =
    "kind, id, version, fields, created_by, created_at, updated_by, updated_at";

RegisterEntry entry_of(const Statement& q) {
  return {q.text(0), q.text(1),  q.int64(2), fields_of(q.text(3)),
          q.text(4), q.int64(5), q.text(6),  q.int64(7)};
}

// The number after the prefix, for ordering RISK-2 before RISK-10 and for the next id.
std::int64_t serial_of(const std::string& id) {
  auto dash = id.rfind('-');
  std::int64_t n = 0;
  if (dash == std::string::npos) return 0;
  auto [end, ec] = std::from_chars(id.data() + dash + 1, id.data() + id.size(), n);
  return ec == std::errc() && end == id.data() + id.size() ? n : 0;
}

void sort_by_id(std::vector<RegisterEntry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const RegisterEntry& a, const RegisterEntry& b) {
    auto sa = serial_of(a.id), sb = serial_of(b.id);
    return sa != sb ? sa < sb : a.id < b.id;
  });
}

// Whether `id` exists as a `target_kind`: a control, evidence item, measurement or entry.
Result<bool> target_exists(Database& db, const std::string& target_kind, const std::string& id) {
  const bool in_register = d::find_register_kind(target_kind) != nullptr;
  const char* sql = in_register ? "SELECT 1 FROM register_entries WHERE id = ? AND kind = ?"
                    : target_kind == "control"     ? "SELECT 1 FROM controls WHERE id = ?"
                    : target_kind == "evidence"    ? "SELECT 1 FROM evidence WHERE id = ?"
                    : target_kind == "measurement" ? "SELECT 1 FROM measurements WHERE id = ?"
                    : target_kind == "framework"   ? "SELECT 1 FROM frameworks WHERE id = ?"
                    : target_kind == "requirement"
                        ? "SELECT 1 FROM requirements WHERE framework_id = ? AND ref = ?"
                        : nullptr;
  if (!sql) return Status::InvalidInput("unknown link target '" + target_kind + "'");
  auto q = db.prepare(sql);
  if (!q.ok()) return q.status();
  if (target_kind == "requirement") {
    // FRAMEWORK:REF (the field's check made sure of the colon).
    const auto colon = id.find(':');
    if (colon == std::string::npos) return false;
    q->bind(1, id.substr(0, colon)).bind(2, id.substr(colon + 1));
  } else {
    q->bind(1, id);
  }
  if (in_register) q->bind(2, target_kind);
  const bool found = q->step();
  CW_RETURN_IF_ERROR(q->status());
  return found;
}

std::string readable(const std::string& kind) {
  const d::RegisterKind* k = d::find_register_kind(kind);
  return k ? k->label_in_sentence() : kind;
}

}  // namespace

Result<std::string> SqlStore::put_register_entry(const RegisterEntry& in,
                                                 std::optional<std::int64_t> expected_version,
                                                 const Actor& actor) {
  const d::RegisterKind* kind = d::find_register_kind(in.kind);
  if (!kind) return Status::InvalidInput("unknown register '" + in.kind + "'");
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  RegisterEntry e = in;

  std::vector<RegisterLink> links;
  for (const d::FieldSpec& f : kind->fields) {
    if (f.type != d::FieldType::kLink && f.type != d::FieldType::kLinks) continue;
    for (const std::string& target : d::field_list(e.fields, f.name)) {
      auto found = target_exists(db_, f.target, target);
      if (!found.ok()) return found.status();
      if (!found.value()) {
        return Status::NotFound("field " + f.name + ": no " + readable(f.target) + " '" + target +
                                "'");
      }
      links.push_back({e.kind, "", f.name, f.target, target});
    }
  }

  std::optional<RegisterEntry> current;
  if (!e.id.empty()) {
    auto cur = db_.prepare(std::string("SELECT ") + kEntryColumns +
                           " FROM register_entries WHERE kind = ? AND id = ?");
    if (!cur.ok()) return cur.status();
    cur->bind(1, e.kind).bind(2, e.id);
    if (cur->step()) current = entry_of(cur.value());
    CW_RETURN_IF_ERROR(cur->status());
  }
  if (!expected_version) {
    if (current) return Status::Conflict(kind->label + " '" + e.id + "' already exists");
    if (e.id.empty()) {
      auto ids = db_.prepare("SELECT DISTINCT id FROM register_versions WHERE kind = ?");
      if (!ids.ok()) return ids.status();
      ids->bind(1, e.kind);
      std::int64_t top = 0;
      while (ids->step()) top = std::max(top, serial_of(ids->text(0)));
      CW_RETURN_IF_ERROR(ids->status());
      e.id = kind->id_prefix + "-" + std::to_string(top + 1);
    }
  } else {
    if (!current) return Status::NotFound("no " + readable(e.kind) + " '" + e.id + "'");
    if (kind->append_only)
      return Status::Conflict(kind->plural + " are a record of what happened: '" + e.id +
                              "' cannot be changed; record a new one");
    if (current->version != *expected_version)
      return Status::Conflict(kind->label + " '" + e.id + "' was changed by " +
                              current->updated_by + " (version " +
                              std::to_string(current->version) + ", you edited version " +
                              std::to_string(*expected_version) + "): reload and try again");
  }
  e.version = current ? current->version + 1 : 1;
  const std::string text = fields_json(e.fields).dump();

  auto put = current ? db_.prepare(
                           "UPDATE register_entries SET version = ?, fields = ?, updated_by = ?, "
                           "updated_at = ? WHERE kind = ? AND id = ?")
                     : db_.prepare(
                           "INSERT INTO register_entries (version, fields, updated_by, "
                           "updated_at, kind, id, created_by, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!put.ok()) return put.status();
  put->bind(1, e.version).bind(2, text).bind(3, actor.name).bind(4, actor.now);
  put->bind(5, e.kind).bind(6, e.id);
  if (!current) put->bind(7, actor.name).bind(8, actor.now);
  CW_RETURN_IF_ERROR(put->run());

  auto version = db_.prepare(
      "INSERT INTO register_versions (kind, id, version, fields, changed_by, changed_at, "
      "removed) VALUES (?, ?, ?, ?, ?, ?, 0)");
  if (!version.ok()) return version.status();
  version->bind(1, e.kind).bind(2, e.id).bind(3, e.version).bind(4, text);
  version->bind(5, actor.name).bind(6, actor.now);
  CW_RETURN_IF_ERROR(version->run());

  auto drop = db_.prepare("DELETE FROM register_links WHERE kind = ? AND id = ?");
  if (!drop.ok()) return drop.status();
  drop->bind(1, e.kind).bind(2, e.id);
  CW_RETURN_IF_ERROR(drop->run());
  auto add = db_.prepare(
      "INSERT INTO register_links (kind, id, field, target_kind, target_id) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!add.ok()) return add.status();
  for (const RegisterLink& l : links) {
    add->reset();
    add->bind(1, e.kind).bind(2, e.id).bind(3, l.field).bind(4, l.target_kind);
    add->bind(5, l.target_id);
    CW_RETURN_IF_ERROR(add->run());
  }
  CW_RETURN_IF_ERROR(append_journal(actor, e.kind + (current ? ".update" : ".create"), e.kind, e.id,
                                    current ? fields_json(current->fields) : json(nullptr),
                                    {{"version", e.version}, {"fields", fields_json(e.fields)}}));
  CW_RETURN_IF_ERROR(commit(*tx));
  return e.id;
}

Status SqlStore::remove_register_entry(const std::string& kind_name, const std::string& id,
                                       std::int64_t expected_version, const Actor& actor) {
  const d::RegisterKind* kind = d::find_register_kind(kind_name);
  if (!kind) return Status::InvalidInput("unknown register '" + kind_name + "'");
  if (kind->append_only)
    return Status::Conflict(kind->plural + " are a record of what happened: '" + id +
                            "' cannot be removed");
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto cur = db_.prepare(std::string("SELECT ") + kEntryColumns +
                         " FROM register_entries WHERE kind = ? AND id = ?");
  if (!cur.ok()) return cur.status();
  cur->bind(1, kind_name).bind(2, id);
  if (!cur->step()) {
    CW_RETURN_IF_ERROR(cur->status());
    return Status::NotFound("no " + readable(kind_name) + " '" + id + "'");
  }
  RegisterEntry current = entry_of(cur.value());
  if (current.version != expected_version)
    return Status::Conflict(kind->label + " '" + id + "' was changed by " + current.updated_by +
                            " (version " + std::to_string(current.version) + ", you saw version " +
                            std::to_string(expected_version) + "): reload and try again");
  auto users = db_.prepare(
      "SELECT kind, id, field FROM register_links WHERE target_kind = ? AND target_id = ? "
      "ORDER BY kind, id LIMIT 5");
  if (!users.ok()) return users.status();
  users->bind(1, kind_name).bind(2, id);
  std::string who;
  while (users->step())
    who += (who.empty() ? "" : ", ") + readable(users->text(0)) + " " + users->text(1) + " (" +
           users->text(2) + ")";
  CW_RETURN_IF_ERROR(users->status());
  if (!who.empty())
    return Status::Conflict(kind->label + " '" + id + "' is still named by " + who +
                            ": change those first");
  for (const char* sql : {"DELETE FROM register_entries WHERE kind = ? AND id = ?",
                          "DELETE FROM register_links WHERE kind = ? AND id = ?"}) {
    auto q = db_.prepare(sql);
    if (!q.ok()) return q.status();
    q->bind(1, kind_name).bind(2, id);
    CW_RETURN_IF_ERROR(q->run());
  }
  auto version = db_.prepare(
      "INSERT INTO register_versions (kind, id, version, fields, changed_by, changed_at, "
      "removed) VALUES (?, ?, ?, ?, ?, ?, 1)");
  if (!version.ok()) return version.status();
  version->bind(1, kind_name).bind(2, id).bind(3, current.version + 1);
  version->bind(4, fields_json(current.fields).dump()).bind(5, actor.name).bind(6, actor.now);
  CW_RETURN_IF_ERROR(version->run());
  CW_RETURN_IF_ERROR(append_journal(actor, kind_name + ".remove", kind_name, id,
                                    fields_json(current.fields), nullptr));
  return commit(*tx);
}

Result<std::vector<RegisterEntry>> SqlStore::register_entries(const std::string& kind) {
  auto q =
      db_.prepare(std::string("SELECT ") + kEntryColumns + " FROM register_entries WHERE kind = ?");
  if (!q.ok()) return q.status();
  q->bind(1, kind);
  std::vector<RegisterEntry> out;
  while (q->step()) out.push_back(entry_of(q.value()));
  CW_RETURN_IF_ERROR(q->status());
  sort_by_id(out);
  return out;
}

Result<std::optional<RegisterEntry>> SqlStore::register_entry(const std::string& kind,
                                                              const std::string& id) {
  auto q = db_.prepare(std::string("SELECT ") + kEntryColumns +
                       " FROM register_entries WHERE kind = ? AND id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, kind).bind(2, id);
  std::optional<RegisterEntry> out;
  if (q->step()) out = entry_of(q.value());
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::vector<RegisterEntry>> SqlStore::register_history(const std::string& kind,
                                                              const std::string& id) {
  auto q = db_.prepare(
      "SELECT kind, id, version, fields, changed_by, changed_at, removed FROM register_versions "
      "WHERE kind = ? AND id = ? ORDER BY version DESC");
  if (!q.ok()) return q.status();
  q->bind(1, kind).bind(2, id);
  std::vector<RegisterEntry> out;
  while (q->step()) {
    RegisterEntry e{q->text(0), q->text(1),  q->int64(2), fields_of(q->text(3)),
                    q->text(4), q->int64(5), q->text(4),  q->int64(5)};
    // A removal is a version without fields: what was removed is in the one before.
    if (q->int64(6) != 0) e.fields.clear();
    out.push_back(std::move(e));
  }
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::vector<RegisterLink>> SqlStore::register_links_to(const std::string& target_kind,
                                                              const std::string& target_id) {
  auto q = db_.prepare(
      "SELECT kind, id, field, target_kind, target_id FROM register_links "
      "WHERE target_kind = ? AND (? = '' OR target_id = ?) ORDER BY target_id, kind, id");
  if (!q.ok()) return q.status();
  q->bind(1, target_kind).bind(2, target_id).bind(3, target_id);
  std::vector<RegisterLink> out;
  while (q->step()) out.push_back({q->text(0), q->text(1), q->text(2), q->text(3), q->text(4)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql
