#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

namespace d = crosswalk::domain;

Status SqlStore::add_session(const SessionRecord& s) {
  auto q = db_.prepare(
      "INSERT INTO sessions (id_sha256, user_name, csrf_token, created_at, expires_at) VALUES (?, "
      "?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  q->bind(1, s.id_sha256)
      .bind(2, s.user)
      .bind(3, s.csrf_token)
      .bind(4, s.created_at)
      .bind(5, s.expires_at);
  return q->run();
}

Result<std::optional<std::pair<SessionRecord, UserRecord>>> SqlStore::find_session(
    const std::string& id_sha256, d::Timestamp now) {
  auto q = db_.prepare(
      "SELECT s.id_sha256, s.user_name, s.csrf_token, s.created_at, s.expires_at, u.role, "
      "u.password_hash, "
      "u.created_at FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_sha256 = ? AND "
      "s.expires_at > ?");
  if (!q.ok()) return q.status();
  q->bind(1, id_sha256).bind(2, now);
  using Found = std::optional<std::pair<SessionRecord, UserRecord>>;
  if (q->step())
    return Found(
        std::pair{SessionRecord{q->text(0), q->text(1), q->text(2), q->int64(3), q->int64(4)},
                  UserRecord{q->text(1), *d::parse_role(q->text(5)), q->text(6), q->int64(7)}});
  CW_RETURN_IF_ERROR(q->status());
  return Found();
}

Status SqlStore::delete_session(const std::string& id_sha256) {
  auto q = db_.prepare("DELETE FROM sessions WHERE id_sha256 = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id_sha256);
  return q->run();
}

Status SqlStore::record_login_failure(const std::string& user, const std::string& remote,
                                      d::Timestamp at) {
  auto q = db_.prepare("INSERT INTO login_failures (user_name, remote, at) VALUES (?, ?, ?)");
  if (!q.ok()) return q.status();
  q->bind(1, user).bind(2, remote).bind(3, at);
  return q->run();
}

Result<std::pair<int, int>> SqlStore::login_failures_since(const std::string& user,
                                                           const std::string& remote,
                                                           d::Timestamp since) {
  auto q = db_.prepare(
      "SELECT (SELECT COUNT(*) FROM login_failures WHERE user_name = ? AND at >= ?), "
      "(SELECT COUNT(*) FROM login_failures WHERE remote = ? AND at >= ?)");
  if (!q.ok()) return q.status();
  q->bind(1, user).bind(2, since).bind(3, remote).bind(4, since);
  if (!q->step())
    return q->status().ok() ? Status::IoError("login_failures_since: no row") : q->status();
  return std::pair{static_cast<int>(q->int64(0)), static_cast<int>(q->int64(1))};
}

}  // namespace crosswalk::store::sql
