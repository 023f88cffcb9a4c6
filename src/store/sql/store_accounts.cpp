#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

using nlohmann::json;
namespace d = crosswalk::domain;

namespace {

Status insert_user(Database& db, const UserRecord& user) {
  auto ins =
      db.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, user.name)
      .bind(2, d::to_string(user.role))
      .bind(3, user.password_hash)
      .bind(4, user.created_at);
  Status s = ins->run();
  if (s.code() == Status::Code::kConflict)
    return Status::Conflict("user '" + user.name + "' already exists");
  return s;
}

// The user's current role (NotFound if none), and whether another administrator exists.
Result<std::pair<d::Role, bool>> role_and_other_admin(Database& db, const std::string& user) {
  auto q = db.prepare(
      "SELECT role, (SELECT COUNT(*) FROM users WHERE role = 'admin' AND name <> ?) FROM users "
      "WHERE name = ?");
  if (!q.ok()) return q.status();
  q->bind(1, user).bind(2, user);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("unknown user '" + user + "'");
  }
  return std::pair{*d::parse_role(q->text(0)), q->int64(1) > 0};
}

}  // namespace

Status SqlStore::add_user(const UserRecord& user, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  CW_RETURN_IF_ERROR(insert_user(db_, user));
  CW_RETURN_IF_ERROR(append_journal(actor, "user.add", "user", user.name, nullptr,
                                    {{"name", user.name}, {"role", d::to_string(user.role)}}));
  return commit(*tx);
}

Status SqlStore::add_first_user(const UserRecord& user, const Actor& actor) {
  auto tx = Transaction::begin(db_);  // BEGIN IMMEDIATE: a second setup waits, then sees the first
  if (!tx.ok()) return tx.status();
  auto any = db_.prepare("SELECT 1 FROM users LIMIT 1");
  if (!any.ok()) return any.status();
  if (any->step()) return Status::Conflict("setup is done: a user exists already");
  CW_RETURN_IF_ERROR(any->status());
  CW_RETURN_IF_ERROR(insert_user(db_, user));
  CW_RETURN_IF_ERROR(append_journal(actor, "user.add", "user", user.name, nullptr,
                                    {{"name", user.name}, {"role", d::to_string(user.role)}}));
  return commit(*tx);
}

Status SqlStore::set_role(const std::string& user, d::Role role, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto now = role_and_other_admin(db_, user);
  if (!now.ok()) return now.status();
  const auto [before, other_admin] = now.value();
  if (before == role) return Status::Ok();
  if (before == d::Role::kAdmin && !other_admin)
    return Status::Conflict("'" + user +
                            "' is the only administrator; make someone else one first");
  auto up = db_.prepare("UPDATE users SET role = ? WHERE name = ?");
  if (!up.ok()) return up.status();
  CW_RETURN_IF_ERROR(up->bind(1, d::to_string(role)).bind(2, user).run());
  CW_RETURN_IF_ERROR(append_journal(actor, "user.set_role", "user", user,
                                    json{{"name", user}, {"role", d::to_string(before)}},
                                    json{{"name", user}, {"role", d::to_string(role)}}));
  return commit(*tx);
}

Status SqlStore::remove_user(const std::string& user, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto now = role_and_other_admin(db_, user);
  if (!now.ok()) return now.status();
  const auto [role, other_admin] = now.value();
  if (role == d::Role::kAdmin && !other_admin)
    return Status::Conflict("'" + user + "' is the only administrator and cannot be removed");
  auto del = db_.prepare("DELETE FROM users WHERE name = ?");
  if (!del.ok()) return del.status();
  CW_RETURN_IF_ERROR(del->bind(1, user).run());
  CW_RETURN_IF_ERROR(append_journal(actor, "user.remove", "user", user,
                                    json{{"name", user}, {"role", d::to_string(role)}}, nullptr));
  return commit(*tx);
}

Status SqlStore::set_password_hash(const std::string& user, const std::string& password_hash,
                                   const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto up = db_.prepare("UPDATE users SET password_hash = ? WHERE name = ?");
  if (!up.ok()) return up.status();
  CW_RETURN_IF_ERROR(up->bind(1, password_hash).bind(2, user).run());
  if (db_.changes() == 0) return Status::NotFound("unknown user '" + user + "'");
  auto end = db_.prepare("DELETE FROM sessions WHERE user_name = ?");
  if (!end.ok()) return end.status();
  CW_RETURN_IF_ERROR(end->bind(1, user).run());
  CW_RETURN_IF_ERROR(
      append_journal(actor, "user.set_password", "user", user, nullptr, json{{"name", user}}));
  return commit(*tx);
}

Result<std::vector<UserRecord>> SqlStore::users() {
  auto q = db_.prepare("SELECT name, role, password_hash, created_at FROM users ORDER BY name");
  if (!q.ok()) return q.status();
  std::vector<UserRecord> out;
  while (q->step())
    out.push_back({q->text(0), *d::parse_role(q->text(1)), q->text(2), q->int64(3)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Status SqlStore::add_token(const TokenRecord& token, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto user = db_.prepare("SELECT 1 FROM users WHERE name = ?");
  if (!user.ok()) return user.status();
  user->bind(1, token.user);
  if (!user->step()) {
    CW_RETURN_IF_ERROR(user->status());
    return Status::NotFound("unknown user '" + token.user + "' (see `crosswalk user list`)");
  }
  auto ins = db_.prepare(
      "INSERT INTO api_tokens (id, user_name, label, token_sha256, created_at, expires_at, scope) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, token.id).bind(2, token.user).bind(3, token.label).bind(4, token.token_sha256);
  ins->bind(5, token.created_at).bind(6, token.expires_at).bind(7, token.scope);
  CW_RETURN_IF_ERROR(ins->run());
  CW_RETURN_IF_ERROR(
      append_journal(actor, "token.create", "api_token", token.id, nullptr,
                     {{"id", token.id},
                      {"user", token.user},
                      {"label", token.label},
                      {"scope", token.scope},
                      {"expires_at", token.expires_at ? json(d::format_datetime(*token.expires_at))
                                                      : json(nullptr)}}));
  return commit(*tx);
}

Status SqlStore::revoke_token(const std::string& id, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto q = db_.prepare("SELECT user_name, label FROM api_tokens WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  if (!q->step()) {
    CW_RETURN_IF_ERROR(q->status());
    return Status::NotFound("unknown API token '" + id + "'");
  }
  const json before = {{"id", id}, {"user", q->text(0)}, {"label", q->text(1)}};
  auto del = db_.prepare("DELETE FROM api_tokens WHERE id = ?");
  if (!del.ok()) return del.status();
  del->bind(1, id);
  CW_RETURN_IF_ERROR(del->run());
  CW_RETURN_IF_ERROR(append_journal(actor, "token.revoke", "api_token", id, before, nullptr));
  return commit(*tx);
}

Result<std::vector<TokenRecord>> SqlStore::tokens() {
  auto q = db_.prepare(
      "SELECT id, user_name, label, token_sha256, scope, created_at, expires_at FROM api_tokens "
      "ORDER BY created_at, id");
  if (!q.ok()) return q.status();
  std::vector<TokenRecord> out;
  while (q->step())
    out.push_back({q->text(0), q->text(1), q->text(2), q->text(3), q->text(4), q->int64(5),
                   q->optional_int64(6)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::optional<std::pair<UserRecord, std::string>>> SqlStore::user_of_token(
    const std::string& token_sha256, d::Timestamp now) {
  using Found = std::optional<std::pair<UserRecord, std::string>>;
  auto q = db_.prepare(
      "SELECT u.name, u.role, u.password_hash, u.created_at, t.scope FROM api_tokens t JOIN users "
      "u "
      "ON "
      "u.name = t.user_name "
      "WHERE t.token_sha256 = ? AND (t.expires_at IS NULL OR t.expires_at > ?)");
  if (!q.ok()) return q.status();
  q->bind(1, token_sha256).bind(2, now);
  if (q->step())
    return Found(std::pair(
        UserRecord{q->text(0), *d::parse_role(q->text(1)), q->text(2), q->int64(3)}, q->text(4)));
  CW_RETURN_IF_ERROR(q->status());
  return Found();
}

}  // namespace crosswalk::store::sql
